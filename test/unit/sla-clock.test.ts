// A ticket's SLA clock moved by hand: what falls due when, and what the desk does about
// it, on the Rome calendar with its weekends, holidays and waiting pauses.
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import {
  clockChange, clockNewTicket, dueAction, parseSlaConfig,
  type DeskSettings, type PageContext, type Ticket,
} from '../../src/index.js';
import * as transitions from '../../src/tickets/transitions.js';
import type { Change } from '../../src/tickets/transitions.js';
import { anna, makeDraft, mario } from '../support/factories.js';

const rome = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Rome' }).toMillis();
const shown = (ms: number | null | undefined) => (ms == null ? ms : DateTime.fromMillis(ms, { zone: 'Europe/Rome' }).toFormat("ccc yyyy-LL-dd HH:mm"));

const settings: DeskSettings = {
  departments: [{ id: 'it', prefix: 'IT' }],
  defaultLocale: 'en',
  faqAnswerThreshold: 0.5,
  faqSuggestThreshold: 0.25,
  sla: parseSlaConfig({}),
};
const sla = settings.sla!;

function open(at: string, priority: Ticket['priority'] = 'P3'): Ticket {
  const createdAt = rome(at);
  return { ...clockNewTicket(makeDraft({ priority, createdAt, updatedAt: createdAt }), settings), code: 'IT-1', seq: 1, version: 1 };
}

/** Applies a change as the store would: the clock moves with it, the version goes up. */
function apply(t: Ticket, change: Change): Ticket {
  return { ...clockChange(t, change, settings).next, version: t.version + 1 };
}

function sweepAt(t: Ticket, at: string, page?: PageContext): { ticket: Ticket; rules: string[] } {
  const now = rome(at);
  const rules: string[] = [];
  for (let action = dueAction(t, sla, now, page); action; action = dueAction(t, sla, now, page)) {
    rules.push(`${action.rule}${action.change.event.kind === 'paged' ? `:${action.change.event.data.to}` : ''}`);
    t = apply(t, action.change);
  }
  return { ticket: t, rules };
}

const actor = (who: typeof anna, at: string) => ({ who, channel: 'web', at: rome(at) });

describe('the SLA clock of a ticket', () => {
  it('counts a P3 opened late on Friday on business hours: the first response is due on Monday at noon', () => {
    const t = open('2026-12-04T17:00');
    expect(shown(t.sla!.firstResponseDue)).toBe('Mon 2026-12-07 12:00');
    // Three business days of resolution skip the weekend and Tuesday 8 December (Immacolata): Monday, Wednesday, Thursday.
    expect(shown(t.sla!.resolutionDue)).toBe('Thu 2026-12-10 17:00');
    expect(t.dueAt).toBe(t.sla!.firstResponseDue);
    expect(t.sla!.paging).toBeNull();
    // The reminder at 75 % of four business hours: three hours in, Monday at 11:00.
    expect(shown(t.sla!.nextAt)).toBe('Mon 2026-12-07 11:00');
  });

  it('does nothing over the weekend, reminds on Monday at 11:00 and escalates to L2 at noon', () => {
    const t = open('2026-12-04T17:00');
    expect(sweepAt(t, '2026-12-06T23:00').rules).toEqual([]);
    const reminded = sweepAt(t, '2026-12-07T11:00');
    expect(reminded.rules).toEqual(['firstResponse.remind']);
    const breached = sweepAt(reminded.ticket, '2026-12-07T12:00');
    expect(breached.rules).toEqual(['firstResponse.breach']);
    expect(breached.ticket).toMatchObject({ tier: 2, status: 'open', assignee: null });
    expect(breached.ticket.sla!.breached.firstResponse).toBe(rome('2026-12-07T12:00'));
    // Done once: the next sweep at the same moment finds nothing.
    expect(sweepAt(breached.ticket, '2026-12-07T12:00').rules).toEqual([]);
  });

  it('fires a breach without the stale reminder when the sweeper was away for both', () => {
    expect(sweepAt(open('2026-12-04T17:00'), '2026-12-07T15:00').rules).toEqual(['firstResponse.breach']);
  });

  it('a claim is the first response: no first-response rule fires after it', () => {
    let t = open('2026-12-07T09:00');
    t = apply(t, transitions.claim(t, actor(anna, '2026-12-07T09:30')));
    expect(t.sla!.respondedAt).toBe(rome('2026-12-07T09:30'));
    expect(t.sla!.firstResponseDue).toBeNull();
    expect(t.dueAt).toBe(t.sla!.resolutionDue);
    expect(sweepAt(t, '2026-12-07T17:00').rules).toEqual([]);
  });

  it('pages the on-call rota for a P1 on Saturday at 22:00: the first person at once, the next one and the lead after ten minutes', () => {
    let t = open('2026-12-05T22:00', 'P1');
    expect(t.sla!.paging).toEqual({ since: rome('2026-12-05T22:00'), step: 0, paged: [] });
    // Round the clock: fifteen minutes to a first response, whatever the calendar says.
    expect(shown(t.sla!.firstResponseDue)).toBe('Sat 2026-12-05 22:15');
    const page = { onDuty: ['slack:U1', 'web:marco'] };
    const first = sweepAt(t, '2026-12-05T22:00', page);
    expect(first.rules).toEqual(['page:slack:U1']);
    expect(sweepAt(first.ticket, '2026-12-05T22:09', page).rules).toEqual([]);
    const second = sweepAt(first.ticket, '2026-12-05T22:10', page);
    expect(second.rules).toEqual(['page:web:marco']);
    // The last person on the list and the lead have been paged: nobody else is left to page.
    expect(second.ticket.sla!.paging).toBeNull();
    expect(dueAction(first.ticket, sla, rome('2026-12-05T22:10'), page)!.change.event.data).toMatchObject({ step: 1, to: 'web:marco', leads: 1 });
    t = apply(second.ticket, transitions.claim(second.ticket, actor(anna, '2026-12-05T22:12')));
    expect(t.sla!.paging).toBeNull();
    expect(sweepAt(t, '2026-12-05T23:00', page).rules).toEqual([]);
  });

  it('pages the new level\'s rota when a breach passes the ticket on out of hours, and a page due with a breach goes first', () => {
    const t = open('2026-12-05T22:00', 'P1');
    const three = { onDuty: ['slack:U1', 'web:marco', 'web:lucia'] };
    let swept = sweepAt(t, '2026-12-05T22:00', three);
    swept = sweepAt(swept.ticket, '2026-12-05T22:10', three);
    // 22:15: the first response is missed; the ticket goes to L2 and paging starts again there.
    const breached = sweepAt(swept.ticket, '2026-12-05T22:15', { onDuty: ['web:second'] });
    expect(breached.rules).toEqual(['firstResponse.breach', 'page:web:second']);
    expect(breached.ticket.tier).toBe(2);
    const sameInstant = open('2026-12-05T22:00', 'P1');
    const tighter: DeskSettings = { ...settings, sla: parseSlaConfig({ policies: { P1: { page: { timeout: '15m' } } } }) };
    let u = { ...clockNewTicket(makeDraft({ priority: 'P1', createdAt: sameInstant.createdAt, updatedAt: sameInstant.createdAt }), tighter), code: 'IT-2', seq: 2, version: 1 };
    const first = dueAction(u, tighter.sla!, rome('2026-12-05T22:00'), three)!;
    u = { ...clockChange(u, first.change, tighter).next, version: 2 };
    expect(dueAction(u, tighter.sla!, rome('2026-12-05T22:15'), three)!.rule).toBe('page');
  });

  it('pages again when a night-time claim is given back, and follows a priority change either way', () => {
    let t = open('2026-12-05T22:00', 'P1');
    t = sweepAt(t, '2026-12-05T22:00', { onDuty: ['slack:U1'] }).ticket;
    t = apply(t, transitions.claim(t, actor(anna, '2026-12-05T22:02')));
    expect(t.sla!.paging).toBeNull();
    t = apply(t, transitions.unclaim(t, actor(anna, '2026-12-05T22:03')));
    expect(t.sla!.paging).toMatchObject({ since: rome('2026-12-05T22:03'), step: 0 });
    // Lowered to P4 at night: nobody is woken for it any more.
    const lowered = apply(t, transitions.setPriority(t, actor(anna, '2026-12-05T22:04'), 'P4', t.dueAt));
    expect(lowered.sla!.paging).toBeNull();
    expect(sweepAt(lowered, '2026-12-05T23:00', { onDuty: ['slack:U1'] }).rules).toEqual([]);
    // A P4 raised to P1 at night starts paging.
    const p4 = open('2026-12-05T22:00', 'P4');
    const raised = apply(p4, transitions.setPriority(p4, actor(anna, '2026-12-05T22:01'), 'P1', p4.dueAt));
    expect(sweepAt(raised, '2026-12-05T22:01', { onDuty: ['slack:U1'] }).rules).toEqual(['page:slack:U1']);
  });

  it('pages the first person not paged yet when the shift changes between two pages', () => {
    const t = open('2026-12-05T21:55', 'P1');
    const evening = sweepAt(t, '2026-12-05T21:55', { onDuty: ['web:evening1', 'web:evening2'] });
    const night = dueAction(evening.ticket, sla, rome('2026-12-05T22:05'), { onDuty: ['web:night1', 'web:night2'] })!;
    expect(night.change.event.data).toMatchObject({ to: 'web:night1', earlier: 'web:evening1', leads: 1 });
  });

  it('tells the lead at once when nobody is on call, and stops paging', () => {
    const t = open('2026-12-05T22:00', 'P1');
    const action = dueAction(t, sla, rome('2026-12-05T22:00'), { onDuty: [] })!;
    expect(action.change.event).toMatchObject({ kind: 'paged', data: { step: 0, to: null, leads: 1 } });
    expect(apply(t, action.change).sla!.paging).toBeNull();
  });

  it('does not page during business hours', () => {
    expect(open('2026-12-07T10:00', 'P1').sla!.paging).toBeNull();
  });

  it('stops the clock while it waits for the requester: a day of waiting moves the resolution by a business day', () => {
    let t = open('2026-12-09T10:00', 'P2');
    expect(shown(t.sla!.resolutionDue)).toBe('Thu 2026-12-10 10:00');
    t = apply(t, transitions.agentReply(t, actor(anna, '2026-12-09T10:30'), 'Which printer?', true));
    expect(t.status).toBe('waiting_user');
    t = apply(t, transitions.requesterMessage(t, actor(mario, '2026-12-10T10:30'), 'The one on floor 2'));
    expect(t.sla!.pauses).toEqual([{ from: rome('2026-12-09T10:30'), to: rome('2026-12-10T10:30') }]);
    expect(shown(t.sla!.resolutionDue)).toBe('Fri 2026-12-11 10:00');
  });

  it('reminds a silent requester once after two business days, then closes the ticket as unanswered after five', () => {
    let t = open('2026-12-09T10:00', 'P2');
    t = apply(t, transitions.agentReply(t, actor(anna, '2026-12-09T10:30'), 'Which printer?', true));
    expect(sweepAt(t, '2026-12-10T17:00').rules).toEqual([]);
    const reminded = sweepAt(t, '2026-12-11T10:30');
    expect(reminded.rules).toEqual(['waiting.remind']);
    expect(sweepAt(reminded.ticket, '2026-12-15T10:00').rules).toEqual([]);
    const closed = sweepAt(reminded.ticket, '2026-12-16T10:30');
    expect(closed.rules).toEqual(['waiting.close']);
    expect(closed.ticket.status).toBe('closed');
    expect(closed.ticket.sla!.nextAt).toBeNull();
  });

  it('closes a resolved ticket nobody confirms three business days later, and a reopening restarts the resolution target', () => {
    let t = open('2026-12-09T10:00', 'P2');
    t = apply(t, transitions.claim(t, actor(anna, '2026-12-09T10:05')));
    t = apply(t, transitions.resolve(t, actor(anna, '2026-12-09T11:00'), 'Toner replaced'));
    expect(sweepAt(t, '2026-12-14T10:59').rules).toEqual([]);
    expect(sweepAt(t, '2026-12-14T11:00').rules).toEqual(['resolved.close']);
    const reopened = apply(t, transitions.reopen(t, actor(mario, '2026-12-10T09:00'), 'Still streaky'));
    expect(reopened.sla!.resolutionFrom).toBe(rome('2026-12-10T09:00'));
    // Eight business hours from 09:00, the lunch hour left out.
    expect(shown(reopened.sla!.resolutionDue)).toBe('Thu 2026-12-10 18:00');
  });

  it('counts the wait before a resolved ticket closes from the requester\'s last word', () => {
    let t = open('2026-12-09T10:00', 'P2');
    t = apply(t, transitions.claim(t, actor(anna, '2026-12-09T10:05')));
    t = apply(t, transitions.resolve(t, actor(anna, '2026-12-09T11:00'), 'Toner replaced'));
    t = apply(t, transitions.requesterMessage(t, actor(mario, '2026-12-14T10:00'), 'I will test it tomorrow, please keep it open'));
    expect(sweepAt(t, '2026-12-14T11:00').rules).toEqual([]);
    expect(sweepAt(t, '2026-12-17T10:00').rules).toEqual(['resolved.close']);
  });

  it('at L3 a breach marks the ticket and keeps it where it is (the lead is told by the sweeper)', () => {
    let t = open('2026-12-07T09:00', 'P2');
    t = { ...t, tier: 3 };
    const breached = sweepAt(t, '2026-12-07T10:00');
    expect(breached.rules).toEqual(['firstResponse.breach']);
    expect(breached.ticket.tier).toBe(3);
    expect(breached.ticket.sla!.breached.firstResponse).toBeDefined();
  });

  it('crosses the October DST night without losing or adding an hour on a 24x7 target', () => {
    const t = open('2026-10-25T01:30', 'P1');
    // 01:30 CEST + 4 h of real time is 04:30 CET: the clocks went back at 03:00.
    expect(t.sla!.resolutionDue! - rome('2026-10-25T01:30')).toBe(4 * 3600_000);
    expect(shown(t.sla!.resolutionDue)).toBe('Sun 2026-10-25 04:30');
  });
});

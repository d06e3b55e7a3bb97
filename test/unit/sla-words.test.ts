// The SLA in words, read at an injected moment: what a priority promises under its
// department's policy, where a ticket stands (due, soon, breached, paused), and when a
// requester can expect a first answer, in both languages, on the Rome office calendar.
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { parseSlaConfig } from '../../src/sla/sla-config-schema.js';
import { expectedResponse, slaWords, type SlaReading } from '../../src/sla/sla-words.js';
import { advanceClock, startClock } from '../../src/sla/ticket-clock.js';
import { priorityLabel } from '../../src/tickets/ticket-words.js';
import { ticketLine, ticketView } from '../../src/replies.js';
import type { Priority, Ticket, TicketStatus } from '../../src/tickets/ticket.js';
import { anna, makeDraft } from '../support/factories.js';

const sla = parseSlaConfig({});
const rome = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Rome' }).toMillis();
const at = (iso: string): SlaReading => ({ sla, now: rome(iso) });

/** A ticket opened at `iso`, its clock started as the desk starts it. */
function opened(iso: string, priority: Priority = 'P3', settings = sla): Ticket {
  const draft = makeDraft({ priority, createdAt: rome(iso), updatedAt: rome(iso) });
  const clock = startClock(draft, settings, draft.createdAt);
  return { ...draft, sla: clock, dueAt: clock.firstResponseDue!, code: 'IT-7', seq: 7, version: 1 };
}

/** The ticket after a change at `iso` (a claim answers it; waiting_user stops the clock). */
function changed(tk: Ticket, iso: string, status: TicketStatus, kind: 'claimed' | 'message' = 'message'): Ticket {
  const next = { ...tk, status, assignee: status === 'open' ? null : anna };
  const clock = advanceClock(tk, next, { kind, at: rome(iso), actor: anna }, sla);
  return { ...next, sla: clock, dueAt: clock.firstResponseDue ?? clock.resolutionDue ?? tk.dueAt, updatedAt: rome(iso), version: tk.version + 1 };
}

describe('what a priority promises', () => {
  it('reads the first-response target of the policy, on business hours or day and night', () => {
    expect(priorityLabel('en', 'P3')).toBe('P3 – normal, first response within 4 business hours');
    expect(priorityLabel('it', 'P3')).toBe('P3 – normale, prima risposta entro 4 ore lavorative');
    expect(priorityLabel('en', 'P2')).toBe('P2 – high, first response within 1 business hour');
    expect(priorityLabel('it', 'P2')).toBe('P2 – alta, prima risposta entro 1 ora lavorativa');
    expect(priorityLabel('en', 'P1')).toBe('P1 – critical, first response within 15 min, day and night');
    expect(priorityLabel('it', 'P1')).toBe('P1 – critica, prima risposta entro 15 min, 24 ore su 24');
    expect(priorityLabel('en', 'P4')).toBe('P4 – low, first response within 1 business day');
    expect(priorityLabel('it', 'P4')).toBe('P4 – bassa, prima risposta entro 1 giorno lavorativo');
  });

  it("follows the department's own calendar and policy", () => {
    const desk = parseSlaConfig({
      calendars: { always: { hours: '24x7' } },
      departments: { it: { calendar: 'always' }, hr: { policies: { P2: { firstResponse: '30m' }, P4: { firstResponse: '2bd' } } } },
    });
    expect(priorityLabel('en', 'P3', { sla: desk, department: 'it' })).toBe('P3 – normal, first response within 4 h, day and night');
    expect(priorityLabel('en', 'P2', { sla: desk, department: 'hr' })).toBe('P2 – high, first response within 30 min of business hours');
    expect(priorityLabel('it', 'P2', { sla: desk, department: 'hr' })).toBe('P2 – alta, prima risposta entro 30 min in orario di lavoro');
    expect(priorityLabel('it', 'P4', { sla: desk, department: 'hr' })).toBe('P4 – bassa, prima risposta entro 2 giorni lavorativi');
    expect(priorityLabel('en', 'P3', { sla: desk, department: 'finance' })).toBe('P3 – normal, first response within 4 business hours');
  });
});

describe('where a ticket stands against its target', () => {
  // Monday 30 November 2026, 10:00 in Rome: 4 business hours run to 15:00 (lunch is 13-14).
  const tk = opened('2026-11-30T10:00');

  it('says the first response is due, in how long, while it is on time', () => {
    expect(slaWords('en', tk, at('2026-11-30T11:00'))).toMatchObject({ state: 'ok', target: 'firstResponse', dueAt: rome('2026-11-30T15:00'), label: 'first response due in 4 h', lead: 'first response due' });
    expect(slaWords('it', tk, at('2026-11-30T14:20'))?.label).toBe('⏰ prima risposta: scade tra 40 min');
  });

  it('marks it soon once the reminder share has passed, and breached after', () => {
    // The reminder falls at 75 %: three business hours in, 13:00.
    expect(slaWords('en', tk, at('2026-11-30T12:59'))?.state).toBe('ok');
    expect(slaWords('en', tk, at('2026-11-30T13:00'))?.state).toBe('soon');
    expect(slaWords('en', tk, at('2026-11-30T14:20'))).toMatchObject({ state: 'soon', label: '⏰ first response due in 40 min' });
    expect(slaWords('en', tk, at('2026-11-30T15:12'))).toMatchObject({ state: 'breached', label: '⚠️ first response breached 12 min ago', lead: '⚠️ first response breached' });
    expect(slaWords('it', tk, at('2026-11-30T15:12'))?.label).toBe('⚠️ prima risposta: scaduta 12 min fa');
  });

  it('races the resolution once an agent answered', () => {
    const claimed = changed(tk, '2026-11-30T10:30', 'in_progress', 'claimed');
    // Three business days from Monday 10:00: Thursday 10:00.
    expect(slaWords('en', claimed, at('2026-11-30T11:00'))).toMatchObject({ state: 'ok', target: 'resolution', dueAt: rome('2026-12-03T10:00'), label: 'resolution due in 3 days' });
    expect(slaWords('it', claimed, at('2026-12-03T12:00'))?.label).toBe('⚠️ risoluzione: scaduta 2 h fa');
  });

  it('says the clock is paused while the ticket waits for the requester, as each reader reads it', () => {
    const waiting = changed(changed(tk, '2026-11-30T10:30', 'in_progress', 'claimed'), '2026-11-30T11:00', 'waiting_user');
    // Paused: even days later nothing is breached.
    const later = at('2026-12-10T11:00');
    expect(slaWords('en', waiting, later)).toMatchObject({ state: 'paused', label: 'paused: waiting for the requester' });
    expect(slaWords('it', waiting, later, 'staff')?.label).toBe('in pausa: si attende il richiedente');
    expect(slaWords('en', waiting, later, 'requester')?.label).toBe('paused: waiting for your answer');
    expect(slaWords('it', waiting, later, 'requester')?.label).toBe('in pausa: si attende una tua risposta');
  });

  it('says nothing once nothing is owed', () => {
    expect(slaWords('en', { ...tk, status: 'resolved' }, at('2026-11-30T11:00'))).toBeNull();
    const { sla: _none, ...older } = tk;
    expect(slaWords('en', older, at('2026-11-30T11:00'))).toBeNull();
  });

  it('puts the words on the view every card draws, and on the ticket line', () => {
    const view = ticketView('en', tk, at('2026-11-30T15:12'), 'staff');
    expect(view).toMatchObject({ slaState: 'breached', slaLabel: '⚠️ first response breached 12 min ago', slaLead: '⚠️ first response breached', dueAt: rome('2026-11-30T15:00') });
    expect(view.priorityLabel).toBe('P3 – normal, first response within 4 business hours');
    expect(ticketLine('it', tk, at('2026-11-30T11:00'), 'staff')).toBe('IT-7 · aperto · P3 – normale, prima risposta entro 4 ore lavorative · IT L1 · prima risposta: scade tra 4 h — La stampante non stampa');
    expect(ticketView('en', { ...tk, status: 'closed' }, at('2026-11-30T11:00')).slaLabel).toBeUndefined();
  });
});

describe('when a requester can expect a first response', () => {
  it('says "within" while the desk is open and the target runs straight through', () => {
    const tk = opened('2026-11-30T10:00', 'P2');
    expect(expectedResponse('en', tk, at('2026-11-30T10:00'))).toBe('You can expect a first response within 1 h.');
    expect(expectedResponse('it', tk, at('2026-11-30T10:00'))).toBe('Puoi aspettarti una prima risposta entro 1 h.');
  });

  it('gives the moment when the target runs past closing time, skipping a holiday', () => {
    // Monday 7 December, 17:30: half an hour today, then Tuesday 8 is the Immacolata.
    const tk = opened('2026-12-07T17:30', 'P2');
    expect(expectedResponse('en', tk, at('2026-12-07T17:30'))).toBe('You can expect a first response by Wednesday at 09:30 CET.');
    const lunch = opened('2026-11-30T12:30', 'P2');
    expect(expectedResponse('it', lunch, at('2026-11-30T12:30'))).toBe('Puoi aspettarti una prima risposta entro oggi alle 14:30 CET.');
  });

  it('says the desk is closed for a ticket opened on Saturday night, and when it will answer', () => {
    const tk = opened('2026-12-05T22:00', 'P3');
    expect(tk.sla!.firstResponseDue).toBe(rome('2026-12-07T13:00'));
    expect(expectedResponse('en', tk, at('2026-12-05T22:00'))).toBe('You can expect a first response by Monday at 13:00 CET (the desk is closed now).');
    expect(expectedResponse('it', tk, at('2026-12-05T22:00'))).toBe('Puoi aspettarti una prima risposta entro lunedì alle 13:00 CET (ora lo sportello è chiuso).');
    const sunday = opened('2026-12-06T20:00', 'P2');
    expect(expectedResponse('en', sunday, at('2026-12-06T20:00'))).toBe('You can expect a first response by tomorrow at 10:00 CET (the desk is closed now).');
  });

  it('promises a P1 around the clock even when the desk is closed', () => {
    const tk = opened('2026-12-05T22:00', 'P1');
    expect(expectedResponse('en', tk, at('2026-12-05T22:00'))).toBe('You can expect a first response within 15 min.');
    expect(expectedResponse('it', tk, at('2026-12-05T22:00'))).toBe('Puoi aspettarti una prima risposta entro 15 min.');
  });
});

// The console's queue and ticket page say where each ticket stands against its SLA
// target, a breach named in a badge and in words (never by colour alone), read at the
// page's moment against the desk's own policies.
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { queueRegionHtml } from '../../adapters/web-console/queue-page.js';
import { ticketLiveHtml } from '../../adapters/web-console/ticket-page.js';
import { parseSlaConfig } from '../../src/sla/sla-config-schema.js';
import { advanceClock, startClock } from '../../src/sla/ticket-clock.js';
import type { Agent, Ticket } from '../../src/index.js';
import { anna as annaRef, makeDraft } from '../support/factories.js';

const rome = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Rome' }).toMillis();
const agent: Agent = { platform: 'web', userId: 'anna', name: 'Anna', departments: ['it'], tier: 1, role: 'agent' };
const sla = parseSlaConfig({ calendars: { always: { hours: '24x7' } }, departments: { hr: { calendar: 'always' } } });

function opened(code: string, iso: string, department = 'it'): Ticket {
  const draft = makeDraft({ department, priority: 'P3', title: `ticket ${code}`, createdAt: rome(iso), updatedAt: rome(iso) });
  const clock = startClock(draft, sla, draft.createdAt);
  return { ...draft, sla: clock, dueAt: clock.firstResponseDue!, code, seq: 1, version: 1 };
}

const now = rome('2026-11-30T16:00');
const breached = opened('IT-1', '2026-11-30T09:00'); // due 13:00
const onTime = opened('IT-2', '2026-11-30T15:30'); // due 10:30 tomorrow
const waitingBase = opened('IT-3', '2026-11-30T09:00');
const waiting: Ticket = { ...waitingBase, status: 'waiting_user', assignee: annaRef, sla: advanceClock(waitingBase, { ...waitingBase, status: 'waiting_user', assignee: annaRef }, { kind: 'reply', at: rome('2026-11-30T10:00'), actor: annaRef }, sla) };
const roundTheClock = opened('HR-1', '2026-11-30T15:30', 'hr');

const queue = (locale: 'en' | 'it') =>
  queueRegionHtml({
    agent, locale, now, sla, departments: ['it', 'hr'],
    filters: { department: '', tier: null, status: 'active', who: 'any', page: 1 },
    page: { items: [breached, onTime, waiting, roundTheClock], total: 4 },
  });
const row = (html: string, code: string) => html.slice(html.indexOf(`data-code="${code}"`), html.indexOf('</tr>', html.indexOf(`data-code="${code}"`)));

describe('the console and the SLA', () => {
  it('names a breach in the queue with a badge and words, and marks the row', () => {
    const en = queue('en');
    expect(row(en, 'IT-1')).toContain('sla-breached');
    expect(row(en, 'IT-1')).toContain('<span class="badge">breached</span>⚠️ first response breached 3 h ago');
    expect(row(queue('it'), 'IT-1')).toContain('<span class="badge">scaduto</span>⚠️ prima risposta: scaduta 3 h fa');
  });

  it('says how long is left on time, and that the clock waits with the requester', () => {
    expect(row(queue('en'), 'IT-2')).toContain('first response due in 18 h 30 min');
    expect(row(queue('en'), 'IT-2')).not.toContain('badge');
    expect(row(queue('it'), 'IT-3')).toContain('>in pausa: si attende il richiedente</span>');
  });

  it('shows the ticket page with the department\'s own promise and where the ticket stands', () => {
    const page = (tk: Ticket) => ticketLiveHtml({ agent, locale: 'en', ticket: tk, events: [], departments: ['it', 'hr'], csrf: 'x', now, sla });
    expect(page(breached)).toContain('P3 – normal, first response within 4 business hours');
    expect(page(breached)).toMatch(/<span class="badge">breached<\/span>⚠️ first response breached 3 h ago · <time datetime="2026-11-30T12:00:00.000Z">/);
    expect(page(roundTheClock)).toContain('P3 – normal, first response within 4 h, day and night');
    expect(page(roundTheClock)).toContain('first response due in 3 h 30 min');
  });
});

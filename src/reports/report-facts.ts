// What the reports need of a ticket that only the desk can work out: times in
// business time (they need the department's calendar, which the stores do not
// have) and what the history says (how often it was reopened). Kept on the ticket
// and moved forward by every change, in the same write, so the store can roll
// the figures up from the ticket alone.
import { DateTime } from 'luxon';
import type { SlaSettings } from '../sla/sla-config-schema.js';
import { elapsedBusinessTime } from '../sla/pauses.js';
import type { EventDraft, NewTicket, Ticket } from '../tickets/ticket.js';

export interface TicketReportFacts {
  /** Open time from the opening to the desk's first answer, less the waits for the requester; absent while none came. */
  firstResponseMs?: number;
  /** Whether that answer came within the first-response target. */
  firstResponseMet?: boolean;
  /** Open time from the opening to the resolution that stood (the latest), less the waits; absent until one. */
  resolutionMs?: number;
  resolutionMet?: boolean;
  /** Times the requester reopened it. */
  reopens: number;
  /** When it was opened in its department's zone: 0–23, and 1 (Monday) to 7 (Sunday). */
  openedHour: number;
  openedWeekday: number;
}

export function openingFacts(t: Pick<NewTicket, 'department' | 'createdAt'>, sla: SlaSettings): TicketReportFacts {
  const local = DateTime.fromMillis(t.createdAt, { zone: sla.calendarFor(t.department).zone });
  return { reopens: 0, openedHour: local.hour, openedWeekday: local.weekday };
}

/** Closing without a resolution (a requester solving it, a cancellation) ends the ticket too: its time is the time to that end. */
const ENDS = new Set<EventDraft['kind']>(['resolved', 'self_solved']);

/** The facts after a change: `next` already carries its advanced SLA clock. */
export function factsAfter(before: Ticket, next: Ticket, event: Pick<EventDraft, 'kind' | 'at'>, sla: SlaSettings): TicketReportFacts {
  let facts = before.report ?? openingFacts(before, sla);
  const clock = next.sla;
  const cal = sla.calendarFor(next.department);
  if (clock && facts.firstResponseMs === undefined && clock.respondedAt !== null) {
    const due = before.sla?.firstResponseDue ?? null;
    facts = {
      ...facts,
      firstResponseMs: elapsedBusinessTime(cal, clock.startedAt, clock.pauses, clock.respondedAt),
      firstResponseMet: clock.breached.firstResponse === undefined && (due === null || clock.respondedAt <= due),
    };
  }
  if (event.kind === 'reopened') facts = { ...facts, reopens: facts.reopens + 1 };
  if (clock && ENDS.has(event.kind)) {
    const due = before.sla?.resolutionDue ?? null;
    facts = {
      ...facts,
      resolutionMs: elapsedBusinessTime(cal, clock.startedAt, clock.pauses, event.at),
      resolutionMet: clock.breached.resolution === undefined && (due === null || event.at <= due),
    };
  }
  return facts;
}

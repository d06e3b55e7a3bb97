// What only agents may read in a ticket's history: their notes to each other and
// the reasons they give one another when passing a ticket on. Requesters never
// see these, on any channel; agents see them marked.
import type { EventKind, TicketEvent } from './ticket.js';

// The desk's own reminders, breaches and pages are the staff's business too.
const INTERNAL_KINDS: ReadonlySet<EventKind> = new Set(['note', 'escalated', 'sla_reminder', 'sla_breached', 'paged', 'sla_clock_set', 'faq_drafted', 'pseudonymised']);

export function isInternal(event: Pick<TicketEvent, 'kind'>): boolean {
  return INTERNAL_KINDS.has(event.kind);
}

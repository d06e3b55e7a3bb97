// Retention: a ticket closed long enough ago keeps its figures and loses its
// requester. Each requester gets one pseudonym per run (their old tickets still
// group together in reports), made fresh: nothing links it to who they were.
import type { PersonRef, Ticket, TicketEvent } from '../tickets/ticket.js';
import { createPersonScrubber, type PersonScrubber } from './scrub-person.js';
import { PSEUDONYM_PREFIX } from './pseudonym.js';
import { ownTexts, scrubEvent, scrubTicket } from './scrub-ticket.js';

/** Already done: pseudonymised by an earlier run, or its requester erased. */
export function isRetired(ticket: Ticket): boolean {
  return ticket.pseudonymisedAt !== undefined || ticket.requester.userId.startsWith(PSEUDONYM_PREFIX);
}

export interface RetiredTicket<E> {
  ticket: Ticket;
  events: E[];
  /** The requester's own texts as they were: the keys of embeddings to forget. */
  texts: string[];
}

export function retireTicket<E extends Pick<TicketEvent, 'actor' | 'text' | 'data'>>(
  ticket: Ticket,
  events: readonly E[],
  pseudonymFor: (requester: PersonRef) => string,
  at: number,
): RetiredTicket<E> {
  const s: PersonScrubber = createPersonScrubber(ticket.requester, [ticket.requester.name], pseudonymFor(ticket.requester));
  return {
    ticket: { ...scrubTicket(ticket, s), pseudonymisedAt: at },
    events: events.map((e) => scrubEvent(e, s)),
    texts: ownTexts(ticket, events, s),
  };
}

// What erasing a person, or retiring an old ticket's personal data, does to a
// ticket and its transcript. Their own words go (ERASED_TEXT); everyone else's
// stay with mentions of them replaced; every figure a report reads (department,
// priority, status, times, the rating's score) stays as it was.
import type { EventDraft, Ticket, TicketEvent } from '../tickets/ticket.js';
import { ERASED_TEXT, type PersonScrubber } from './scrub-person.js';

/** Who signs the transcript line that says a ticket's personal data was pseudonymised. */
export const PRIVACY_ACTOR = { platform: 'system', userId: 'privacy', name: 'Sportello' } as const;

export function scrubTicket(ticket: Ticket, s: PersonScrubber): Ticket {
  const theirs = s.isPerson(ticket.requester);
  const next = s.value(ticket);
  // The files they sent leave the ticket (the store drops the bytes no ticket lists any more).
  if (ticket.files) {
    const files = next.files!.filter((_, i) => !s.isPerson(ticket.files![i]!.by));
    if (files.length > 0) next.files = files;
    else delete next.files;
  }
  if (!theirs) return next;
  next.title = ERASED_TEXT;
  next.description = ERASED_TEXT;
  if (next.rating) next.rating = { score: next.rating.score, at: next.rating.at };
  return next;
}

export function scrubEvent<E extends Pick<TicketEvent, 'actor' | 'text' | 'data'>>(event: E, s: PersonScrubber): E {
  const theirs = s.isPerson(event.actor);
  const next = s.value(event);
  if (theirs && event.text !== null) next.text = ERASED_TEXT;
  return next;
}

/** The transcript line a pseudonymised ticket gets: its version moves on, so no one writes back a copy read before. */
export function pseudonymisedEvent(at: number): EventDraft {
  return { at, kind: 'pseudonymised', actor: { ...PRIVACY_ACTOR }, channel: 'system', text: null, data: {} };
}

/** The texts a person wrote on a ticket (their request, their messages): the keys their embeddings were stored under. */
export function ownTexts(ticket: Ticket, events: readonly Pick<TicketEvent, 'actor' | 'text'>[], s: PersonScrubber): string[] {
  const texts = s.isPerson(ticket.requester) ? [ticket.title, ticket.description, ticket.rating?.comment ?? ''] : [];
  for (const e of events) if (s.isPerson(e.actor) && e.text) texts.push(e.text);
  return texts.filter((t) => t.length > 0);
}

/** Every name a stored value gives the person (requester, assignee, actor…), for finding mentions of them. */
export function namesIn(value: unknown, s: PersonScrubber, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) for (const v of value) namesIn(v, s, into);
  else if (typeof value === 'object' && value !== null) {
    if (s.isPerson(value)) {
      const name = (value as { name?: unknown }).name;
      if (typeof name === 'string' && name && name !== s.pseudonym) into.add(name);
    }
    for (const v of Object.values(value)) namesIn(v, s, into);
  }
  return into;
}

// A person's files under the GDPR. Theirs are the files they sent (on any
// ticket, internal notes' included) and, on tickets they asked, the files they
// may open (everything but internal notes' files). An erase takes the files
// they sent off every ticket, and the store drops the bytes no ticket lists any
// more; others' files on their tickets stay, their sender pseudonymised like
// everything else. Retention does the same for the requester of an old ticket.
import type { Ticket } from '../tickets/ticket.js';
import type { PersonScrubber } from './scrub-person.js';

/** One of their files as an export lists it: where it is, and whether they sent it. */
export interface PersonFile {
  ticket: string;
  id: string;
  name: string;
  mime: string;
  size: number;
  at: number;
  sentByThem: boolean;
  internal?: true;
}

export function filesOfPerson(tickets: readonly Ticket[], s: Pick<PersonScrubber, 'isPerson'>): PersonFile[] {
  const out: PersonFile[] = [];
  for (const t of tickets) {
    const asked = s.isPerson(t.requester);
    for (const f of t.files ?? []) {
      const sent = s.isPerson(f.by);
      if (!sent && !(asked && !f.internal)) continue;
      out.push({ ticket: t.code, id: f.id, name: f.name, mime: f.mime, size: f.size, at: f.at, sentByThem: sent, ...(f.internal ? { internal: true as const } : {}) });
    }
  }
  return out;
}

/** Files (by id) the ticket listed before and lists no more: whose listing goes, and whose bytes may. */
export function filesTakenOff(before: Pick<Ticket, 'files'>, after: Pick<Ticket, 'files'>): { ids: string[]; entries: number } {
  const still = new Set((after.files ?? []).map((f) => f.id));
  const ids = [...new Set((before.files ?? []).map((f) => f.id))].filter((id) => !still.has(id));
  return { ids, entries: (before.files?.length ?? 0) - (after.files?.length ?? 0) };
}

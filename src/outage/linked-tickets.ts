// Which tickets of an outage still wait on it, and how far the desk goes through them.
import type { TicketStore } from '../ports/ticket-store.js';
import type { Ticket, TicketStatus } from '../tickets/ticket.js';

/** An outage this big is told and resolved for its first linked tickets by code; the rest are resolved by hand. */
export const MAX_LINKED = 500;

/** Being worked on (not resolved, closed or cancelled): a parent that may take links, a child still waiting on it. */
const WORKED_ON: ReadonlySet<TicketStatus> = new Set(['open', 'in_progress', 'waiting_user']);

export function isWorkedOn(tk: Pick<Ticket, 'status'>): boolean {
  return WORKED_ON.has(tk.status);
}

/**
 * Every ticket below `root`, level by level, at most `limit`. Links are one level
 * deep by rule, but two agents linking at the same moment may each pass the check
 * the other's link would fail (linkTickets undoes that at once, yet a crash between
 * the two writes would leave it): whoever waits under a ticket under the outage is
 * still reached. `expand` says which tickets may be looked under (all by default);
 * a level costs one query, and a level with none to look under costs nothing.
 */
export async function linkedBelow(
  store: Pick<TicketStore, 'linkedTo'>,
  root: string,
  limit: number,
  expand: (code: string) => boolean = () => true,
): Promise<Ticket[]> {
  const seen = new Set([root]);
  const below: Ticket[] = [];
  let level = [root];
  while (level.length > 0 && below.length < limit) {
    // A ticket seen already (a loop made by crossed links) is not looked under twice.
    const found = (await store.linkedTo(level, limit - below.length)).filter((tk) => !seen.has(tk.code));
    for (const tk of found) seen.add(tk.code);
    below.push(...found);
    level = found.map((tk) => tk.code).filter(expand);
  }
  return below;
}

// One person's tickets across their identities (people/selves.ts): each
// identity's newest, merged newest first, each ticket once, at most `limit`.
import type { LinkedIdentity } from '../ports/address-book.js';
import type { TicketStore } from '../ports/ticket-store.js';
import type { Ticket, TicketStatus } from '../tickets/ticket.js';

export async function ticketsOfRequesters(
  store: Pick<TicketStore, 'byRequester'>,
  selves: readonly LinkedIdentity[],
  query: { statuses?: readonly TicketStatus[]; limit: number },
): Promise<Ticket[]> {
  const lists = await Promise.all(selves.map((who) => store.byRequester(who.platform, who.userId, query)));
  if (lists.length === 1) return lists[0]!;
  const seen = new Set<string>();
  // Each list is newest first already; a stable sort keeps that order among tickets opened at the same moment.
  return lists
    .flat()
    .sort((a, b) => b.createdAt - a.createdAt)
    .filter((tk) => !seen.has(tk.code) && !!seen.add(tk.code))
    .slice(0, query.limit);
}

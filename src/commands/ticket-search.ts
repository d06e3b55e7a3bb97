// Tickets for a search box (Teams' search message extension): "unassigned",
// the open queue an agent works, and "mine", what an agent holds and their own
// tickets, or a requester's own. Each found ticket is the reply its list shows
// (a queue line with its Claim button, a list line), narrowed by what was typed.
import type { Turn } from '../turn.js';
import { requireAgent } from '../tickets/permissions.js';
import { ACTIVE_STATUSES, type Ticket } from '../tickets/ticket.js';
import type { Reply } from '../replies.js';
import { agentDepartments, heldItem, heldTickets } from './agent-home.js';
import { listItem, queueItem } from './ticket-pages.js';
import { knowSelves } from '../people/selves.js';
import { ticketsOfRequesters } from './tickets-of-requesters.js';

export type TicketSearch = 'unassigned' | 'mine';
export const TICKET_SEARCHES: readonly TicketSearch[] = ['unassigned', 'mine'];

/** Teams lists 25 results at most. */
const FOUND_MAX = 25;
const SCAN = 100;

const matches = (tk: Ticket, needle: string) => !needle || tk.code.toLowerCase().includes(needle) || tk.title.toLowerCase().includes(needle);

export async function searchTickets(turn: Turn, which: TicketSearch, typed: string): Promise<Reply[]> {
  const needle = typed.trim().toLowerCase();
  if (which === 'unassigned') {
    const agent = requireAgent(turn.agent, 'queue');
    const departments = agentDepartments(turn).map((d) => d.id);
    if (departments.length === 0) return [];
    const page = await turn.deps.store.queue({ departments, tier: agent.tier, statuses: ['open'], limit: SCAN });
    return page.items.filter((tk) => matches(tk, needle)).slice(0, FOUND_MAX).map((tk) => queueItem(turn, tk));
  }
  const held = (await heldTickets(turn, SCAN)).filter((tk) => matches(tk, needle));
  const own = (await ticketsOfRequesters(turn.deps.store, await knowSelves(turn), { statuses: ACTIVE_STATUSES, limit: SCAN })).filter(
    (tk) => matches(tk, needle) && !held.some((h) => h.code === tk.code),
  );
  return [...held.map((tk) => heldItem(turn, tk)), ...own.map((tk) => listItem(turn, tk))].slice(0, FOUND_MAX);
}

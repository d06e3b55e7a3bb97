// Which tickets of an outage still wait on it, and how far the desk goes through them.
import type { Ticket, TicketStatus } from '../tickets/ticket.js';

/** An outage this big is told and resolved for its first linked tickets by code; the rest are resolved by hand. */
export const MAX_LINKED = 500;

/** Being worked on (not resolved, closed or cancelled): a parent that may take links, a child still waiting on it. */
const WORKED_ON: ReadonlySet<TicketStatus> = new Set(['open', 'in_progress', 'waiting_user']);

export function isWorkedOn(tk: Pick<Ticket, 'status'>): boolean {
  return WORKED_ON.has(tk.status);
}

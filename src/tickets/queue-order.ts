import type { Ticket } from './ticket.js';

/** Queue order: priority first, then the SLA deadline, then age; the code breaks ties. */
export function compareForQueue(a: Ticket, b: Ticket): number {
  return (
    a.priority.localeCompare(b.priority) ||
    a.dueAt - b.dueAt ||
    a.createdAt - b.createdAt ||
    a.code.localeCompare(b.code)
  );
}

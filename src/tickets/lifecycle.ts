// The ticket state machine: which status may follow which. Every change in
// transitions.ts goes through `moveTo`, so an illegal move is refused in one place.
import { HelpDeskError } from '../errors.js';
import type { Ticket, TicketStatus } from './ticket.js';

export const TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  open: ['in_progress', 'resolved', 'closed', 'cancelled'],
  in_progress: ['open', 'waiting_user', 'resolved', 'cancelled'],
  // closed: the requester never answered (the SLA policy's waitingUser.closeAfter).
  waiting_user: ['open', 'in_progress', 'resolved', 'closed', 'cancelled'],
  resolved: ['closed', 'open'],
  closed: [],
  cancelled: [],
};

export function canMove(from: TicketStatus, to: TicketStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The ticket with its new status, or a readable refusal naming both states. */
export function moveTo(ticket: Ticket, to: TicketStatus): Ticket {
  if (ticket.status === to) return ticket;
  if (!canMove(ticket.status, to)) {
    throw new HelpDeskError('TICKET.ILLEGAL_TRANSITION', { code: ticket.code, from: ticket.status, to });
  }
  return { ...ticket, status: to };
}

export function isFinished(status: TicketStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

import type { Outbound, TicketChange } from '../replies.js';

/** Delivers messages the desk starts itself, routed by each recipient's platform. */
export interface Notifier {
  deliver(outbound: Outbound): Promise<void>;
  /** Told of every ticket change after its messages went out (cards kept in place). */
  ticketChanged?(change: TicketChange): Promise<void>;
}

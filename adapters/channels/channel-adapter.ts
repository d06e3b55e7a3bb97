// The contract every chat platform adapter meets. Powers some platforms lack
// (threads, edits in place) stay inside the adapter that has them.
import type { FastifyInstance } from 'fastify';
import type { Outbound, TicketChange } from '../../src/index.js';

export interface ChannelAdapter {
  /** The `platform` of the participants it serves: web, slack, teams, discord. */
  readonly name: string;
  /** Mounts its routes on the one HTTP server. */
  register(app: FastifyInstance): Promise<void> | void;
  /** Delivers a message the desk starts (a person on this platform, or a team). */
  deliver(outbound: Outbound): Promise<void>;
  /** Keeps a card of the ticket true, where the platform has one (a triage channel message). */
  ticketChanged?(change: TicketChange): Promise<void>;
  stop?(): Promise<void>;
}

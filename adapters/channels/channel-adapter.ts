// The contract every chat platform adapter meets. Inbound, an adapter turns
// platform payloads into the desk's events and renders the replies it gets back;
// outbound, it says what delivering one committed change takes on its platform,
// as steps the change relay runs, retries and records. Powers some platforms
// lack (cards, threads, edits in place) stay inside the adapter that has them.
import type { FastifyInstance } from 'fastify';
import type { ChangeRecord, PersonRef, Reply } from '../../src/index.js';

export interface DeliveryStep {
  /** What it does, for logs and failure records ("card IT-4", "message to slack:U1"). */
  what: string;
  run(): Promise<void>;
  /** Told to whoever acted when the step's recipient cannot be reached (RecipientUnreachableError). */
  ifUnreachable?: { to: PersonRef; reply: Reply };
}

export interface ChannelAdapter {
  /** The `platform` of the participants it serves: web, slack, teams, discord. */
  readonly name: string;
  /** Mounts its routes on the one HTTP server. */
  register(app: FastifyInstance): Promise<void> | void;
  start?(): Promise<void>;
  /** Delivering one committed change here, in order; none when it concerns nobody on this platform. */
  stepsFor(record: ChangeRecord): DeliveryStep[];
  /**
   * Told of a change inside the turn that made it, before any delivery: for
   * in-memory state only (no I/O), e.g. the latest card to show the presser.
   */
  noteChange?(record: ChangeRecord): void;
  /** One message to one person here, outside any change (a notice to whoever acted). */
  sendDirect(person: PersonRef, reply: Reply): Promise<void>;
  /** True while platform requests still wait for their acks: deliveries hold back meanwhile. */
  busy?(): boolean;
  stop?(): Promise<void>;
}

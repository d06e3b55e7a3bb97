// Optimistic concurrency: read, decide with a pure rule, write against the
// version read. When someone else wrote first, decide again on the fresh ticket,
// so the rule (not luck) answers the loser: "already claimed by Anna".
import type { ChangeRecord } from '../change-record.js';
import { HelpDeskError, isHelpDeskError } from '../errors.js';
import type { RecordOf, TicketStore } from '../ports/ticket-store.js';
import type { Change } from './transitions.js';
import type { Ticket, TicketEvent } from './ticket.js';

export interface Saved {
  before: Ticket;
  after: Ticket;
  event: Pick<TicketEvent, 'kind' | 'text' | 'actor' | 'data'>;
  /** What the change means for everyone else, as it went into the outbox. */
  record?: ChangeRecord;
}

/** Prepares (with any reads it needs) how a decided change is described in the outbox; null: it is not kept. */
export type Describe = (before: Ticket, change: Change) => Promise<((after: Ticket) => ChangeRecord) | null>;

const MAX_ATTEMPTS = 20;

export async function loadTicket(store: TicketStore, code: string): Promise<Ticket> {
  const ticket = await store.get(code);
  if (!ticket) throw new HelpDeskError('TICKET.NOT_FOUND', { code });
  return ticket;
}

const FINAL: ReadonlySet<Ticket['status']> = new Set(['closed', 'cancelled']);

/** Notes when a ticket left the active states, for the archive and the reports, whichever rule closed it. */
function stampClosed(before: Ticket, change: Change): Change {
  if (!FINAL.has(change.next.status) || FINAL.has(before.status) || change.next.closedAt !== undefined) return change;
  return { ...change, next: { ...change.next, closedAt: change.event.at } };
}

export async function changeTicket(store: TicketStore, code: string, decide: (t: Ticket) => Change, describe?: Describe): Promise<Saved> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const before = await loadTicket(store, code);
    const change = stampClosed(before, decide(before));
    const build = describe ? await describe(before, change) : null;
    let record: ChangeRecord | undefined;
    const recordOf: RecordOf | undefined = build ? (after) => (record = build(after)) : undefined;
    try {
      const after = await store.update(change.next, before.version, change.event, recordOf);
      return record ? { before, after, event: change.event, record } : { before, after, event: change.event };
    } catch (err) {
      if (!isHelpDeskError(err, 'STORE.CONFLICT')) throw err;
    }
  }
  throw new HelpDeskError('STORE.CONFLICT', { code });
}

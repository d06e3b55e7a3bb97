// Why an event log and not updates in place: FerretDB, the MongoDB-wire server
// CI runs (on its SQLite backend), does not apply an update atomically and has
// no transactions. Measured: 100 concurrent `$inc` on one counter ended at 1, and
// a compare-and-set `updateOne({ _id, version: n }, …)` gave several writers a
// match each. What every MongoDB-wire server does get right is an insert whose
// `_id` is already taken: exactly one writer succeeds. So every ticket race here
// is an insert race on the log `ticket_events`:
//  - a change is the event `<code>#<version>`: whoever inserts it made that
//    version; everyone else lost and re-reads;
//  - a new code is the event `<code>#1`, tried one sequence number after another;
//  - `tickets` is a projection of the log for queues and lists, written after the
//    event and rolled forward by whoever finds it behind (a writer that stopped
//    between the two).
// Reads go by `_id` wherever they can: FerretDB's SQLite backend scans the whole
// collection for any other filter, `$in` on `_id` included.
import type { EventDraft, NewTicket, Ticket } from '../../../src/index.js';
import { ignoreDuplicateKey, isDuplicateKey } from './duplicate-key.js';
import { eventDoc, ticketDoc, toTicket } from './mappers.js';
import type { Models } from './models.js';

/** Runs tasks with the same key one after another inside this process. */
function createLanes() {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const run = (tails.get(key) ?? Promise.resolve()).then(task, task);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => tails.get(key) === tail && tails.delete(key));
    return run;
  };
}

export interface EventLog {
  /** Takes the next free code of `prefix` and writes its first event. */
  create(draft: NewTicket, prefix: string, event: EventDraft): Promise<Ticket>;
  /** Writes `saved` as version `saved.version`; false when another writer made that version first. */
  append(saved: Ticket, event: EventDraft): Promise<boolean>;
  /** Brings the projection up to the log; called after a lost race, so normal reads stay one lookup. */
  rollForward(code: string): Promise<Ticket | null>;
  project(ticket: Ticket): Promise<void>;
  current(code: string): Promise<Ticket | null>;
}

export function createEventLog(m: Models): EventLog {
  const inLane = createLanes();

  async function insertEvent(code: string, version: number, event: EventDraft, snapshot: Ticket): Promise<boolean> {
    try {
      await m.TicketEvent.collection.insertOne(eventDoc(code, version, event, snapshot) as never);
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async function project(ticket: Ticket): Promise<void> {
    // A duplicate key means a newer projection already landed: the upsert found no older one to replace.
    await m.Ticket.collection
      .replaceOne({ _id: ticket.code as never, version: { $lt: ticket.version } }, ticketDoc(ticket), { upsert: true })
      .catch(ignoreDuplicateKey);
  }

  /** The latest sequence number per prefix, read once and then kept by this process. */
  const lastSeq = new Map<string, number>();

  async function highestSeq(prefix: string): Promise<number> {
    const top = await m.Ticket.findOne({ prefix }, { seq: 1 }).sort({ seq: -1 }).lean();
    return (top as { seq?: number } | null)?.seq ?? 0;
  }

  async function allocate(draft: NewTicket, prefix: string, event: EventDraft): Promise<Ticket> {
    // The remembered number is only where to start; the event insert decides.
    let seq = lastSeq.get(prefix) ?? (await highestSeq(prefix));
    for (;;) {
      seq += 1;
      const ticket: Ticket = { ...draft, code: `${prefix}-${seq}`, seq, version: 1 };
      if (await insertEvent(ticket.code, 1, event, ticket)) {
        lastSeq.set(prefix, seq);
        // A plain insert: much cheaper than an upsert on FerretDB.
        await m.Ticket.collection.insertOne(ticketDoc(ticket) as never).catch((err: unknown) => {
          ignoreDuplicateKey(err);
          return project(ticket);
        });
        return ticket;
      }
    }
  }

  async function snapshotOf(eventId: string): Promise<Ticket | null> {
    const doc = await m.TicketEvent.findById(eventId, { snapshot: 1 }).lean();
    return doc ? toTicket(doc.snapshot as Record<string, unknown>) : null;
  }

  async function current(code: string): Promise<Ticket | null> {
    const doc = await m.Ticket.findById(code).lean();
    if (doc) return toTicket(doc as Record<string, unknown>);
    return rollForward(code, null);
  }

  async function rollForward(code: string, known?: unknown): Promise<Ticket | null> {
    const doc = known === undefined ? await m.Ticket.findById(code).lean() : known;
    let ticket = doc ? toTicket(doc as Record<string, unknown>) : await snapshotOf(`${code}#1`);
    if (!ticket) return null;
    let stale = !doc;
    for (let ahead = await snapshotOf(`${code}#${ticket.version + 1}`); ahead; ahead = await snapshotOf(`${code}#${ahead.version + 1}`)) {
      ticket = ahead;
      stale = true;
    }
    if (stale) await project(ticket);
    return ticket;
  }

  return {
    // Creates under one prefix queue up in this process so they do not collide;
    // other processes are kept apart by the unique event id.
    create: (draft, prefix, event) => inLane(prefix, () => allocate(draft, prefix, event)),
    append: (saved, event) => insertEvent(saved.code, saved.version, event, saved),
    rollForward: (code) => rollForward(code),
    project,
    current,
  };
}

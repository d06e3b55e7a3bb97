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
//    between the two);
//  - a change's outbox record must be committed with the change, but one insert
//    reaches one collection and there is no transaction to join two. So the
//    record is staged first, in `outbox` under `<code>#<version>#<nonce>`, and
//    the event carries the nonce: the event insert commits both. A crash after
//    it loses nothing; a staged record whose event names another nonce lost its
//    race and is dropped; one with no event is left to its writer for a while
//    (ORPHAN_AGE_MS), then dropped as the leftover of a writer that died before
//    committing.
// Reads go by `_id` wherever they can: FerretDB's SQLite backend scans the whole
// collection for any other filter, `$in` on `_id` included.
import { randomBytes } from 'node:crypto';
import type { EventDraft, NewTicket, RecordOf, Ticket } from '../../../src/index.js';
import { ignoreDuplicateKey, isDuplicateKey } from './duplicate-key.js';
import { eventDoc, nonceOf, outboxDoc, ticketDoc, toTicket, type OutboxDoc } from './mappers.js';
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

/**
 * How long a staged record may wait for its event before it counts as a dead
 * writer's. Far beyond any live write; a writer that was held up half as long
 * stages its record again after committing, in case it was dropped meanwhile.
 */
export const ORPHAN_AGE_MS = 10 * 60_000;

const KNOWN_COMMITTED_MAX = 10_000;
/** Above this many tickets to check, their projection is read in one scan instead of one lookup each. */
const LOOKUPS_MAX = 200;

export interface EventLog {
  /** Takes the next free code of `prefix` and writes its first event (and its outbox record). */
  create(draft: NewTicket, prefix: string, event: EventDraft, record?: RecordOf): Promise<Ticket>;
  /** Writes `saved` as version `saved.version`; false when another writer made that version first (its record is gone too). */
  append(saved: Ticket, event: EventDraft, record?: RecordOf): Promise<boolean>;
  /**
   * Keeps the staged records whose event committed them, in the order given, and
   * drops the ones that never will be; `waiting` counts those left to their writer.
   */
  settle(docs: readonly OutboxDoc[]): Promise<{ committed: OutboxDoc[]; waiting: number }>;
  /** Brings the projection up to the log; called after a lost race, so normal reads stay one lookup. */
  rollForward(code: string): Promise<Ticket | null>;
  project(ticket: Ticket): Promise<void>;
  current(code: string): Promise<Ticket | null>;
  /** Rolls forward every ticket whose projection is missing or behind an event written since `since`; returns their codes. */
  rollForwardSince(since: number): Promise<string[]>;
}

export function createEventLog(m: Models): EventLog {
  const inLane = createLanes();

  async function insertEvent(saved: Ticket, event: EventDraft, nonce?: string): Promise<boolean> {
    try {
      await m.TicketEvent.collection.insertOne(eventDoc(saved.code, saved.version, event, saved, nonce) as never);
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /** Stage, then commit: the order that makes the event insert decide for both. */
  async function append(saved: Ticket, event: EventDraft, record?: RecordOf): Promise<boolean> {
    if (!record) return insertEvent(saved, event);
    const staged = outboxDoc(saved, randomBytes(9).toString('base64url'), record(saved), Date.now());
    await m.Outbox.collection.insertOne(staged as never);
    const won = await insertEvent(saved, event, nonceOf(staged));
    // Should this delete fail, the change still lost: settle() drops the record later, its event naming another nonce.
    if (!won) await m.Outbox.collection.deleteOne({ _id: staged._id as never }).catch(() => undefined);
    else {
      if (Date.now() - staged.at > ORPHAN_AGE_MS / 2) await m.Outbox.collection.insertOne(staged as never).catch(ignoreDuplicateKey);
      knownCommitted(staged._id);
    }
    return won;
  }

  // Staged records this process saw committed (its own, or looked up once): an
  // event never changes, so the outbox can be polled without asking again. Losing
  // an entry only costs one lookup.
  const committedIds = new Set<string>();
  function knownCommitted(id: string): void {
    committedIds.add(id);
    if (committedIds.size > KNOWN_COMMITTED_MAX) committedIds.delete(committedIds.values().next().value!);
  }

  async function settle(docs: readonly OutboxDoc[]) {
    // One lookup by `_id` each, side by side: `$in` would scan the whole log on FerretDB.
    const events = await Promise.all(
      docs.map((d) => (committedIds.has(d._id) ? { outbox: nonceOf(d) } : m.TicketEvent.findById(`${d.ticket}#${d.version}`, { outbox: 1 }).lean())),
    );
    const committed: OutboxDoc[] = [];
    const dropped: string[] = [];
    let waiting = 0;
    const now = Date.now();
    docs.forEach((doc, i) => {
      const event = events[i];
      if (event?.outbox === nonceOf(doc)) {
        committed.push(doc);
        knownCommitted(doc._id);
      } else if (event || now - doc.at > ORPHAN_AGE_MS) dropped.push(doc._id);
      else waiting += 1;
    });
    if (dropped.length > 0) await m.Outbox.deleteMany({ _id: { $in: dropped } });
    return { committed, waiting };
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

  async function allocate(draft: NewTicket, prefix: string, event: EventDraft, record?: RecordOf): Promise<Ticket> {
    // The remembered number is only where to start; the event insert decides.
    let seq = lastSeq.get(prefix) ?? (await highestSeq(prefix));
    for (;;) {
      seq += 1;
      const ticket: Ticket = { ...draft, code: `${prefix}-${seq}`, seq, version: 1 };
      if (await append(ticket, event, record)) {
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

  async function rollForwardSince(since: number): Promise<string[]> {
    const events = await m.TicketEvent.find({ at: { $gte: since } }, { _id: 0, ticket: 1, version: 1 }).lean();
    const latest = new Map<string, number>();
    for (const e of events) latest.set(e.ticket, Math.max(latest.get(e.ticket) ?? 0, e.version));
    // Many tickets (the first check of a big log): one scan of the projection beats a lookup each.
    const projected =
      latest.size > LOOKUPS_MAX ? new Map((await m.Ticket.find({}, { version: 1 }).lean()).map((d) => [String(d._id), (d as { version?: number }).version ?? 0])) : null;
    const behind: string[] = [];
    for (const [code, version] of latest) {
      const have = projected ? (projected.get(code) ?? 0) : ((await m.Ticket.findById(code, { version: 1 }).lean()) as { version?: number } | null)?.version ?? 0;
      if (have >= version) continue;
      await rollForward(code);
      behind.push(code);
    }
    return behind;
  }

  return {
    // Creates under one prefix queue up in this process so they do not collide;
    // other processes are kept apart by the unique event id.
    create: (draft, prefix, event, record) => inLane(prefix, () => allocate(draft, prefix, event, record)),
    append,
    settle,
    rollForward: (code) => rollForward(code),
    project,
    current,
    rollForwardSince,
  };
}

// The MongoDB store (mongoose). Every race is settled by inserting a document
// whose `_id` only one writer can create: `<code>#<version>` in the event log
// for ticket changes and codes, `<key>` for deliveries. That is atomic on any
// MongoDB-wire server, including ones (FerretDB's SQLite backend) whose
// findOneAndUpdate is not. The event log is the source of truth for a ticket;
// the `tickets` collection is its projection for queues and lists, and reads go
// by `_id` wherever they can (FerretDB's SQLite backend scans for anything else).
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import {
  HelpDeskError,
  STATUSES,
  type EventDraft,
  type FaqEntry,
  type NewTicket,
  type Store,
  type Ticket,
  type TicketStatus,
} from '../../../src/index.js';
import { agentDoc, agentId, eventDoc, ticketDoc, toAgent, toEvent, toTicket } from './mappers.js';
import { createModels } from './models.js';

export interface MongoStoreOptions {
  uri: string;
  /** Overrides the database named in the URI (tests use one per suite). */
  dbName?: string;
}

function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

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

export async function createMongoStore({ uri, dbName }: MongoStoreOptions): Promise<Store> {
  const conn = await mongoose
    .createConnection(uri, { dbName: dbName ?? (new URL(uri.replace(/^mongodb(\+srv)?:/, 'http:')).pathname.slice(1) || 'sportello'), serverSelectionTimeoutMS: 10_000 })
    .asPromise();
  const m = createModels(conn);
  await Promise.all(Object.values(m).map((model) => model.createIndexes()));
  const inLane = createLanes();

  async function rememberOnce(key: string, at: number): Promise<boolean> {
    try {
      await m.Marker.collection.insertOne({ _id: key as never, at });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

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
    await m.Ticket.collection
      .replaceOne({ _id: ticket.code as never, version: { $lt: ticket.version } }, ticketDoc(ticket), { upsert: true })
      .catch((err: unknown) => {
        // A newer projection already landed: the upsert found no older one to replace.
        if (!isDuplicateKey(err)) throw err;
      });
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
          if (!isDuplicateKey(err)) throw err;
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

  /**
   * Brings the projection up to the event log after a writer stopped between its
   * event and its projection. Called on a lost race, so normal reads stay one lookup.
   */
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
    kind: 'mongo',

    // Creates in one department queue up in this process so they do not collide;
    // other processes are kept apart by the unique event id.
    create(draft, prefix, event) {
      return inLane(prefix, () => allocate(draft, prefix, event));
    },

    get: current,

    async update(next, expectedVersion, event) {
      const saved: Ticket = { ...next, version: expectedVersion + 1 };
      if (!(await insertEvent(saved.code, saved.version, event, saved))) {
        await rollForward(saved.code);
        throw new HelpDeskError('STORE.CONFLICT', { code: saved.code });
      }
      await project(saved);
      return saved;
    },

    async events(code) {
      const docs = await m.TicketEvent.find({ ticket: code }, { snapshot: 0 }).sort({ version: 1 }).lean();
      return docs.map((d) => toEvent(d as Record<string, unknown>));
    },

    async queue({ departments, tier, statuses, limit, offset = 0 }) {
      const filter: Record<string, unknown> = { department: { $in: departments } };
      if (tier !== undefined) filter.tier = tier;
      if (statuses && statuses.length > 0) filter.status = { $in: statuses };
      const [docs, total] = await Promise.all([
        m.Ticket.find(filter).sort({ priority: 1, dueAt: 1, createdAt: 1, _id: 1 }).skip(offset).limit(limit).lean(),
        m.Ticket.countDocuments(filter),
      ]);
      return { items: docs.map((d) => toTicket(d as Record<string, unknown>)), total };
    },

    async byRequester(platform, userId, { statuses, limit }) {
      const filter: Record<string, unknown> = { 'requester.platform': platform, 'requester.userId': userId };
      if (statuses && statuses.length > 0) filter.status = { $in: statuses };
      const docs = await m.Ticket.find(filter).sort({ createdAt: -1, seq: -1 }).limit(limit).lean();
      return docs.map((d) => toTicket(d as Record<string, unknown>));
    },

    async countByStatus() {
      const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<TicketStatus, number>;
      const groups = await m.Ticket.aggregate<{ _id: TicketStatus; n: number }>([{ $group: { _id: '$status', n: { $sum: 1 } } }]);
      for (const g of groups) counts[g._id] = g.n;
      return counts;
    },

    async saveAgent(agent) {
      await m.Agent.replaceOne({ _id: agentId(agent.platform, agent.userId) }, agentDoc(agent), { upsert: true });
    },

    async getAgent(platform, userId) {
      const doc = await m.Agent.findById(agentId(platform, userId)).lean();
      return doc ? toAgent(doc as Record<string, unknown>) : null;
    },

    async listAgents(filter = {}) {
      const query: Record<string, unknown> = {};
      if (filter.department) query.departments = filter.department;
      if (filter.tier !== undefined) query.tier = filter.tier;
      const docs = await m.Agent.find(query).sort({ _id: 1 }).lean();
      return docs.map((d) => toAgent(d as Record<string, unknown>));
    },

    async removeAgent(platform, userId) {
      return (await m.Agent.deleteOne({ _id: agentId(platform, userId) })).deletedCount > 0;
    },

    rememberOnce,

    async forget(key) {
      await m.Marker.deleteOne({ _id: key });
    },

    async forgetBefore(at) {
      return (await m.Marker.deleteMany({ at: { $lt: at } })).deletedCount;
    },

    async setRef(key, value) {
      await m.Ref.replaceOne({ _id: key }, { _id: key, value }, { upsert: true }).catch(async (err: unknown) => {
        // Two first writers raced on the upsert: the loser's value is as fresh; write it again.
        if (!isDuplicateKey(err)) throw err;
        await m.Ref.replaceOne({ _id: key }, { _id: key, value });
      });
    },

    async getRef(key) {
      const doc = await m.Ref.findById(key).lean();
      return (doc?.value as string | undefined) ?? null;
    },

    async saveOffer(offer) {
      await m.Offer.collection.insertOne({ _id: offer.id as never, platform: offer.requester.platform, userId: offer.requester.userId, data: offer });
    },

    async takeOffer(id, requester) {
      const doc = await m.Offer.findOne({ _id: id, platform: requester.platform, userId: requester.userId }).lean();
      if (!doc) return null;
      // The marker insert, not the delete, decides which of two clicks acts.
      if (!(await rememberOnce(`offer:${id}`, Date.now()))) return null;
      await m.Offer.deleteOne({ _id: id });
      return doc.data as never;
    },

    async upsertFaqs(entries) {
      if (entries.length > 0) {
        await m.FaqEntry.bulkWrite(
          entries.map((e) => ({ replaceOne: { filter: { _id: e.id }, replacement: { _id: e.id, department: e.department, data: e }, upsert: true } })),
        );
      }
      // A fresh random revision: whoever reads it next rebuilds, whichever import was last.
      const revision = randomUUID();
      await m.Meta.replaceOne({ _id: 'faq_revision' }, { _id: 'faq_revision', value: revision }, { upsert: true }).catch(async (err: unknown) => {
        if (!isDuplicateKey(err)) throw err;
        await m.Meta.replaceOne({ _id: 'faq_revision' }, { _id: 'faq_revision', value: revision });
      });
      return revision;
    },

    async listFaqs() {
      const docs = await m.FaqEntry.find({}).sort({ _id: 1 }).lean();
      return docs.map((d) => d.data as FaqEntry);
    },

    async faqRevision() {
      const doc = await m.Meta.findById('faq_revision').lean();
      return (doc?.value as string | undefined) ?? null;
    },

    async loadEmbeddings(model, hashes) {
      const found = new Map<string, Float32Array>();
      const CHUNK = 1000;
      for (let i = 0; i < hashes.length; i += CHUNK) {
        const ids = hashes.slice(i, i + CHUNK).map((h) => `${model}\u0000${h}`);
        for (const doc of await m.Embedding.find({ _id: { $in: ids } }).lean()) {
          const bytes = doc.vector as unknown as { buffer: ArrayBuffer | Uint8Array } | Uint8Array;
          const raw = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes.buffer as ArrayBuffer);
          const vector = new Float32Array(raw.byteLength / 4);
          new Uint8Array(vector.buffer).set(raw);
          found.set(String(doc._id).slice(model.length + 1), vector);
        }
      }
      return found;
    },

    async saveEmbeddings(model, rows) {
      if (rows.length === 0) return;
      const docs = rows.map(({ hash, vector }) => ({ _id: `${model}\u0000${hash}`, vector: Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength) }));
      // Another instance may have stored some already: those inserts fail, the rest land.
      await m.Embedding.insertMany(docs, { ordered: false }).catch((err: unknown) => {
        const errors = (err as { writeErrors?: { code?: number; err?: { code?: number } }[] }).writeErrors;
        if (!errors || errors.some((e) => (e.code ?? e.err?.code) !== 11000)) throw err;
      });
    },

    async close() {
      await conn.close();
    },
  };
}

// The embedded default store: one SQLite file in WAL mode. better-sqlite3 is
// synchronous; every write runs as one atomic unit (a savepoint inside a group
// commit), so it happens whole or not at all, and two processes on the same
// file are serialised by SQLite itself.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import {
  HelpDeskError,
  STATUSES,
  type Agent,
  type ChangeRecord,
  type EventDraft,
  type FaqEntry,
  type FaqOffer,
  type NewTicket,
  type RecordOf,
  type Store,
  type Ticket,
  type TicketStatus,
} from '../../../src/index.js';
import { agentParams, eventParams, ticketParams, toAgent, toEvent, toOffer, toTicket, type AgentRow, type EventRow, type TicketRow } from './mappers.js';
import { createGroupCommit } from './group-commit.js';
import { migrate } from './migrations.js';

export interface SqliteStoreOptions {
  /** A file path, or ':memory:' for throwaway tests. */
  file: string;
}

function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/**
 * Agents are read on every message, so they are kept in memory. Another process
 * (the CLI) changing them moves SQLite's data_version, which drops the copy.
 */
function createAgentCache(load: () => Agent[], version: () => number) {
  let cached: { all: Agent[]; byId: Map<string, Agent>; version: number } | null = null;
  return {
    current() {
      const v = version();
      if (!cached || cached.version !== v) {
        const all = load();
        cached = { all, byId: new Map(all.map((a) => [`${a.platform}:${a.userId}`, a])), version: v };
      }
      return cached;
    },
    invalidate() {
      cached = null;
    },
  };
}

export function createSqliteStore({ file }: SqliteStoreOptions): Store {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  const write = createGroupCommit(db);

  const stmt = {
    nextSeq: db.prepare<[string], { last: number }>(
      `INSERT INTO sequences (prefix, last) VALUES (?, 1)
       ON CONFLICT (prefix) DO UPDATE SET last = last + 1 RETURNING last`,
    ),
    insertTicket: db.prepare(
      `INSERT INTO tickets (code, department, tier, status, priority, due_at, created_at, requester_platform, requester_user, version, data)
       VALUES (@code, @department, @tier, @status, @priority, @due_at, @created_at, @requester_platform, @requester_user, @version, @data)`,
    ),
    casTicket: db.prepare(
      `UPDATE tickets SET department = @department, tier = @tier, status = @status, priority = @priority,
         due_at = @due_at, version = @version, data = @data
       WHERE code = @code AND version = @expected`,
    ),
    getTicket: db.prepare<[string], TicketRow>('SELECT code, version, data FROM tickets WHERE code = ?'),
    insertEvent: db.prepare(
      `INSERT INTO ticket_events (ticket_code, version, at, kind, actor, channel, text, data)
       VALUES (@ticket_code, @version, @at, @kind, @actor, @channel, @text, @data)`,
    ),
    events: db.prepare<[string], EventRow>('SELECT * FROM ticket_events WHERE ticket_code = ? ORDER BY version'),
    countByStatus: db.prepare<[], { status: TicketStatus; n: number }>('SELECT status, COUNT(*) AS n FROM tickets GROUP BY status'),
    saveAgent: db.prepare(
      `INSERT INTO agents (platform, user_id, name, departments, tier, role, locale)
       VALUES (@platform, @user_id, @name, @departments, @tier, @role, @locale)
       ON CONFLICT (platform, user_id) DO UPDATE SET name = excluded.name, departments = excluded.departments,
         tier = excluded.tier, role = excluded.role, locale = excluded.locale`,
    ),
    allAgents: db.prepare<[], AgentRow>('SELECT * FROM agents ORDER BY platform, user_id'),
    dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
    removeAgent: db.prepare('DELETE FROM agents WHERE platform = ? AND user_id = ?'),
    remember: db.prepare('INSERT INTO deliveries (key, at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING'),
    forget: db.prepare('DELETE FROM deliveries WHERE key = ?'),
    forgetBefore: db.prepare('DELETE FROM deliveries WHERE at < ?'),
    saveOffer: db.prepare('INSERT INTO faq_offers (id, requester_platform, requester_user, data) VALUES (?, ?, ?, ?)'),
    upsertFaq: db.prepare(
      'INSERT INTO faq_entries (id, department, data) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET department = excluded.department, data = excluded.data',
    ),
    listFaqs: db.prepare<[], { data: string }>('SELECT data FROM faq_entries ORDER BY id'),
    bumpFaqRevision: db.prepare<[], { value: string }>(
      `INSERT INTO meta (key, value) VALUES ('faq_revision', '1')
       ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1 RETURNING value`,
    ),
    faqRevision: db.prepare<[], string>("SELECT value FROM meta WHERE key = 'faq_revision'").pluck(),
    loadEmbedding: db.prepare<[string, string], Buffer>('SELECT vector FROM embeddings WHERE model = ? AND hash = ?').pluck(),
    saveEmbedding: db.prepare('INSERT INTO embeddings (model, hash, vector) VALUES (?, ?, ?) ON CONFLICT (model, hash) DO NOTHING'),
    setRef: db.prepare('INSERT INTO refs (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    getRef: db.prepare<[string], string>('SELECT value FROM refs WHERE key = ?').pluck(),
    insertOutbox: db.prepare('INSERT INTO outbox (id, at, data) VALUES (?, ?, ?)'),
    pendingOutbox: db.prepare<[number], { seq: number; data: string; finished: string | null }>(
      `SELECT o.seq, o.data, (SELECT group_concat(channel, char(31)) FROM outbox_deliveries d WHERE d.record_id = o.id) AS finished
       FROM outbox o ORDER BY o.seq LIMIT ?`,
    ),
    finishDelivery: db.prepare(
      'INSERT INTO outbox_deliveries (record_id, channel, at, error) VALUES (?, ?, ?, ?) ON CONFLICT (record_id, channel) DO NOTHING',
    ),
    pruneOutbox: db.prepare('DELETE FROM outbox WHERE id = ?'),
    pruneDelivered: db.prepare('DELETE FROM outbox_deliveries WHERE record_id = ? AND error IS NULL'),
    failures: db.prepare<[number], { record_id: string; channel: string; at: number; error: string }>(
      'SELECT record_id, channel, at, error FROM outbox_deliveries WHERE error IS NOT NULL ORDER BY at DESC LIMIT ?',
    ),
    forgetFailures: db.prepare('DELETE FROM outbox_deliveries WHERE error IS NOT NULL AND at < ?'),
    takeOffer: db.prepare<[string, string, string], { data: string }>(
      'DELETE FROM faq_offers WHERE id = ? AND requester_platform = ? AND requester_user = ? RETURNING data',
    ),
  };

  // Queue and list queries vary in shape (how many departments, statuses); each shape is prepared once.
  const prepared = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let statement = prepared.get(sql);
    if (!statement) prepared.set(sql, (statement = db.prepare(sql)));
    return statement;
  };

  const agents = createAgentCache(
    () => stmt.allAgents.all().map(toAgent),
    () => stmt.dataVersion.get()!,
  );

  function putInOutbox(ticket: Ticket, record: RecordOf | undefined): void {
    if (!record) return;
    const change = record(ticket);
    stmt.insertOutbox.run(change.id, change.at, JSON.stringify(change));
  }

  const create = db.transaction((draft: NewTicket, prefix: string, event: EventDraft, record?: RecordOf): Ticket => {
    const seq = stmt.nextSeq.get(prefix)!.last;
    const ticket: Ticket = { ...draft, code: `${prefix}-${seq}`, seq, version: 1 };
    stmt.insertTicket.run(ticketParams(ticket));
    stmt.insertEvent.run(eventParams(ticket.code, 1, event));
    putInOutbox(ticket, record);
    return ticket;
  });

  const update = db.transaction((next: Ticket, expectedVersion: number, event: EventDraft, record?: RecordOf): Ticket => {
    const saved: Ticket = { ...next, version: expectedVersion + 1 };
    const { changes } = stmt.casTicket.run({ ...ticketParams(saved), expected: expectedVersion });
    if (changes === 0) {
      if (!stmt.getTicket.get(next.code)) throw new HelpDeskError('TICKET.NOT_FOUND', { code: next.code });
      throw new HelpDeskError('STORE.CONFLICT', { code: next.code });
    }
    stmt.insertEvent.run(eventParams(saved.code, saved.version, event));
    putInOutbox(saved, record);
    return saved;
  });

  return {
    kind: 'sqlite',

    create(draft, prefix, event, record) {
      return write(() => create(draft, prefix, event, record));
    },

    async get(code) {
      const row = stmt.getTicket.get(code);
      return row ? toTicket(row) : null;
    },

    update(next, expectedVersion, event, record) {
      return write(() => update(next, expectedVersion, event, record));
    },

    async events(code) {
      return stmt.events.all(code).map(toEvent);
    },

    async queue({ departments, tier, statuses, limit, offset = 0 }) {
      if (departments.length === 0) return { items: [], total: 0 };
      const where = [`department IN (${placeholders(departments.length)})`];
      const params: (string | number)[] = [...departments];
      if (tier !== undefined) {
        where.push('tier = ?');
        params.push(tier);
      }
      if (statuses && statuses.length > 0) {
        where.push(`status IN (${placeholders(statuses.length)})`);
        params.push(...statuses);
      }
      const clause = where.join(' AND ');
      const total = (prepare(`SELECT COUNT(*) AS n FROM tickets WHERE ${clause}`).get(...params) as { n: number }).n;
      const rows = prepare(`SELECT code, version, data FROM tickets WHERE ${clause} ORDER BY priority, due_at, created_at, code LIMIT ? OFFSET ?`)
        .all(...params, limit, offset) as TicketRow[];
      return { items: rows.map(toTicket), total };
    },

    async byRequester(platform, userId, { statuses, limit }) {
      const filter = statuses && statuses.length > 0 ? `AND status IN (${placeholders(statuses.length)})` : '';
      const rows = prepare(
        `SELECT code, version, data FROM tickets WHERE requester_platform = ? AND requester_user = ? ${filter}
         ORDER BY created_at DESC, rowid DESC LIMIT ?`,
      )
        .all(platform, userId, ...(statuses ?? []), limit) as TicketRow[];
      return rows.map(toTicket);
    },

    async countByStatus() {
      const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<TicketStatus, number>;
      for (const { status, n } of stmt.countByStatus.all()) counts[status] = n;
      return counts;
    },

    async saveAgent(agent: Agent) {
      await write(() => stmt.saveAgent.run(agentParams(agent)));
      agents.invalidate();
    },

    async getAgent(platform, userId) {
      return agents.current().byId.get(`${platform}:${userId}`) ?? null;
    },

    async listAgents(filter = {}) {
      return agents
        .current()
        .all.filter((a) => (!filter.department || a.departments.includes(filter.department)) && (filter.tier === undefined || a.tier === filter.tier));
    },

    async removeAgent(platform, userId) {
      const removed = await write(() => stmt.removeAgent.run(platform, userId).changes > 0);
      agents.invalidate();
      return removed;
    },

    rememberOnce(key, at) {
      return write(() => stmt.remember.run(key, at).changes === 1);
    },

    async forget(key) {
      await write(() => stmt.forget.run(key));
    },

    forgetBefore(at) {
      return write(() => stmt.forgetBefore.run(at).changes);
    },

    async setRef(key, value) {
      await write(() => stmt.setRef.run(key, value));
    },

    async getRef(key) {
      return stmt.getRef.get(key) ?? null;
    },

    async saveOffer(offer: FaqOffer) {
      await write(() => stmt.saveOffer.run(offer.id, offer.requester.platform, offer.requester.userId, JSON.stringify(offer)));
    },

    async takeOffer(id, requester) {
      const row = await write(() => stmt.takeOffer.get(id, requester.platform, requester.userId));
      return row ? toOffer(row.data) : null;
    },

    upsertFaqs(entries) {
      return write(() => {
        for (const e of entries) stmt.upsertFaq.run(e.id, e.department, JSON.stringify(e));
        return String(stmt.bumpFaqRevision.get()!.value);
      });
    },

    async listFaqs() {
      return stmt.listFaqs.all().map((row) => JSON.parse(row.data) as FaqEntry);
    },

    async faqRevision() {
      return stmt.faqRevision.get() ?? null;
    },

    async loadEmbeddings(model, hashes) {
      const found = new Map<string, Float32Array>();
      for (const hash of hashes) {
        const blob = stmt.loadEmbedding.get(model, hash);
        if (blob) found.set(hash, toVector(blob));
      }
      return found;
    },

    saveEmbeddings(model, rows) {
      return write(() => {
        for (const { hash, vector } of rows) stmt.saveEmbedding.run(model, hash, Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength));
      });
    },

    async pendingChanges(limit) {
      return stmt.pendingOutbox.all(limit).map((row) => ({
        record: JSON.parse(row.data) as ChangeRecord,
        finished: row.finished ? row.finished.split('\u001f') : [],
      }));
    },

    async finishDelivery(recordId, channel, at, error) {
      await write(() => stmt.finishDelivery.run(recordId, channel, at, error ?? null));
    },

    async pruneChange(recordId) {
      await write(() => {
        stmt.pruneOutbox.run(recordId);
        stmt.pruneDelivered.run(recordId);
      });
    },

    async deliveryFailures(limit) {
      return stmt.failures.all(limit).map((r) => ({ recordId: r.record_id, channel: r.channel, at: r.at, error: r.error }));
    },

    forgetFailuresBefore(at) {
      return write(() => stmt.forgetFailures.run(at).changes);
    },

    async close() {
      db.close();
    },
  };
}

/** A BLOB's bytes as float32s (copied: the buffer may be unaligned or reused). */
function toVector(blob: Buffer): Float32Array {
  const out = new Float32Array(blob.byteLength / 4);
  new Uint8Array(out.buffer).set(blob);
  return out;
}

// The embedded default store: one SQLite file in WAL mode. better-sqlite3 is
// synchronous, so each method runs its statements inside one immediate
// transaction: a write either happens whole or not at all, and two processes on
// the same file are serialised by SQLite itself.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import {
  HelpDeskError,
  STATUSES,
  type Agent,
  type EventDraft,
  type FaqOffer,
  type NewTicket,
  type Store,
  type Ticket,
  type TicketStatus,
} from '../../../src/index.js';
import { agentParams, eventParams, ticketParams, toAgent, toEvent, toOffer, toTicket, type AgentRow, type EventRow, type TicketRow } from './mappers.js';
import { migrate } from './migrations.js';

export interface SqliteStoreOptions {
  /** A file path, or ':memory:' for throwaway tests. */
  file: string;
}

function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

export function createSqliteStore({ file }: SqliteStoreOptions): Store {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);

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
    getAgent: db.prepare<[string, string], AgentRow>('SELECT * FROM agents WHERE platform = ? AND user_id = ?'),
    listAgents: db.prepare<{ department: string | null; tier: number | null }, AgentRow>(
      `SELECT * FROM agents
       WHERE (@department IS NULL OR EXISTS (SELECT 1 FROM json_each(agents.departments) WHERE value = @department))
         AND (@tier IS NULL OR tier = @tier)
       ORDER BY platform, user_id`,
    ),
    removeAgent: db.prepare('DELETE FROM agents WHERE platform = ? AND user_id = ?'),
    remember: db.prepare('INSERT INTO deliveries (key, at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING'),
    forget: db.prepare('DELETE FROM deliveries WHERE key = ?'),
    saveOffer: db.prepare('INSERT INTO faq_offers (id, requester_platform, requester_user, data) VALUES (?, ?, ?, ?)'),
    takeOffer: db.prepare<[string, string, string], { data: string }>(
      'DELETE FROM faq_offers WHERE id = ? AND requester_platform = ? AND requester_user = ? RETURNING data',
    ),
  };

  const create = db.transaction((draft: NewTicket, prefix: string, event: EventDraft): Ticket => {
    const seq = stmt.nextSeq.get(prefix)!.last;
    const ticket: Ticket = { ...draft, code: `${prefix}-${seq}`, seq, version: 1 };
    stmt.insertTicket.run(ticketParams(ticket));
    stmt.insertEvent.run(eventParams(ticket.code, 1, event));
    return ticket;
  });

  const update = db.transaction((next: Ticket, expectedVersion: number, event: EventDraft): Ticket => {
    const saved: Ticket = { ...next, version: expectedVersion + 1 };
    const { changes } = stmt.casTicket.run({ ...ticketParams(saved), expected: expectedVersion });
    if (changes === 0) {
      if (!stmt.getTicket.get(next.code)) throw new HelpDeskError('TICKET.NOT_FOUND', { code: next.code });
      throw new HelpDeskError('STORE.CONFLICT', { code: next.code });
    }
    stmt.insertEvent.run(eventParams(saved.code, saved.version, event));
    return saved;
  });

  return {
    kind: 'sqlite',

    async create(draft, prefix, event) {
      return create.immediate(draft, prefix, event);
    },

    async get(code) {
      const row = stmt.getTicket.get(code);
      return row ? toTicket(row) : null;
    },

    async update(next, expectedVersion, event) {
      return update.immediate(next, expectedVersion, event);
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
      const total = (db.prepare(`SELECT COUNT(*) AS n FROM tickets WHERE ${clause}`).get(...params) as { n: number }).n;
      const rows = db
        .prepare(`SELECT code, version, data FROM tickets WHERE ${clause} ORDER BY priority, due_at, created_at, code LIMIT ? OFFSET ?`)
        .all(...params, limit, offset) as TicketRow[];
      return { items: rows.map(toTicket), total };
    },

    async byRequester(platform, userId, { statuses, limit }) {
      const filter = statuses && statuses.length > 0 ? `AND status IN (${placeholders(statuses.length)})` : '';
      const rows = db
        .prepare(
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
      stmt.saveAgent.run(agentParams(agent));
    },

    async getAgent(platform, userId) {
      const row = stmt.getAgent.get(platform, userId);
      return row ? toAgent(row) : null;
    },

    async listAgents(filter = {}) {
      return stmt.listAgents.all({ department: filter.department ?? null, tier: filter.tier ?? null }).map(toAgent);
    },

    async removeAgent(platform, userId) {
      return stmt.removeAgent.run(platform, userId).changes > 0;
    },

    async rememberOnce(key, at) {
      return stmt.remember.run(key, at).changes === 1;
    },

    async forget(key) {
      stmt.forget.run(key);
    },

    async saveOffer(offer: FaqOffer) {
      stmt.saveOffer.run(offer.id, offer.requester.platform, offer.requester.userId, JSON.stringify(offer));
    },

    async takeOffer(id, requester) {
      const row = stmt.takeOffer.get(id, requester.platform, requester.userId);
      return row ? toOffer(row.data) : null;
    },

    async close() {
      db.close();
    },
  };
}

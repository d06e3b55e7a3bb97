// Tickets and their event log. A change, its event and its outbox record run in
// one transaction function (a savepoint inside the group commit), so they land
// together or not at all: a version race lost leaves nothing behind.
import type Database from 'better-sqlite3';
import {
  HelpDeskError,
  STATUSES,
  type ChangeRecord,
  type EventDraft,
  type NewTicket,
  type RecordOf,
  type Ticket,
  type TicketStatus,
  type TicketStore,
} from '../../../src/index.js';
import type { Write } from './group-commit.js';
import { createStatementCache, limitClause, placeholders } from './statement-cache.js';
import { eventParams, ticketParams, toEvent, toTicket, type EventRow, type TicketRow } from './mappers.js';

/** Parsed tickets kept in memory (about 2 KB each). */
const PARSED_KEPT = 5000;

/** Due work, read from the partial index tickets_sla_next alone (the bench prints its plan). */
export const SLA_DUE_SQL = `SELECT code, version FROM tickets
     WHERE sla_next_at IS NOT NULL AND sla_next_at <= @now AND (sla_next_at > @at OR (sla_next_at = @at AND code > @code))
     ORDER BY sla_next_at, code LIMIT @limit`;

const CLOSED_BETWEEN_SQL = `SELECT code, version FROM tickets
     WHERE closed_at IS NOT NULL AND closed_at >= @from AND closed_at < @to AND (closed_at > @at OR (closed_at = @at AND code > @code))
     ORDER BY closed_at, code LIMIT @limit`;

const LINKED_TO_SQL = `SELECT code, version FROM tickets WHERE linked_to = @parent ORDER BY code LIMIT @limit`;

// The inner condition repeats tickets_linked_active's, so SQLite reads that index alone.
const OPEN_PARENTS_SQL = `SELECT code, version FROM tickets
     WHERE status IN ('open', 'in_progress', 'waiting_user')
       AND code IN (SELECT linked_to FROM tickets WHERE linked_to IS NOT NULL AND status IN ('open', 'in_progress', 'waiting_user', 'resolved'))
     ORDER BY code LIMIT @limit`;

/** `putInOutbox` runs inside the change's savepoint; it comes from the outbox store, which owns that table. */
/** `keepRollups` (the report store's) runs inside the same transaction, with the ticket as it was (null when new) and as written. */
export function createSqliteTicketStore(
  db: Database.Database,
  write: Write,
  putInOutbox: (change: ChangeRecord) => void,
  keepRollups?: (before: Ticket | null, after: Ticket) => void,
): TicketStore {
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
    listFile: db.prepare('INSERT OR IGNORE INTO ticket_files (file_id, ticket_code) VALUES (?, ?)'),
    countByStatus: db.prepare<[], { status: TicketStatus; n: number }>('SELECT status, COUNT(*) AS n FROM tickets GROUP BY status'),
  };
  // Read from the index tickets_requester (platform, user, created_at) alone.
  const openedSince = (limit: number) =>
    prepare(
      `SELECT created_at FROM tickets WHERE requester_platform = ? AND requester_user = ? AND created_at > ?
       ORDER BY created_at DESC ${limitClause(limit)}`,
    ).pluck();

  // Derived from the log, not kept apart: the ticket as it stands is the label.
  const corrections = (limit: number) =>
    prepare(
      `SELECT t.code, t.version, c.at, c.moved, c.reprioritised FROM (
         SELECT ticket_code, MAX(at) AS at, MAX(kind = 'moved') AS moved, MAX(kind = 'priority_changed') AS reprioritised
         FROM ticket_events WHERE kind IN ('moved', 'priority_changed') GROUP BY ticket_code
       ) c JOIN tickets t ON t.code = c.ticket_code
       ORDER BY c.at DESC, t.code ${limitClause(limit)}`,
    );

  // Queue and list queries vary in shape (how many departments, statuses); each shape is prepared once.
  const prepare = createStatementCache(db);

  // Lists read the same tickets again and again (a person's ten latest, the queue's
  // top); parsing each one's JSON every time was a large share of a `ticket list`.
  // A stored version never changes, so a parsed copy of it stays right.
  // Lists therefore ask for codes and versions only, and read a ticket whole only when its copy is stale.
  const parsed = new Map<string, Ticket>();
  function readTicket(row: TicketRow): Ticket {
    const known = parsed.get(row.code);
    if (known?.version === row.version) return known;
    const ticket = toTicket(row);
    parsed.delete(row.code);
    parsed.set(row.code, ticket);
    if (parsed.size > PARSED_KEPT) parsed.delete(parsed.keys().next().value!);
    return ticket;
  }
  function ticketAt({ code, version }: Pick<TicketRow, 'code' | 'version'>): Ticket {
    const known = parsed.get(code);
    return known?.version === version ? known : readTicket(stmt.getTicket.get(code)!);
  }

  /** The ticket at the version a change was made against, without disturbing the parsed copies the lists use. */
  function ticketBefore(code: string, version: number): Ticket | null {
    const known = parsed.get(code);
    if (known?.version === version) return known;
    const row = stmt.getTicket.get(code);
    return row ? toTicket(row) : null;
  }

  /** Which tickets list a file decides whether its bytes may go (dropFileIfUnused). */
  function listFiles(ticket: Ticket): void {
    for (const f of ticket.files ?? []) stmt.listFile.run(f.id, ticket.code);
  }

  const create = db.transaction((draft: NewTicket, prefix: string, event: EventDraft, record?: RecordOf): Ticket => {
    const seq = stmt.nextSeq.get(prefix)!.last;
    const ticket: Ticket = { ...draft, code: `${prefix}-${seq}`, seq, version: 1 };
    stmt.insertTicket.run(ticketParams(ticket));
    stmt.insertEvent.run(eventParams(ticket.code, 1, event));
    listFiles(ticket);
    keepRollups?.(null, ticket);
    if (record) putInOutbox(record(ticket));
    return ticket;
  });

  const update = db.transaction((next: Ticket, expectedVersion: number, event: EventDraft, record?: RecordOf): Ticket => {
    const saved: Ticket = { ...next, version: expectedVersion + 1 };
    const before = keepRollups ? ticketBefore(next.code, expectedVersion) : null;
    const { changes } = stmt.casTicket.run({ ...ticketParams(saved), expected: expectedVersion });
    if (changes === 0) {
      if (!stmt.getTicket.get(next.code)) throw new HelpDeskError('TICKET.NOT_FOUND', { code: next.code });
      throw new HelpDeskError('STORE.CONFLICT', { code: next.code });
    }
    stmt.insertEvent.run(eventParams(saved.code, saved.version, event));
    listFiles(saved);
    if (keepRollups && before) keepRollups(before, saved);
    if (record) putInOutbox(record(saved));
    return saved;
  });

  const slaDue = db.prepare<{ now: number; at: number; code: string; limit: number }, Pick<TicketRow, 'code' | 'version'>>(SLA_DUE_SQL);

  const closedBetween = db.prepare<{ from: number; to: number; at: number; code: string; limit: number }, Pick<TicketRow, 'code' | 'version'>>(CLOSED_BETWEEN_SQL);

  const linkedTo = db.prepare<{ parent: string; limit: number }, Pick<TicketRow, 'code' | 'version'>>(LINKED_TO_SQL);
  const openParents = db.prepare<{ limit: number }, Pick<TicketRow, 'code' | 'version'>>(OPEN_PARENTS_SQL);

  return {
    async linkedTo(parents, limit) {
      // One indexed range per parent (an outage has few), merged by code.
      const rows = [...new Set(parents)].flatMap((parent) => linkedTo.all({ parent, limit }));
      return rows.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)).slice(0, limit).map(ticketAt);
    },

    async openParents(limit) {
      return openParents.all({ limit }).map(ticketAt);
    },

    async closedBetween({ from, to }, limit, after) {
      return closedBetween.all({ from, to, at: after?.at ?? Number.MIN_SAFE_INTEGER, code: after?.code ?? '', limit }).map(ticketAt);
    },

    async slaDue(now, limit, after) {
      return slaDue.all({ now, at: after?.at ?? Number.MIN_SAFE_INTEGER, code: after?.code ?? '', limit }).map(ticketAt);
    },

    create(draft, prefix, event, record) {
      return write(() => create(draft, prefix, event, record));
    },

    async get(code) {
      const row = stmt.getTicket.get(code);
      return row ? readTicket(row) : null;
    },

    update(next, expectedVersion, event, record) {
      return write(() => update(next, expectedVersion, event, record));
    },

    async events(code) {
      return stmt.events.all(code).map(toEvent);
    },

    async queue({ departments, tier, statuses, assignee, limit, offset = 0 }) {
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
      if (assignee === null) where.push('assignee_user IS NULL');
      else if (assignee) {
        where.push('assignee_platform = ? AND assignee_user = ?');
        params.push(assignee.platform, assignee.userId);
      }
      const clause = where.join(' AND ');
      const total = (prepare(`SELECT COUNT(*) AS n FROM tickets WHERE ${clause}`).get(...params) as { n: number }).n;
      const rows = prepare(`SELECT code, version FROM tickets WHERE ${clause} ORDER BY priority, due_at, created_at, code ${limitClause(limit)} OFFSET ?`)
        .all(...params, offset) as Pick<TicketRow, 'code' | 'version'>[];
      return { items: rows.map(ticketAt), total };
    },

    async byRequester(platform, userId, { statuses, limit }) {
      const filter = statuses && statuses.length > 0 ? `AND status IN (${placeholders(statuses.length)})` : '';
      const rows = prepare(
        `SELECT code, version FROM tickets WHERE requester_platform = ? AND requester_user = ? ${filter}
         ORDER BY created_at DESC, rowid DESC ${limitClause(limit)}`,
      )
        .all(platform, userId, ...(statuses ?? [])) as Pick<TicketRow, 'code' | 'version'>[];
      return rows.map(ticketAt);
    },

    async countByStatus() {
      const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<TicketStatus, number>;
      for (const { status, n } of stmt.countByStatus.all()) counts[status] = n;
      return counts;
    },

    async openedSince(requester, since, limit) {
      return openedSince(limit).all(requester.platform, requester.userId, since) as number[];
    },

    async triageCorrections(limit) {
      const rows = corrections(limit).all() as (Pick<TicketRow, 'code' | 'version'> & { at: number; moved: number; reprioritised: number })[];
      return rows.map((row) => {
        const t = ticketAt(row);
        return { code: t.code, text: t.description, department: row.moved ? t.department : null, priority: row.reprioritised ? t.priority : null, at: row.at };
      });
    },
  };
}

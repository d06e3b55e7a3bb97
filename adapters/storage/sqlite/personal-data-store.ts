// Personal data on SQLite (see the PersonalDataStore port): an erase is one
// transaction over every table in PERSONAL_TABLES and its audit row, so it lands
// whole or not at all; retention pseudonymises one ticket per transaction, so a
// long run never holds the file's write lock for long, and resumes where it stopped.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import {
  createPersonScrubber, filesOfPerson, isRetired, namesIn, retireTicket, type Ticket, type PersonalDataStore, type PersonKey, type PersonScrubber, type PrivacyAuditEntry,
  type PrivacyCounts,
} from '../../../src/index.js';
import type { SqliteFiles } from './file-store.js';
import type { Write } from './group-commit.js';
import { eventParams, toEvent, toTicket, type EventRow, type TicketRow } from './mappers.js';
import { embeddingHashes, eraseFiles, mentioning, MENTIONS, PERSONAL_TABLES, TOUCHES, unlistFiles, writeTicket, type EraseRun } from './personal-data-tables.js';

interface AuditRow {
  id: string;
  at: number;
  kind: 'erase' | 'retention';
  by: string;
  pseudonym: string | null;
  counts: string;
  through: number | null;
}

const toEntry = (r: AuditRow): PrivacyAuditEntry => ({
  id: r.id,
  at: r.at,
  kind: r.kind,
  by: r.by,
  pseudonym: r.pseudonym,
  counts: JSON.parse(r.counts) as PrivacyCounts,
  ...(r.through === null ? {} : { through: r.through }),
});

/** Tickets pseudonymised per transaction by a retention run. */
const RETIRE_BATCH = 100;

const JSON_VALUES = new Set(['data', 'actor', 'shifts', 'people', 'off', 'departments']);

function readRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (v instanceof Uint8Array) continue;
    out[k] = typeof v === 'string' && JSON_VALUES.has(k) ? JSON.parse(v) : v;
  }
  return out;
}

/** Tables whose rows name nobody: a person's files are found through their tickets instead. */
const FOUND_THROUGH_TICKETS = new Set(['embeddings', 'files', 'ticket_files']);

export function createSqlitePersonalDataStore(db: Database.Database, write: Write, files: SqliteFiles): PersonalDataStore {
  // The SQL function finds rows naming whoever is being handled now; better-sqlite3 is synchronous, so "now" is one call.
  let current: PersonScrubber | null = null;
  db.function(MENTIONS, { varargs: true }, (...values: unknown[]) =>
    current && values.some((v) => typeof v === 'string' && current!.mentions(v)) ? 1 : 0,
  );
  db.function(TOUCHES, { varargs: true }, (...values: unknown[]) =>
    current && values.some((v) => typeof v === 'string' && current!.touches(v)) ? 1 : 0,
  );
  function withScrubber<T>(s: PersonScrubber, fn: () => T): T {
    current = s;
    try {
      return fn();
    } finally {
      current = null;
    }
  }

  /** The names the store knows them by: on tickets, in transcripts, as an agent. */
  function knownNames(person: PersonKey): string[] {
    const probe = createPersonScrubber(person, [], '');
    return withScrubber(probe, () => {
      const names = new Set<string>();
      for (const row of mentioning(db, 'tickets')) namesIn(JSON.parse(row.data as string), probe, names);
      for (const row of db.prepare(`SELECT actor FROM ticket_events WHERE ${MENTIONS}(actor)`).pluck().all() as string[]) namesIn(JSON.parse(row), probe, names);
      const agent = db.prepare('SELECT name FROM agents WHERE platform = ? AND user_id = ?').pluck().get(person.platform, person.userId) as string | undefined;
      if (agent) names.add(agent);
      return [...names];
    });
  }

  const insertAudit = db.prepare('INSERT INTO privacy_audit (id, at, kind, by, pseudonym, counts, through) VALUES (@id, @at, @kind, @by, @pseudonym, @counts, @through)');
  function audit(entry: PrivacyAuditEntry): PrivacyAuditEntry {
    insertAudit.run({ ...entry, counts: JSON.stringify(entry.counts), through: entry.through ?? null });
    return entry;
  }

  const erase = db.transaction((run: EraseRun, entry: Omit<PrivacyAuditEntry, 'counts'>) => {
    for (const table of PERSONAL_TABLES) table.erase(run);
    return audit({ ...entry, counts: run.counts });
  });

  const stmt = {
    ticket: db.prepare<[string], TicketRow>('SELECT code, version, data FROM tickets WHERE code = ?'),
    events: db.prepare<[string], EventRow>('SELECT * FROM ticket_events WHERE ticket_code = ? ORDER BY version'),
    updateEvent: db.prepare('UPDATE ticket_events SET actor = @actor, text = @text, data = @data WHERE ticket_code = @ticket_code AND version = @version'),
    forgetEmbedding: db.prepare('DELETE FROM embeddings WHERE hash = ?'),
  };

  /** Pseudonymises a batch of tickets in one transaction; returns how many it changed and the embeddings it forgot. */
  const retire = db.transaction((codes: readonly string[], pseudonymFor: (p: PersonKey) => string, at: number, counts: PrivacyCounts, filesGone: Set<string>) => {
    let tickets = 0;
    let embeddings = 0;
    const filesRun = { db, counts, files, filesOff: new Set<string>(), filesGone };
    for (const code of codes) {
      const row = stmt.ticket.get(code);
      if (!row) continue;
      const ticket = toTicket(row);
      if (isRetired(ticket)) continue;
      const done = retireTicket(ticket, stmt.events.all(code).map(toEvent), pseudonymFor, at);
      done.events.forEach((e) => stmt.updateEvent.run(eventParams(code, e.version, e)));
      writeTicket(db, done.ticket, ticket.version, at);
      unlistFiles(filesRun, ticket, done.ticket);
      tickets += 1;
      for (const hash of done.texts.flatMap(embeddingHashes)) embeddings += stmt.forgetEmbedding.run(hash).changes;
    }
    eraseFiles(filesRun);
    return { tickets, embeddings };
  });

  return {
    async exportPerson(person, at) {
      const s = createPersonScrubber(person, knownNames(person), '');
      const records = withScrubber(s, () => {
        const out: Record<string, unknown[]> = {};
        for (const table of PERSONAL_TABLES.flatMap((t) => t.tables)) {
          if (FOUND_THROUGH_TICKETS.has(table)) continue; // vectors of texts exported with the texts; files below
          const rows = mentioning(db, table).map(readRow);
          if (rows.length > 0) out[table] = rows;
        }
        // Phrasings learnt from them: the wording row names nobody, its voucher does.
        const vouched = db
          .prepare(`SELECT w.* FROM faq_wordings w WHERE EXISTS (SELECT 1 FROM faq_wording_vouchers v WHERE v.wording_id = w.id AND ${MENTIONS}(v.voucher))`)
          .all() as Record<string, unknown>[];
        const wordings = new Map([...(out.faq_wordings ?? []), ...vouched].map((w) => [(w as { id: string }).id, w]));
        if (wordings.size > 0) out.faq_wordings = [...wordings.values()];
        return out;
      });
      const tickets = (records.tickets ?? []).map((row) => (row as { data: Ticket }).data);
      return { person: { platform: person.platform, userId: person.userId }, exportedAt: at, records, files: filesOfPerson(tickets, s) };
    },

    async erasePerson(person, erasure) {
      const names = [...knownNames(person), ...(erasure.names ?? [])];
      const s = createPersonScrubber(person, names, erasure.pseudonym);
      const run: EraseRun = { db, s, at: erasure.at, texts: new Set(), requested: new Set(), counts: {}, files, filesOff: new Set(), filesGone: new Set() };
      const entry = { id: randomUUID(), at: erasure.at, kind: 'erase' as const, by: erasure.by, pseudonym: erasure.pseudonym };
      const done = await write(() => withScrubber(s, () => erase(run, entry)));
      await files.removeBytes(run.filesGone);
      return done;
    },

    async pseudonymiseClosedBefore({ before, at, by, newPseudonym }) {
      const from = (db.prepare("SELECT max(through) FROM privacy_audit WHERE kind = 'retention'").pluck().get() as number | null) ?? Number.MIN_SAFE_INTEGER;
      const codes = db.prepare('SELECT code FROM tickets WHERE closed_at IS NOT NULL AND closed_at >= ? AND closed_at < ? ORDER BY closed_at, code').pluck().all(from, before) as string[];
      const pseudonyms = new Map<string, string>();
      const pseudonymFor = (p: PersonKey) => {
        const key = `${p.platform}\u0000${p.userId}`;
        if (!pseudonyms.has(key)) pseudonyms.set(key, newPseudonym());
        return pseudonyms.get(key)!;
      };
      const counts: PrivacyCounts = { tickets: 0, embeddings: 0 };
      // Batches: the file's write lock is held for a few milliseconds at a time, never for the whole run.
      for (let i = 0; i < codes.length; i += RETIRE_BATCH) {
        const gone = new Set<string>();
        const done = await write(() => retire(codes.slice(i, i + RETIRE_BATCH), pseudonymFor, at, counts, gone));
        await files.removeBytes(gone);
        counts.tickets! += done.tickets;
        counts.embeddings! += done.embeddings;
      }
      counts.requesters = pseudonyms.size;
      return write(() => audit({ id: randomUUID(), at, kind: 'retention', by, pseudonym: null, counts, through: before }));
    },

    async privacyAudit(limit) {
      return (db.prepare('SELECT * FROM privacy_audit ORDER BY at DESC, id LIMIT ?').all(limit) as AuditRow[]).map(toEntry);
    },
  };
}

// What each SQLite table holds about a person, and how an erase treats it: one
// small function per table, all listed in PERSONAL_TABLES, and the tables that
// hold nobody's data listed in NOT_PERSONAL with the reason. A test fails when a
// table is in neither list, so a table added later gets its line here.
//
// Rows are found by two SQL functions (registered by personal-data-store.ts):
// privacy_mentions(...columns), true when any value holds the id of the person
// being handled (their id, "platform:id"): the rows that are theirs, to export or
// delete; and privacy_touches(...columns), true also when a value has one of their
// full names: rows to rewrite, never to delete (others share names).
import type Database from 'better-sqlite3';
import { filesTakenOff, ownTexts, pseudonymisedEvent, textHash, scrubEvent, scrubTicket, type PersonScrubber, type PrivacyCounts, type Ticket } from '../../../src/index.js';
import type { SqliteFiles } from './file-store.js';
import { BUMP_FAQ_REVISION } from './faq-store.js';
import { dayCells } from './report-store.js';
import { eventParams, toEvent, toTicket, type EventRow, type TicketRow } from './mappers.js';

export const MENTIONS = 'privacy_mentions';
export const TOUCHES = 'privacy_touches';

export interface EraseRun {
  db: Database.Database;
  s: PersonScrubber;
  at: number;
  /** Their own words, gathered as tables are erased: the embeddings stored under them go last. */
  texts: Set<string>;
  /** Codes of the tickets they asked: phrasings learnt from those are theirs. */
  requested: Set<string>;
  counts: PrivacyCounts;
  files: SqliteFiles;
  /** Files taken off a ticket (they sent them): their bytes go if no ticket lists them any more. */
  filesOff: Set<string>;
  /** Files forgotten: their bytes are deleted once the erase has committed. */
  filesGone: Set<string>;
}

export interface SqlitePersonalTable {
  /** The tables this handles, each listed once across PERSONAL_TABLES. */
  readonly tables: readonly string[];
  erase(run: EraseRun): void;
}

/** Tables that hold no one's personal data, and why. */
export const NOT_PERSONAL: Readonly<Record<string, string>> = {
  sequences: 'per-department ticket numbers',
  meta: 'counters (the FAQ revision)',
  faq_entries: 'the knowledge base, written by the desk and read from its file',
  faq_outcomes: 'solved or not per FAQ entry, with no person',
  faq_flags: 'FAQ entries set aside for review',
  guide_marks: 'what happened at each step of guided fixes, by a random run id, with no person',
  faq_answer_counts: 'answers given per entry and language',
  work_slots: 'which server instance ran a periodic job',
  privacy_audit: 'the erase log itself, written without the erased data',
  faq_draft_sources: 'which ticket code fed which FAQ draft',
};

const JSON_COLUMNS = new Set(['data', 'actor', 'shifts', 'people', 'off', 'departments']);

export function textColumns(db: Database.Database, table: string): string[] {
  const cols = db.pragma(`table_info(${table})`) as { name: string; type: string }[];
  return cols.filter((c) => c.type.toUpperCase() !== 'BLOB' && c.type.toUpperCase() !== 'INTEGER').map((c) => c.name);
}

function keyColumns(db: Database.Database, table: string): string[] {
  const cols = db.pragma(`table_info(${table})`) as { name: string; pk: number }[];
  return cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
}

/** Rows of `table` that hold the person's id in any text column (or, with TOUCHES, their id or full name). */
export function mentioning(db: Database.Database, table: string, by: typeof MENTIONS | typeof TOUCHES = MENTIONS): Record<string, unknown>[] {
  return db.prepare(`SELECT * FROM ${table} WHERE ${by}(${textColumns(db, table).join(', ')})`).all() as Record<string, unknown>[];
}

function add(run: Pick<EraseRun, 'counts'>, table: string, n: number): void {
  run.counts[table] = (run.counts[table] ?? 0) + n;
}

/** Others' rows that mention them (by id or full name): text rewritten in place (JSON columns as JSON, so identities become the pseudonym). */
function scrubRows(run: EraseRun, table: string): void {
  const keys = keyColumns(run.db, table);
  const cols = textColumns(run.db, table).filter((c) => !keys.includes(c));
  const update = run.db.prepare(`UPDATE ${table} SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE ${keys.map((k) => `${k} = @${k}`).join(' AND ')}`);
  let n = 0;
  for (const row of mentioning(run.db, table, TOUCHES)) {
    const next = { ...row };
    for (const c of cols) {
      const v = row[c];
      if (typeof v === 'string') next[c] = JSON_COLUMNS.has(c) ? JSON.stringify(run.s.value(JSON.parse(v))) : run.s.text(v);
    }
    n += update.run(next).changes;
  }
  add(run, table, n);
}

function deleteOwn(run: EraseRun, table: string, platformCol: string, userCol: string): void {
  const n = run.db.prepare(`DELETE FROM ${table} WHERE ${platformCol} = ? AND ${userCol} = ?`).run(run.s.person.platform, run.s.person.userId).changes;
  add(run, table, n);
}

function deleteMentioning(run: EraseRun, table: string): void {
  add(run, table, run.db.prepare(`DELETE FROM ${table} WHERE ${MENTIONS}(${textColumns(run.db, table).join(', ')})`).run().changes);
}

/** Every string inside a stored JSON value: what a person typed, for their embeddings. */
function stringsIn(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') into.add(value);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsIn(v, into);
}

/**
 * Tickets and their transcripts: those holding their id, and others' that name them
 * in full (rewritten, never dropped). Each ticket touched moves one version on, with a line saying why.
 */
function eraseTickets(run: EraseRun): void {
  const { db, s } = run;
  const codes = new Set([
    ...(db.prepare(`SELECT code FROM tickets WHERE ${TOUCHES}(data)`).pluck().all() as string[]),
    ...(db.prepare(`SELECT DISTINCT ticket_code FROM ticket_events WHERE ${TOUCHES}(actor, text, data)`).pluck().all() as string[]),
  ]);
  const getTicket = db.prepare<[string], TicketRow>('SELECT code, version, data FROM tickets WHERE code = ?');
  const events = db.prepare<[string], EventRow>('SELECT * FROM ticket_events WHERE ticket_code = ? ORDER BY version');
  const updateEvent = db.prepare('UPDATE ticket_events SET actor = @actor, text = @text, data = @data WHERE ticket_code = @ticket_code AND version = @version');
  for (const code of codes) {
    const ticket = toTicket(getTicket.get(code)!);
    const log = events.all(code).map(toEvent);
    if (s.isPerson(ticket.requester)) run.requested.add(code);
    for (const t of ownTexts(ticket, log, s)) run.texts.add(t);
    for (const e of log) {
      const next = scrubEvent(e, s);
      if (JSON.stringify(next) === JSON.stringify(e)) continue;
      updateEvent.run(eventParams(code, e.version, next));
      add(run, 'ticket_events', 1);
    }
    const next = scrubTicket(ticket, s);
    writeTicket(db, next, ticket.version, run.at);
    add(run, 'tickets', 1);
    unlistFiles(run, ticket, next);
  }
}

/** Files the ticket no longer lists leave `ticket_files`; the entries taken off are counted, the ids kept for eraseFiles. */
export function unlistFiles(run: Pick<EraseRun, 'db' | 'counts' | 'filesOff'>, before: Ticket, after: Ticket): void {
  const off = filesTakenOff(before, after);
  if (off.entries > 0) add(run, 'ticket_files', off.entries);
  const unlist = run.db.prepare('DELETE FROM ticket_files WHERE file_id = ? AND ticket_code = ?');
  for (const id of off.ids) {
    unlist.run(id, before.code);
    run.filesOff.add(id);
  }
}

/** The bytes of files taken off tickets go when no ticket lists them any more (deleted after the commit). */
export function eraseFiles(run: Pick<EraseRun, 'files' | 'filesOff' | 'filesGone' | 'counts'>): void {
  const now = Date.now();
  for (const id of run.filesOff) {
    if (!run.files.forgetIfUnused(id, now)) continue;
    run.filesGone.add(id);
    add(run, 'files', 1);
  }
}

/** The statements writeTicket runs, prepared once per connection. */
const ticketWrites = new WeakMap<Database.Database, { update: Database.Statement; event: Database.Statement }>();

/** The ticket as scrubbed, one version on, and the transcript line that moved it. */
export function writeTicket(db: Database.Database, next: Ticket, version: number, at: number): void {
  let stmt = ticketWrites.get(db);
  if (!stmt) {
    stmt = {
      update: db.prepare('UPDATE tickets SET requester_platform = ?, requester_user = ?, version = ?, data = ? WHERE code = ? AND version = ?'),
      event: db.prepare(
        'INSERT INTO ticket_events (ticket_code, version, at, kind, actor, channel, text, data) VALUES (@ticket_code, @version, @at, @kind, @actor, @channel, @text, @data)',
      ),
    };
    ticketWrites.set(db, stmt);
  }
  const saved: Ticket = { ...next, version: version + 1 };
  stmt.update.run(saved.requester.platform, saved.requester.userId, saved.version, JSON.stringify(saved), saved.code, version);
  stmt.event.run(eventParams(saved.code, saved.version, pseudonymisedEvent(at)));
}

/** Learnt phrasings: those only they (or their tickets) vouched for, and those naming them, go; their vouchers go everywhere. */
function erasePhrasings(run: EraseRun): void {
  const { db, s } = run;
  const own = `person:${s.person.platform}:${s.person.userId}`;
  const isTheirs = (voucher: string) => voucher === own || (voucher.startsWith('ticket:') && run.requested.has(voucher.slice('ticket:'.length)));
  const vouchers = db.prepare('SELECT wording_id, voucher FROM faq_wording_vouchers').all() as { wording_id: string; voucher: string }[];
  const byWording = new Map<string, string[]>();
  for (const v of vouchers) byWording.set(v.wording_id, [...(byWording.get(v.wording_id) ?? []), v.voucher]);
  const gone = new Set([...byWording].filter(([, vs]) => vs.every(isTheirs)).map(([id]) => id));
  for (const row of mentioning(db, 'faq_wordings')) gone.add(row.id as string);
  const dropVoucher = db.prepare('DELETE FROM faq_wording_vouchers WHERE wording_id = ? AND voucher = ?');
  for (const v of vouchers) if (isTheirs(v.voucher) && !gone.has(v.wording_id)) add(run, 'faq_wording_vouchers', dropVoucher.run(v.wording_id, v.voucher).changes);
  const wording = db.prepare<[string], { text: string; status: string }>('SELECT text, status FROM faq_wordings WHERE id = ?');
  let approvedGone = false;
  for (const id of gone) {
    const row = wording.get(id);
    if (!row) continue;
    run.texts.add(row.text);
    approvedGone ||= row.status === 'approved';
    add(run, 'faq_wording_vouchers', db.prepare('DELETE FROM faq_wording_vouchers WHERE wording_id = ?').run(id).changes);
    add(run, 'faq_wordings', db.prepare('DELETE FROM faq_wordings WHERE id = ?').run(id).changes);
  }
  // The live matchers drop an approved phrasing only when the revision moves.
  if (approvedGone) db.prepare(BUMP_FAQ_REVISION).get();
}

function eraseRefusals(run: EraseRun): void {
  const drop = run.db.prepare('DELETE FROM faq_refusals WHERE text = ?');
  for (const t of run.texts) add(run, 'faq_refusals', drop.run(t).changes);
  deleteMentioning(run, 'faq_refusals');
}

function eraseWebChat(run: EraseRun): void {
  const lines = run.db.prepare("SELECT data FROM chat_history WHERE platform = ? AND user_id = ? AND source = 'person'").pluck().all(run.s.person.platform, run.s.person.userId) as string[];
  for (const line of lines) stringsIn(JSON.parse(line), run.texts);
  deleteOwn(run, 'chat_history', 'platform', 'user_id');
  scrubRows(run, 'chat_history');
}

function eraseOffers(run: EraseRun): void {
  const offers = run.db.prepare('SELECT data FROM faq_offers WHERE requester_platform = ? AND requester_user = ?').pluck().all(run.s.person.platform, run.s.person.userId) as string[];
  for (const o of offers) run.texts.add((JSON.parse(o) as { text: string }).text);
  deleteOwn(run, 'faq_offers', 'requester_platform', 'requester_user');
  scrubRows(run, 'faq_offers');
}

/** Pending changes that name them are not delivered (nor their delivery marks kept), and errors that name them go. */
function eraseOutbox(run: EraseRun): void {
  const ids = run.db.prepare(`SELECT id FROM outbox WHERE ${MENTIONS}(data)`).pluck().all() as string[];
  const marks = run.db.prepare('DELETE FROM outbox_deliveries WHERE record_id = ?');
  for (const id of ids) add(run, 'outbox_deliveries', marks.run(id).changes);
  deleteMentioning(run, 'outbox');
  deleteMentioning(run, 'outbox_deliveries');
}

/**
 * The report's per-agent cells ("agent.held.slack:U1") move to the key the scrubbed
 * tickets count under ("agent.held.slack:anon-…"), so the next change to one of
 * their tickets takes away from the cell it added to; the counts stay.
 */
function scrubReportDays(run: EraseRun): void {
  const rows = run.db.prepare(`SELECT day, department, cells FROM report_days WHERE ${MENTIONS}(cells)`).all() as { day: number; department: string; cells: string }[];
  const update = run.db.prepare('UPDATE report_days SET cells = ? WHERE day = ? AND department = ?');
  for (const row of rows) {
    const sums = new Map<string, number>();
    for (const [cell, n] of JSON.parse(row.cells) as [string, number][]) {
      const key = run.s.cellKey(cell);
      sums.set(key, (sums.get(key) ?? 0) + n);
    }
    add(run, 'report_days', update.run(dayCells(sums), row.day, row.department).changes);
  }
}

/** Vectors are stored by the hash of the text they embed (any model): those of their words go. */
function eraseEmbeddings(run: EraseRun): void {
  const drop = run.db.prepare('DELETE FROM embeddings WHERE hash = ?');
  for (const text of run.texts) for (const hash of embeddingHashes(text)) add(run, 'embeddings', drop.run(hash).changes);
}

export const embeddingHashes = (text: string) => [textHash('query', text), textHash('passage', text)];

/** In order: tickets first (they tell whose tickets and words the rest are), embeddings last. */
export const PERSONAL_TABLES: readonly SqlitePersonalTable[] = [
  { tables: ['tickets', 'ticket_events'], erase: eraseTickets },
  // The files they sent, taken off the tickets above: their bytes go when no ticket lists them.
  { tables: ['files', 'ticket_files'], erase: eraseFiles },
  { tables: ['agents'], erase: (run) => deleteOwn(run, 'agents', 'platform', 'user_id') },
  // Their chat identities' address, and (erasing an e-mail requester) every identity linked to that address.
  { tables: ['person_addresses'], erase: (run) => deleteMentioning(run, 'person_addresses') },
  { tables: ['faq_wordings', 'faq_wording_vouchers'], erase: erasePhrasings },
  { tables: ['chat_history'], erase: eraseWebChat },
  { tables: ['faq_offers'], erase: eraseOffers },
  { tables: ['faq_refusals'], erase: eraseRefusals },
  {
    tables: ['held_messages'],
    erase: (run) => {
      deleteOwn(run, 'held_messages', 'platform', 'user_id');
      scrubRows(run, 'held_messages');
    },
  },
  // Live messages on their way to other instances' streams (minutes old at most): the rowid counter lives on, so dropping them reuses no number.
  { tables: ['live_feed'], erase: (run) => deleteMentioning(run, 'live_feed') },
  { tables: ['console_links', 'console_sessions'], erase: (run) => (deleteOwn(run, 'console_links', 'platform', 'user_id'), deleteOwn(run, 'console_sessions', 'platform', 'user_id')) },
  // Dedupe marks and conversation pointers keyed by their id (or holding it).
  { tables: ['deliveries'], erase: (run) => deleteMentioning(run, 'deliveries') },
  { tables: ['refs'], erase: (run) => deleteMentioning(run, 'refs') },
  { tables: ['outbox', 'outbox_deliveries'], erase: eraseOutbox },
  // The rota keeps its shape; their key in it becomes the pseudonym, whom nobody pages.
  { tables: ['oncall_weekly', 'oncall_overrides'], erase: (run) => (scrubRows(run, 'oncall_weekly'), scrubRows(run, 'oncall_overrides')) },
  // Drafts quote tickets' wording (already stripped of the details the drafter recognises) and name who decided them.
  { tables: ['faq_drafts'], erase: (run) => scrubRows(run, 'faq_drafts') },
  // The report's per-agent load is kept under the agent's key: it becomes the pseudonym, the counts stay.
  { tables: ['report_days'], erase: scrubReportDays },
  { tables: ['embeddings'], erase: eraseEmbeddings },
];

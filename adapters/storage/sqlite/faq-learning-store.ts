// The knowledge loop's records. Every count is a row whose primary key is the
// voucher, so a second press by the same person adds nothing, and two people
// pressing at once are two rows: neither count is lost.
import type Database from 'better-sqlite3';
import type { FaqLearningStore, LearnedWording, Voucher, WordingSource, WordingStatus } from '../../../src/index.js';
import { BUMP_FAQ_REVISION } from './faq-store.js';
import type { Write } from './group-commit.js';

interface WordingRow {
  id: string;
  entryId: string;
  key: string;
  text: string;
  createdAt: number;
  status: WordingStatus;
  decidedBy: string | null;
  people: number;
  sources: string | null;
}

const WORDING_COLUMNS = `w.id, w.entry_id AS entryId, w.key, w.text, w.created_at AS createdAt, w.status, w.decided_by AS decidedBy,
  (SELECT count(*) FROM faq_wording_vouchers v WHERE v.wording_id = w.id AND v.person = 1) AS people,
  (SELECT group_concat(DISTINCT v.source) FROM faq_wording_vouchers v WHERE v.wording_id = w.id) AS sources`;

function toWording(row: WordingRow): LearnedWording {
  const out: LearnedWording = {
    id: row.id,
    entryId: row.entryId,
    key: row.key,
    text: row.text,
    people: row.people,
    sources: row.sources ? (row.sources.split(',').sort() as WordingSource[]) : [],
    status: row.status,
    createdAt: row.createdAt,
  };
  if (row.decidedBy) out.decidedBy = row.decidedBy;
  return out;
}

const voucherKey = (v: Voucher) => (v.kind === 'person' ? `person:${v.platform}:${v.userId}` : `ticket:${v.code}`);

export function createSqliteFaqLearningStore(db: Database.Database, write: Write): FaqLearningStore {
  const stmt = {
    insertWording: db.prepare(
      'INSERT INTO faq_wordings (id, entry_id, key, text, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (entry_id, key) DO NOTHING',
    ),
    wordingByKey: db.prepare<[string, string], WordingRow>(`SELECT ${WORDING_COLUMNS} FROM faq_wordings w WHERE w.entry_id = ? AND w.key = ?`),
    wordingById: db.prepare<[string], WordingRow>(`SELECT ${WORDING_COLUMNS} FROM faq_wordings w WHERE w.id = ?`),
    allWordings: db.prepare<[], WordingRow>(`SELECT ${WORDING_COLUMNS} FROM faq_wordings w ORDER BY w.created_at, w.id`),
    wordingsWith: db.prepare<[string], WordingRow>(`SELECT ${WORDING_COLUMNS} FROM faq_wordings w WHERE w.status = ? ORDER BY w.created_at, w.id`),
    insertVoucher: db.prepare(
      'INSERT INTO faq_wording_vouchers (wording_id, voucher, person, source, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (wording_id, voucher) DO NOTHING',
    ),
    decide: db.prepare("UPDATE faq_wordings SET status = ?, decided_by = ?, decided_at = ? WHERE id = ? AND status = 'pending'"),
    bumpFaqRevision: db.prepare(BUMP_FAQ_REVISION),
    insertOutcome: db.prepare('INSERT INTO faq_outcomes (entry_id, solved, at) VALUES (?, ?, ?)'),
    latestOutcomes: db.prepare<[string, number], number>('SELECT solved FROM faq_outcomes WHERE entry_id = ? ORDER BY seq DESC LIMIT ?').pluck(),
    // Only the window is ever read: older outcomes go, so the table stays one window per entry.
    pruneOutcomes: db.prepare(
      'DELETE FROM faq_outcomes WHERE entry_id = ? AND seq <= (SELECT seq FROM faq_outcomes WHERE entry_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)',
    ),
    insertRefusal: db.prepare('INSERT INTO faq_refusals (entry_id, key, text, at) VALUES (?, ?, ?, ?) ON CONFLICT (entry_id, key) DO NOTHING'),
    flag: db.prepare('INSERT INTO faq_flags (entry_id, at) VALUES (?, ?) ON CONFLICT (entry_id) DO NOTHING'),
    unflag: db.prepare('DELETE FROM faq_flags WHERE entry_id = ?'),
  };

  return {
    noteWording(seen, by) {
      return write(() => {
        stmt.insertWording.run(seen.id, seen.entryId, seen.key, seen.text, seen.at);
        const { id } = stmt.wordingByKey.get(seen.entryId, seen.key)!;
        stmt.insertVoucher.run(id, voucherKey(by), by.kind === 'person' ? 1 : 0, seen.source, seen.at);
        return toWording(stmt.wordingByKey.get(seen.entryId, seen.key)!);
      });
    },

    decideWording(id, verdict, by, at) {
      return write(() => {
        if (stmt.decide.run(verdict, by, at, id).changes === 1 && verdict === 'approved') stmt.bumpFaqRevision.get();
        const row = stmt.wordingById.get(id);
        return row ? toWording(row) : null;
      });
    },

    async learnedWordings(status) {
      return (status ? stmt.wordingsWith.all(status) : stmt.allWordings.all()).map(toWording);
    },

    recordFaqOutcome(entryId, solved, at, window) {
      return write(() => {
        stmt.insertOutcome.run(entryId, solved ? 1 : 0, at);
        stmt.pruneOutcomes.run(entryId, entryId, window);
        return stmt.latestOutcomes.all(entryId, window).map((s) => s === 1);
      });
    },

    noteRefusal({ entryId, key, text, at }) {
      return write(() => {
        const fresh = stmt.insertRefusal.run(entryId, key, text, at).changes === 1;
        if (fresh) stmt.bumpFaqRevision.get();
        return fresh;
      });
    },

    flagFaqEntry(entryId, at) {
      return write(() => stmt.flag.run(entryId, at).changes === 1);
    },

    async clearFaqFlag(entryId) {
      await write(() => stmt.unflag.run(entryId));
    },
  };
}

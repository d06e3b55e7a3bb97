// FAQ drafts on SQLite (see the FaqDraftStore port). A draft and the claims on its
// source tickets are written in one savepoint: a source claimed by another draft
// fails the whole proposal, so two proposers of one cluster leave one draft.
import type Database from 'better-sqlite3';
import { HelpDeskError, type FaqDraft, type FaqDraftStore } from '../../../src/index.js';
import type { Write } from './group-commit.js';

const isTaken = (err: unknown) => {
  const code = (err as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
};

/** Lookups of many codes go in chunks well under SQLite's bound-parameter limit. */
const CHUNK = 500;

export function createSqliteFaqDraftStore(db: Database.Database, write: Write): FaqDraftStore {
  const stmt = {
    insert: db.prepare('INSERT INTO faq_drafts (id, department, status, created_at, version, data) VALUES (?, ?, ?, ?, ?, ?)'),
    claim: db.prepare('INSERT INTO faq_draft_sources (code, draft_id) VALUES (?, ?)'),
    get: db.prepare<[string], { data: string }>('SELECT data FROM faq_drafts WHERE id = ?'),
    update: db.prepare('UPDATE faq_drafts SET department = ?, status = ?, version = ?, data = ? WHERE id = ? AND version = ?'),
  };
  const read = (row: { data: string } | undefined): FaqDraft | null => (row ? (JSON.parse(row.data) as FaqDraft) : null);

  return {
    async proposeDraft(draft) {
      try {
        return await write(() => {
          stmt.insert.run(draft.id, draft.department, draft.status, draft.createdAt, draft.version, JSON.stringify(draft));
          for (const code of draft.sources) stmt.claim.run(code, draft.id);
          return draft;
        });
      } catch (err) {
        if (isTaken(err)) return null;
        throw err;
      }
    },
    async draftedSources(codes) {
      const out = new Map<string, string>();
      for (let i = 0; i < codes.length; i += CHUNK) {
        const chunk = codes.slice(i, i + CHUNK);
        const rows = db.prepare(`SELECT code, draft_id FROM faq_draft_sources WHERE code IN (${chunk.map(() => '?').join(',')})`).all(...chunk) as { code: string; draft_id: string }[];
        for (const r of rows) out.set(r.code, r.draft_id);
      }
      return out;
    },
    async getDraft(id) {
      return read(stmt.get.get(id));
    },
    async listDrafts({ status, departments, limit }) {
      const where: string[] = [];
      const params: (string | number)[] = [];
      if (status) {
        where.push('status = ?');
        params.push(status);
      }
      if (departments) {
        if (departments.length === 0) return [];
        where.push(`department IN (${departments.map(() => '?').join(',')})`);
        params.push(...departments);
      }
      params.push(Math.max(0, Math.floor(limit)));
      const rows = db
        .prepare(`SELECT data FROM faq_drafts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id LIMIT ?`)
        .all(...params) as { data: string }[];
      return rows.map((r) => JSON.parse(r.data) as FaqDraft);
    },
    async updateDraft(next, expectedVersion) {
      const saved: FaqDraft = { ...next, version: expectedVersion + 1 };
      const changed = await write(() => stmt.update.run(saved.department, saved.status, saved.version, JSON.stringify(saved), saved.id, expectedVersion).changes);
      if (changed !== 1) throw new HelpDeskError('STORE.CONFLICT', { code: next.id });
      return saved;
    },
  };
}

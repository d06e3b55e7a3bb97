// The knowledge base and the embeddings computed for it.
import type Database from 'better-sqlite3';
import { withLearnedPhrasings, withRefusedWordings, type FaqEntry, type FaqStore } from '../../../src/index.js';
import type { Write } from './group-commit.js';

/** A BLOB's bytes as float32s (copied: the buffer may be unaligned or reused). */
function toVector(blob: Buffer): Float32Array {
  const out = new Float32Array(blob.byteLength / 4);
  new Uint8Array(out.buffer).set(blob);
  return out;
}

/** Moves the FAQ revision on and returns it: whoever reads it next rebuilds the matcher. */
export const BUMP_FAQ_REVISION = `INSERT INTO meta (key, value) VALUES ('faq_revision', '1')
   ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1 RETURNING value`;

export function createSqliteFaqStore(db: Database.Database, write: Write): FaqStore {
  const stmt = {
    upsertFaq: db.prepare(
      'INSERT INTO faq_entries (id, department, data) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET department = excluded.department, data = excluded.data',
    ),
    listFaqs: db.prepare<[], { data: string }>('SELECT data FROM faq_entries ORDER BY id'),
    bumpFaqRevision: db.prepare<[], { value: string }>(BUMP_FAQ_REVISION),
    approvedWordings: db.prepare<[], { entryId: string; text: string }>(
      "SELECT entry_id AS entryId, text FROM faq_wordings WHERE status = 'approved' ORDER BY decided_at, id",
    ),
    refusedWordings: db.prepare<[], { entryId: string; text: string }>('SELECT entry_id AS entryId, text FROM faq_refusals ORDER BY at, key'),
    faqRevision: db.prepare<[], string>("SELECT value FROM meta WHERE key = 'faq_revision'").pluck(),
    loadEmbedding: db.prepare<[string, string], Buffer>('SELECT vector FROM embeddings WHERE model = ? AND hash = ?').pluck(),
    saveEmbedding: db.prepare('INSERT INTO embeddings (model, hash, vector) VALUES (?, ?, ?) ON CONFLICT (model, hash) DO NOTHING'),
  };

  return {
    upsertFaqs(entries) {
      return write(() => {
        for (const e of entries) stmt.upsertFaq.run(e.id, e.department, JSON.stringify(e));
        return String(stmt.bumpFaqRevision.get()!.value);
      });
    },

    async listFaqs() {
      // Learnt wordings are kept apart from the entries: an import that replaces an entry keeps them.
      const entries = stmt.listFaqs.all().map((row) => JSON.parse(row.data) as FaqEntry);
      return withRefusedWordings(withLearnedPhrasings(entries, stmt.approvedWordings.all()), stmt.refusedWordings.all());
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
  };
}

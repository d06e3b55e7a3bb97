// The knowledge base and the embeddings computed for it.
import type Database from 'better-sqlite3';
import type { FaqEntry, FaqStore } from '../../../src/index.js';
import type { Write } from './group-commit.js';

/** A BLOB's bytes as float32s (copied: the buffer may be unaligned or reused). */
function toVector(blob: Buffer): Float32Array {
  const out = new Float32Array(blob.byteLength / 4);
  new Uint8Array(out.buffer).set(blob);
  return out;
}

export function createSqliteFaqStore(db: Database.Database, write: Write): FaqStore {
  const stmt = {
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
  };

  return {
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
  };
}

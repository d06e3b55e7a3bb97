// The knowledge base and the embeddings computed for it.
import { randomUUID } from 'node:crypto';
import { withLearnedPhrasings, withRefusedWordings, type FaqEntry, type FaqStore } from '../../../src/index.js';
import { isDuplicateKey } from './duplicate-key.js';
import type { Models } from './models.js';

/** A fresh random revision: whoever reads it next rebuilds, whichever write was last. */
export async function bumpFaqRevision(m: Models): Promise<string> {
  const revision = randomUUID();
  await m.Meta.replaceOne({ _id: 'faq_revision' }, { _id: 'faq_revision', value: revision }, { upsert: true }).catch(async (err: unknown) => {
    if (!isDuplicateKey(err)) throw err;
    await m.Meta.replaceOne({ _id: 'faq_revision' }, { _id: 'faq_revision', value: revision });
  });
  return revision;
}

/** Approved learnt wordings, in the order they were approved. */
async function approvedWordings(m: Models): Promise<{ entryId: string; text: string }[]> {
  const approved = await m.FaqWordingDecision.find({ verdict: 'approved' }).sort({ at: 1, _id: 1 }).lean();
  if (approved.length === 0) return [];
  const docs = await m.FaqWording.find({ _id: { $in: approved.map((d) => d._id) } }).lean();
  const byId = new Map(docs.map((d) => [d._id, d]));
  return approved.flatMap((d) => {
    const w = byId.get(d._id);
    return w ? [{ entryId: w.entryId!, text: w.text! }] : [];
  });
}

export function createMongoFaqStore(m: Models): FaqStore {
  return {
    async upsertFaqs(entries) {
      if (entries.length > 0) {
        await m.FaqEntry.bulkWrite(
          entries.map((e) => ({ replaceOne: { filter: { _id: e.id }, replacement: { _id: e.id, department: e.department, data: e }, upsert: true } })),
        );
      }
      return bumpFaqRevision(m);
    },

    async listFaqs() {
      // Learnt wordings are kept apart from the entries: an import that replaces an entry keeps them.
      const docs = await m.FaqEntry.find({}).sort({ _id: 1 }).lean();
      const refused = await m.FaqRefusal.find({}).sort({ at: 1, _id: 1 }).lean();
      return withRefusedWordings(
        withLearnedPhrasings(docs.map((d) => d.data as FaqEntry), await approvedWordings(m)),
        refused.map((r) => ({ entryId: r.entryId!, text: r.text! })),
      );
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
  };
}

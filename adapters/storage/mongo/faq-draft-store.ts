// FAQ drafts on MongoDB, in collections of their own. Nothing relies on an atomic
// update (FerretDB applies none across connections, event-log.ts says why):
//  - a source ticket is claimed by inserting `{_id: code}`; claims are made in code
//    order and a proposal that loses one gives back those it made, so of two
//    proposers of overlapping clusters one keeps every claim;
//  - a change is the insert of `<id>#<version>` into faq_draft_versions, which only
//    one writer of a version can make, then the draft is replaced whole.
import { Schema, type Connection } from 'mongoose';
import { HelpDeskError, type FaqDraft, type FaqDraftStore } from '../../../src/index.js';
import { isDuplicateKey } from './duplicate-key.js';

const draftSchema = new Schema(
  { _id: String, department: String, status: String, createdAt: Number, version: Number, data: { type: String, required: true } },
  { versionKey: false },
);
draftSchema.index({ status: 1, createdAt: -1 });
const sourceSchema = new Schema({ _id: String, draft: String }, { versionKey: false });
const versionSchema = new Schema({ _id: String, at: Number }, { versionKey: false });

const LOOKUPS_AT_ONCE = 50;

type DraftDoc = { data?: unknown };
const toDraft = (d: DraftDoc | null): FaqDraft | null => (d && typeof d.data === 'string' ? (JSON.parse(d.data) as FaqDraft) : null);
const docOf = (d: FaqDraft) => ({ _id: d.id, department: d.department, status: d.status, createdAt: d.createdAt, version: d.version, data: JSON.stringify(d) });

export async function createMongoFaqDraftStore(conn: Connection): Promise<FaqDraftStore> {
  const Draft = conn.model('FaqDraft', draftSchema, 'faq_drafts');
  const Source = conn.model('FaqDraftSource', sourceSchema, 'faq_draft_sources');
  const Version = conn.model('FaqDraftVersion', versionSchema, 'faq_draft_versions');
  await Promise.all([Draft.createIndexes(), Source.createIndexes(), Version.createIndexes()]);

  async function claim(draft: FaqDraft): Promise<boolean> {
    const claimed: string[] = [];
    for (const code of [...draft.sources].sort()) {
      try {
        await Source.collection.insertOne({ _id: code as never, draft: draft.id });
        claimed.push(code);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        if (claimed.length > 0) await Source.deleteMany({ _id: { $in: claimed }, draft: draft.id });
        return false;
      }
    }
    return true;
  }

  return {
    async proposeDraft(draft) {
      // The version-1 marker first: of two proposals of one id, one goes on.
      try {
        await Version.collection.insertOne({ _id: `${draft.id}#${draft.version}` as never, at: draft.createdAt });
      } catch (err) {
        if (isDuplicateKey(err)) return null;
        throw err;
      }
      if (!(await claim(draft))) {
        await Version.deleteOne({ _id: `${draft.id}#${draft.version}` });
        return null;
      }
      await Draft.collection.insertOne(docOf(draft) as never);
      return draft;
    },
    async draftedSources(codes) {
      const out = new Map<string, string>();
      // `_id` lookups, a batch at a time: the one filter FerretDB serves without reading the collection.
      for (let i = 0; i < codes.length; i += LOOKUPS_AT_ONCE) {
        const found = await Promise.all(codes.slice(i, i + LOOKUPS_AT_ONCE).map((code) => Source.findById(code).lean()));
        for (const d of found) if (d) out.set(String(d._id), String(d.draft));
      }
      return out;
    },
    async getDraft(id) {
      return toDraft(await Draft.findById(id).lean());
    },
    async listDrafts({ status, departments, limit }) {
      if (departments && departments.length === 0) return [];
      const filter: Record<string, unknown> = {};
      if (status) filter.status = status;
      if (departments) filter.department = { $in: [...departments] };
      const docs = await Draft.find(filter).sort({ createdAt: -1, _id: 1 }).limit(Math.max(0, Math.floor(limit))).lean();
      return docs.map((d) => toDraft(d)!).filter(Boolean);
    },
    async updateDraft(next, expectedVersion) {
      const stored = toDraft(await Draft.findById(next.id).lean());
      if (!stored || stored.version !== expectedVersion) throw new HelpDeskError('STORE.CONFLICT', { code: next.id });
      const saved: FaqDraft = { ...next, version: expectedVersion + 1 };
      try {
        await Version.collection.insertOne({ _id: `${saved.id}#${saved.version}` as never, at: saved.updatedAt });
      } catch (err) {
        if (isDuplicateKey(err)) throw new HelpDeskError('STORE.CONFLICT', { code: next.id });
        throw err;
      }
      await Draft.replaceOne({ _id: saved.id }, docOf(saved));
      return saved;
    },
  };
}

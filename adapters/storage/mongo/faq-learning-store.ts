// The knowledge loop on MongoDB. FerretDB applies no update atomically, so
// nothing here is counted in place: each voucher, decision and flag is a
// document of its own whose `_id` settles the race (models.ts), and counts are
// read back from them.
import { Types } from 'mongoose';
import type { FaqLearningStore, LearnedWording, Voucher, WordingSeen, WordingSource, WordingStatus } from '../../../src/index.js';
import { ignoreDuplicateKey, isDuplicateKey } from './duplicate-key.js';
import { bumpFaqRevision } from './faq-store.js';
import type { Models } from './models.js';

interface WordingDoc {
  _id: string;
  id: string;
  entryId: string;
  key: string;
  text: string;
  createdAt: number;
}

const wordingDocId = (entryId: string, key: string) => `${entryId}\u0000${key}`;
const voucherKey = (v: Voucher) => (v.kind === 'person' ? `person:${v.platform}:${v.userId}` : `ticket:${v.code}`);

async function insertOnce(run: () => Promise<unknown>): Promise<boolean> {
  try {
    await run();
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

export function createMongoFaqLearningStore(m: Models): FaqLearningStore {
  /** The wordings as they stand: their vouchers counted, their decisions read. */
  async function describe(docs: readonly WordingDoc[]): Promise<LearnedWording[]> {
    if (docs.length === 0) return [];
    const ids = docs.map((d) => d._id);
    const [vouchers, decisions] = await Promise.all([
      m.FaqWordingVoucher.find({ wording: { $in: ids } }).lean(),
      m.FaqWordingDecision.find({ _id: { $in: ids } }).lean(),
    ]);
    return docs.map((d) => {
      const mine = vouchers.filter((v) => v.wording === d._id);
      const decision = decisions.find((x) => x._id === d._id);
      const out: LearnedWording = {
        id: d.id,
        entryId: d.entryId,
        key: d.key,
        text: d.text,
        people: mine.filter((v) => v.person).length,
        sources: [...new Set(mine.map((v) => v.source as WordingSource))].sort(),
        status: (decision?.verdict as WordingStatus | undefined) ?? 'pending',
        createdAt: d.createdAt,
      };
      if (decision?.by) out.decidedBy = decision.by;
      return out;
    });
  }

  const wordingDocs = (filter: Record<string, unknown>) => m.FaqWording.find(filter).sort({ createdAt: 1, id: 1 }).lean<WordingDoc[]>();

  return {
    async noteWording(seen: WordingSeen, by) {
      const _id = wordingDocId(seen.entryId, seen.key);
      const doc: WordingDoc = { _id, id: seen.id, entryId: seen.entryId, key: seen.key, text: seen.text, createdAt: seen.at };
      await m.FaqWording.collection.insertOne(doc as never).catch(ignoreDuplicateKey);
      const voucher = { _id: `${_id}\u0000${voucherKey(by)}`, wording: _id, person: by.kind === 'person', source: seen.source, at: seen.at };
      await m.FaqWordingVoucher.collection.insertOne(voucher as never).catch(ignoreDuplicateKey);
      const stored = await m.FaqWording.findById(_id).lean<WordingDoc>();
      return (await describe([stored!]))[0]!;
    },

    async decideWording(id, verdict, by, at) {
      const [doc] = await wordingDocs({ id });
      if (!doc) return null;
      const first = await insertOnce(() => m.FaqWordingDecision.collection.insertOne({ _id: doc._id, verdict, by, at } as never));
      if (first && verdict === 'approved') await bumpFaqRevision(m);
      return (await describe([doc]))[0]!;
    },

    async learnedWordings(status) {
      const all = await describe(await wordingDocs({}));
      return status ? all.filter((w) => w.status === status) : all;
    },

    async recordFaqOutcome(entryId, solved, at, window) {
      await m.FaqOutcome.collection.insertOne({ _id: new Types.ObjectId(), entryId, solved, at } as never);
      const latest = await m.FaqOutcome.find({ entryId }).sort({ at: -1, _id: -1 }).limit(window).lean();
      // Only the window is ever read: older outcomes go.
      const oldest = latest.length === window ? latest[latest.length - 1]! : null;
      if (oldest) await m.FaqOutcome.deleteMany({ entryId, at: { $lt: oldest.at! } });
      return latest.map((o) => o.solved === true);
    },

    async noteRefusal({ entryId, key, text, at }) {
      const fresh = await insertOnce(() => m.FaqRefusal.collection.insertOne({ _id: `${entryId}\u0000${key}`, entryId, key, text, at } as never));
      if (fresh) await bumpFaqRevision(m);
      return fresh;
    },

    flagFaqEntry(entryId, at) {
      return insertOnce(() => m.FaqFlag.collection.insertOne({ _id: entryId, at } as never));
    },

    async clearFaqFlag(entryId) {
      await m.FaqFlag.deleteOne({ _id: entryId });
    },
  };
}

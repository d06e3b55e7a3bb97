// The web chat's history and the FAQ's answer counts (see the WebChatStore port),
// in collections of their own: chat_history and faq_answers. Nothing here relies
// on an atomic update ($inc loses updates under concurrency on FerretDB): each
// line and each answer is a document of its own, inserted.
import { Schema, Types, type Connection } from 'mongoose';
import { HISTORY_PER_PERSON, type HistorySource, type WebChatStore } from '../../../src/index.js';

/**
 * `_id` is an ObjectId: within one process it grows with every insert (and
 * across processes with the second it was made in), so it keeps a person's
 * lines in the order written; its hex string is the line's id.
 */
const historyLine = new Schema(
  {
    platform: { type: String, required: true },
    userId: { type: String, required: true },
    at: { type: Number, required: true },
    from: { type: String, required: true },
    data: { type: String, required: true },
  },
  { versionKey: false },
);
historyLine.index({ platform: 1, userId: 1, _id: 1 });

/** One document per answer given from an entry in a language; counted when read. */
const faqAnswer = new Schema({ locale: { type: String, required: true }, entryId: { type: String, required: true } }, { versionKey: false });
faqAnswer.index({ locale: 1, entryId: 1 });

const NEWEST_FIRST = { _id: -1 } as const;

export async function createMongoWebChatStore(conn: Connection): Promise<WebChatStore> {
  const Line = conn.model('ChatHistoryLine', historyLine, 'chat_history');
  const Answer = conn.model('FaqAnswer', faqAnswer, 'faq_answers');
  await Promise.all([Line.createIndexes(), Answer.createIndexes()]);

  return {
    async appendHistory(person, lines) {
      if (lines.length === 0) return [];
      const { platform, userId } = person;
      const docs = lines.map((l) => ({ _id: new Types.ObjectId(), platform, userId, at: l.at, from: l.from, data: l.data }));
      await Line.collection.insertMany(docs, { ordered: true });
      // Past the newest HISTORY_PER_PERSON: usually none; as many as were added once the person is at the bound.
      const older = await Line.find({ platform, userId }, { _id: 1 }).sort(NEWEST_FIRST).skip(HISTORY_PER_PERSON).lean();
      if (older.length > 0) await Line.deleteMany({ _id: { $in: older.map((d) => d._id) } });
      return docs.map((d) => d._id.toHexString());
    },

    async historyOf(person, limit) {
      const docs = await Line.find({ platform: person.platform, userId: person.userId }).sort(NEWEST_FIRST).limit(limit).lean();
      return docs.reverse().map((d) => ({ id: String(d._id), at: d.at, from: d.from as HistorySource, data: d.data }));
    },

    async countFaqAnswer(entryId, locale) {
      await Answer.collection.insertOne({ locale, entryId });
    },

    async mostAskedFaqs(locale, limit) {
      const rows = await Answer.aggregate<{ _id: string; count: number }>([
        { $match: { locale } },
        { $group: { _id: '$entryId', count: { $sum: 1 } } },
        { $sort: { count: -1, _id: 1 } },
        { $limit: limit },
      ]);
      return rows.map((r) => ({ entryId: r._id, count: r.count }));
    },
  };
}

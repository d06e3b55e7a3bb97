// The web chat's history and the FAQ's answer counts (see the WebChatStore port),
// in collections of their own: chat_history and faq_answer_counts.
import { Schema, type Connection } from 'mongoose';
import { HISTORY_PER_PERSON, type HistorySource, type WebChatStore } from '../../../src/index.js';

/** `seq` orders a person's lines: one more than their newest, taken under the person's counter. */
const historyLine = new Schema(
  {
    platform: { type: String, required: true },
    userId: { type: String, required: true },
    seq: { type: Number, required: true },
    at: { type: Number, required: true },
    from: { type: String, required: true },
    data: { type: String, required: true },
  },
  { versionKey: false },
);
historyLine.index({ platform: 1, userId: 1, seq: 1 }, { unique: true });

/** One per person: the last `seq` handed out, raised atomically. `_id`: platform, NUL, user id. */
const historyCounter = new Schema({ _id: String, last: Number }, { versionKey: false });

/** `_id`: locale, NUL, entry id. */
const faqAnswerCount = new Schema({ _id: String, locale: String, entryId: String, count: Number }, { versionKey: false });
faqAnswerCount.index({ locale: 1, count: -1, entryId: 1 });

export async function createMongoWebChatStore(conn: Connection): Promise<WebChatStore> {
  const Line = conn.model('ChatHistoryLine', historyLine, 'chat_history');
  const Counter = conn.model('ChatHistoryCounter', historyCounter, 'chat_history_counters');
  const Count = conn.model('FaqAnswerCount', faqAnswerCount, 'faq_answer_counts');
  await Promise.all([Line.createIndexes(), Count.createIndexes()]);

  return {
    async appendHistory(person, lines) {
      if (lines.length === 0) return [];
      const { platform, userId } = person;
      const counter = await Counter.findOneAndUpdate(
        { _id: `${platform}\u0000${userId}` },
        { $inc: { last: lines.length } },
        { upsert: true, returnDocument: 'after', lean: true },
      );
      const first = counter!.last! - lines.length + 1;
      const docs = lines.map((l, i) => ({ platform, userId, seq: first + i, at: l.at, from: l.from, data: l.data }));
      await Line.collection.insertMany(docs);
      await Line.deleteMany({ platform, userId, seq: { $lte: counter!.last! - HISTORY_PER_PERSON } });
      return docs.map((d) => String(d.seq));
    },

    async historyOf(person, limit) {
      const docs = await Line.find({ platform: person.platform, userId: person.userId }).sort({ seq: -1 }).limit(limit).lean();
      return docs.reverse().map((d) => ({ id: String(d.seq), at: d.at, from: d.from as HistorySource, data: d.data }));
    },

    async countFaqAnswer(entryId, locale) {
      await Count.updateOne({ _id: `${locale}\u0000${entryId}` }, { $inc: { count: 1 }, $setOnInsert: { locale, entryId } }, { upsert: true });
    },

    async mostAskedFaqs(locale, limit) {
      const docs = await Count.find({ locale }).sort({ count: -1, entryId: 1 }).limit(limit).lean();
      return docs.map((d) => ({ entryId: d.entryId!, count: d.count! }));
    },
  };
}

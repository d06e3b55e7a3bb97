// The live feed on MongoDB (see the LiveFeedStore port). No counter: FerretDB's
// updates are not atomic, so two writers could take one number. Each append reads
// the newest sequence n and inserts `_id: n + 1`; a writer that lost the race gets
// a duplicate key and reads again. n + 1 is thus only ever inserted once n was
// committed, and a reader reading "after n" in order never passes over one still
// coming. The collection stays a few minutes long (FerretDB scans it for the sort).
import type { LiveFeedStore } from '../../../src/index.js';
import { isDuplicateKey } from './duplicate-key.js';
import type { Models } from './models.js';

/** Writers racing for one number: each round one of them wins, so this many rounds means something else is wrong. */
const ATTEMPTS = 100;

interface FeedDoc {
  _id: number;
  kind: string;
  origin: string;
  at: number;
  payload: string;
}

export function createMongoLiveFeedStore(m: Models): LiveFeedStore {
  const feed = m.LiveFeed.collection;

  async function last(): Promise<number> {
    const [newest] = await feed.find<Pick<FeedDoc, '_id'>>({}, { projection: { _id: 1 } }).sort({ _id: -1 }).limit(1).toArray();
    return newest?._id ?? 0;
  }

  return {
    async appendFeed({ kind, origin, payload, at }) {
      const body = { kind, origin, at, payload: JSON.stringify(payload) };
      for (let attempt = 1; ; attempt++) {
        const seq = (await last()) + 1;
        try {
          await feed.insertOne({ _id: seq as never, ...body });
          return seq;
        } catch (err) {
          if (!isDuplicateKey(err) || attempt >= ATTEMPTS) throw err;
        }
      }
    },

    async feedAfter(seq, limit) {
      const docs = await feed.find<FeedDoc>({ _id: { $gt: seq } as never }).sort({ _id: 1 }).limit(limit).toArray();
      return docs.map((d) => ({ seq: d._id, kind: d.kind, origin: d.origin, at: d.at, payload: JSON.parse(d.payload) as unknown }));
    },

    lastFeedSeq: last,

    async forgetFeedBefore(at) {
      // The newest stays whatever its age: the next append numbers from it.
      const newest = await last();
      return (await feed.deleteMany({ at: { $lt: at }, _id: { $lt: newest } as never })).deletedCount;
    },

    watchFeed(wake, failed) {
      let stream: ReturnType<typeof feed.watch>;
      try {
        stream = feed.watch([{ $match: { operationType: 'insert' } }]);
      } catch (err) {
        failed(err);
        return () => undefined;
      }
      stream.on('change', () => wake());
      stream.once('error', (err) => {
        failed(err);
        stream.close().catch(() => undefined);
      });
      return () => void stream.close().catch(() => undefined);
    },
  };
}

// The live feed on MongoDB (see the LiveFeedStore port). No counter: FerretDB's
// updates are not atomic, so two writers could take one number. Each append reads
// the newest sequence n and inserts `_id: n + 1`; a writer that lost the race gets
// a duplicate key and reads again. n + 1 is thus only ever inserted once n was
// committed, and a reader reading "after n" in order never passes over one still
// coming. FerretDB scans the whole collection for a range or a sort (only a lone
// `_id` equality is an index lookup), so the usual cases go by `_id` lookups: the
// newest from the last one this connection saw (n exists, n + 1 does not), and
// nothing new after a reader's n when n exists and n + 1 does not. Scans are left
// for a start, a reader far behind, and large catch-ups; pruning keeps them short.
// FerretDB looks a string `_id` up by index but not a number: `_id` is the
// sequence as digits, zero-padded so their order as text is their order as numbers.
import type { LiveFeedStore } from '../../../src/index.js';
import { isDuplicateKey } from './duplicate-key.js';
import type { Models } from './models.js';

/** Writers racing for one number: each round one of them wins, so this many rounds means something else is wrong. */
const ATTEMPTS = 100;
/**
 * A sequence seen this recently is trusted as a starting point for lookups. Pruning takes entries minutes
 * old, oldest first: the ones after a sequence this fresh are still there (clocks apart by less than that).
 */
const FRESH_MS = 30_000;
/** Entries read one lookup each before a reader's catch-up turns to one scan. */
const LOOKUPS = 16;

interface FeedDoc {
  _id: string;
  kind: string;
  origin: string;
  at: number;
  payload: string;
}

/** Sequences up to 10^16: more than an append a microsecond for three centuries. */
const key = (seq: number) => String(seq).padStart(16, '0');

const entryOf = (d: FeedDoc) => ({ seq: Number(d._id), kind: d.kind, origin: d.origin, at: d.at, payload: JSON.parse(d.payload) as unknown });

export function createMongoLiveFeedStore(m: Models, now: () => number = Date.now): LiveFeedStore {
  const feed = m.LiveFeed.collection;
  /** The newest sequence this connection saw, and when. */
  let seen = { seq: 0, at: 0 };
  const saw = (seq: number) => {
    if (seq >= seen.seq) seen = { seq, at: now() };
  };

  const byId = (seq: number) => feed.findOne<FeedDoc>({ _id: key(seq) as never });
  const exists = async (seq: number) => (await feed.findOne({ _id: key(seq) as never }, { projection: { _id: 1 } })) !== null;

  async function scanLast(): Promise<number> {
    const [newest] = await feed.find<Pick<FeedDoc, '_id'>>({}, { projection: { _id: 1 } }).sort({ _id: -1 }).limit(1).toArray();
    return newest ? Number(newest._id) : 0;
  }

  async function last(): Promise<number> {
    let n = seen.seq;
    if (n > 0 && now() - seen.at < FRESH_MS && (await exists(n))) {
      while (await exists(n + 1)) n++;
    } else {
      n = await scanLast();
    }
    saw(n);
    return n;
  }

  async function scanAfter(seq: number, limit: number) {
    return (await feed.find<FeedDoc>({ _id: { $gt: key(seq) } as never }).sort({ _id: 1 }).limit(limit).toArray()).map(entryOf);
  }

  return {
    async appendFeed({ kind, origin, payload, at }) {
      const body = { kind, origin, at, payload: JSON.stringify(payload) };
      for (let attempt = 1; ; attempt++) {
        const seq = (await last()) + 1;
        try {
          await feed.insertOne({ _id: key(seq) as never, ...body });
          saw(seq);
          return seq;
        } catch (err) {
          if (!isDuplicateKey(err) || attempt >= ATTEMPTS) throw err;
        }
      }
    },

    async feedAfter(seq, limit) {
      const entries = [];
      for (let next = seq + 1; entries.length < Math.min(limit, LOOKUPS); next++) {
        const doc = await byId(next);
        if (!doc) break;
        entries.push(entryOf(doc));
      }
      // Nothing after an entry that is still there: nothing new. Otherwise (a start, pruned past it) a scan says.
      if (entries.length === 0 && seq > 0 && (await exists(seq))) return [];
      if (entries.length === 0) entries.push(...(await scanAfter(seq, limit)));
      else if (entries.length === LOOKUPS && limit > LOOKUPS) entries.push(...(await scanAfter(entries.at(-1)!.seq, limit - LOOKUPS)));
      if (entries.length > 0) saw(entries.at(-1)!.seq);
      return entries;
    },

    lastFeedSeq: last,

    async forgetFeedBefore(at) {
      // The newest stays whatever its age: the next append numbers from it.
      const newest = await scanLast();
      return (await feed.deleteMany({ at: { $lt: at }, _id: { $lt: key(newest) } as never })).deletedCount;
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

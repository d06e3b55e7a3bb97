// The live feed's store, on each store: entries read back in the order they were
// committed, numbered without a gap even when two connections append at once, a
// reader reading "after n" while others append never passing over one, and the
// pruning that keeps the feed a few minutes long without renumbering it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/index.js';

export interface FeedHarness {
  /** A new connection to the same data, as a second process would have. */
  connect(): Promise<Store>;
  cleanup(): Promise<void>;
}

const entry = (n: number, at = 1_000 + n, origin = 'a') => ({ kind: 'test', origin, payload: { n }, at });

export function runLiveFeedStoreContract(name: string, open: () => Promise<FeedHarness>): void {
  describe(`live feed store on ${name}`, () => {
    let harness: FeedHarness;
    const opened: Store[] = [];
    const connect = async () => {
      const store = await harness.connect();
      opened.push(store);
      return store;
    };

    beforeEach(async () => {
      harness = await open();
    });
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
      await harness.cleanup();
    });

    it('starts at 0, numbers entries in order and reads them back after a sequence, a page at a time', async () => {
      const store = await connect();
      expect(await store.lastFeedSeq()).toBe(0);
      const seqs = [];
      for (let n = 1; n <= 3; n++) seqs.push(await store.appendFeed(entry(n)));
      expect(seqs).toEqual([1, 2, 3]);
      expect(await store.lastFeedSeq()).toBe(3);
      expect(await store.feedAfter(0, 10)).toEqual([1, 2, 3].map((n) => ({ seq: n, ...entry(n) })));
      expect((await store.feedAfter(1, 1)).map((e) => e.seq)).toEqual([2]);
      expect(await store.feedAfter(3, 10)).toEqual([]);
    });

    it('keeps a payload as it was given, keys a document store treats specially included', async () => {
      const store = await connect();
      const payload = { $where: 'x', 'a.b': [1, { c: null }], text: 'ciao <b>Mario</b> 👋' };
      const seq = await store.appendFeed({ kind: 'web.message', origin: 'o', payload, at: 5 });
      expect((await store.feedAfter(seq - 1, 1))[0]!.payload).toEqual(payload);
    });

    it('numbers appends from two connections at once without a gap, and a reader meanwhile sees each once, in order', async () => {
      const one = await connect();
      const two = await connect();
      const reader = await connect();
      const PER = 30;
      const WIDTH = 3;
      const appendMany = async (store: Store, origin: string) => {
        const seqs: number[] = [];
        // A few appends in flight per connection, as a busy instance would have.
        for (let i = 0; i < PER; i += WIDTH) {
          const batch = Array.from({ length: Math.min(WIDTH, PER - i) }, (_, k) => store.appendFeed(entry(i + k, 1_000, origin)));
          seqs.push(...(await Promise.all(batch)));
        }
        return seqs;
      };
      const read: number[] = [];
      let done = false;
      const reading = (async () => {
        let cursor = 0;
        while (!done || read.length < 2 * PER) {
          for (const e of await reader.feedAfter(cursor, 7)) {
            read.push(e.seq);
            cursor = e.seq;
          }
          if (done && (await reader.lastFeedSeq()) === cursor) break;
          // A store that answers at once (SQLite) would otherwise never let the appends run.
          await new Promise((r) => setTimeout(r, 1));
        }
      })();
      const [a, b] = await Promise.all([appendMany(one, 'one'), appendMany(two, 'two')]);
      done = true;
      await reading;

      const all = Array.from({ length: 2 * PER }, (_, i) => i + 1);
      expect([...a, ...b].sort((x, y) => x - y)).toEqual(all);
      expect(read).toEqual(all);
      const entries = await reader.feedAfter(0, 100);
      expect(entries.filter((e) => e.origin === 'one')).toHaveLength(PER);
      expect(entries.filter((e) => e.origin === 'two')).toHaveLength(PER);
    });

    it('forgets entries older than a time but keeps the newest, and never hands a forgotten number out again', async () => {
      const store = await connect();
      for (const at of [1_000, 2_000, 3_000]) await store.appendFeed(entry(at, at));
      expect(await store.forgetFeedBefore(2_500)).toBe(2);
      expect((await store.feedAfter(0, 10)).map((e) => e.seq)).toEqual([3]);
      // Everything is old now: the newest stays, the sequence goes on from it.
      expect(await store.forgetFeedBefore(10_000)).toBe(0);
      expect(await store.lastFeedSeq()).toBe(3);
      expect(await store.appendFeed(entry(4, 4_000))).toBe(4);
      expect(await store.forgetFeedBefore(10_000)).toBe(1);
      expect((await store.feedAfter(0, 10)).map((e) => e.seq)).toEqual([4]);
    });
  });
}

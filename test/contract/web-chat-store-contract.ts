// The web chat's part of the store contract: history per person, bounded and in
// order; answers counted per FAQ entry and language. Run on SQLite and Mongo.
import { describe, expect, it } from 'vitest';
import { HISTORY_PER_PERSON, type Store } from '../../src/index.js';
import type { StoreHarness } from './store-contract.js';

export function runWebChatStoreContract(name: string, harness: () => Promise<StoreHarness>): void {
  describe(`${name} web chat store contract`, () => {
    const withStore = async (use: (store: Store, h: StoreHarness) => Promise<void>) => {
      const h = await harness();
      const store = await h.connect();
      try {
        await use(store, h);
      } finally {
        await store.close();
        await h.cleanup?.();
      }
    };
    const mario = { platform: 'web', userId: 'mario' };
    const line = (text: string, from: 'person' | 'desk' | 'pushed' = 'person', at = 1000) => ({ at, from, data: JSON.stringify({ text }) });

    it('keeps each person\'s lines in the order written, apart from everyone else\'s, after a restart too', async () => {
      await withStore(async (store, h) => {
        const ids = await store.appendHistory(mario, [line('la stampante non va'), line('Prova a riavviarla', 'desk')]);
        expect(ids).toHaveLength(2);
        await store.appendHistory({ platform: 'web', userId: 'anna' }, [line('hello')]);
        await store.appendHistory(mario, [line('Anna sta lavorando al tuo ticket IT-1', 'pushed', 900)]);
        const again = await h.connect();
        try {
          const history = await again.historyOf(mario, 50);
          expect(history.map((l) => [JSON.parse(l.data).text, l.from])).toEqual([
            ['la stampante non va', 'person'],
            ['Prova a riavviarla', 'desk'],
            ['Anna sta lavorando al tuo ticket IT-1', 'pushed'],
          ]);
          expect(history.slice(0, 2).map((l) => l.id)).toEqual(ids);
          expect(new Set(history.map((l) => l.id)).size).toBe(3);
          expect(await again.historyOf({ platform: 'web', userId: '__proto__' }, 50)).toEqual([]);
        } finally {
          await again.close();
        }
      });
    });

    it('gives lines written at once from two tabs distinct ids, and loses none', async () => {
      await withStore(async (store) => {
        const person = { platform: 'web', userId: 'two-tabs' };
        const ids = (await Promise.all(Array.from({ length: 6 }, (_, i) => store.appendHistory(person, [line(`tab ${i}`), line(`reply ${i}`, 'desk')])))).flat();
        expect(new Set(ids).size).toBe(12);
        expect(await store.historyOf(person, 50)).toHaveLength(12);
      });
    });

    it(`keeps a person's newest ${HISTORY_PER_PERSON} lines and hands out the newest first when asked for fewer`, async () => {
      await withStore(async (store) => {
        const person = { platform: 'web', userId: 'chatty' };
        for (let i = 0; i < HISTORY_PER_PERSON + 10; i += 10) {
          await store.appendHistory(person, Array.from({ length: 10 }, (_, j) => line(`m${i + j}`)));
        }
        const all = await store.historyOf(person, 1000);
        expect(all).toHaveLength(HISTORY_PER_PERSON);
        expect(JSON.parse(all[0]!.data).text).toBe('m10');
        expect(JSON.parse(all.at(-1)!.data).text).toBe(`m${HISTORY_PER_PERSON + 9}`);
        const last = await store.historyOf(person, 3);
        expect(last.map((l) => JSON.parse(l.data).text)).toEqual([`m${HISTORY_PER_PERSON + 7}`, `m${HISTORY_PER_PERSON + 8}`, `m${HISTORY_PER_PERSON + 9}`]);
      });
    });

    it('counts answers per entry and language, most first, ties by id', async () => {
      await withStore(async (store) => {
        expect(await store.mostAskedFaqs('it', 5)).toEqual([]);
        // At once, as people asking at the same moment would: none is lost.
        await Promise.all([
          ...Array.from({ length: 8 }, () => store.countFaqAnswer('faq-new', 'en')),
          store.countFaqAnswer('vpn', 'it'),
          store.countFaqAnswer('vpn', 'it'),
          store.countFaqAnswer('printer', 'it'),
          store.countFaqAnswer('password', 'it'),
          store.countFaqAnswer('password', 'en'),
          store.countFaqAnswer('__proto__', 'en'),
        ]);
        expect(await store.mostAskedFaqs('it', 5)).toEqual([
          { entryId: 'vpn', count: 2 },
          { entryId: 'password', count: 1 },
          { entryId: 'printer', count: 1 },
        ]);
        expect(await store.mostAskedFaqs('it', 1)).toEqual([{ entryId: 'vpn', count: 2 }]);
        expect(await store.mostAskedFaqs('en', 5)).toEqual([
          { entryId: 'faq-new', count: 8 },
          { entryId: '__proto__', count: 1 },
          { entryId: 'password', count: 1 },
        ]);
      });
    });
  });
}

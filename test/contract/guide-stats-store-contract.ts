// The guide step figures' part of the store contract: a mark is kept once however
// often it is sent (a retried press), counted per entry, step and kind, filtered
// by entry and by time, safe with any entry id a file may hold, and still there
// after the store is opened again. Run on SQLite and Mongo.
import { describe, expect, it } from 'vitest';
import type { GuideStepCount, GuideStepMark, Store } from '../../src/index.js';
import type { StoreHarness } from './store-contract.js';

const mark = (over: Partial<GuideStepMark>): GuideStepMark => ({ run: 'r1', seq: 1, entryId: 'printer', stepId: 'restart', kind: 'reached', at: 1_000, ...over });
const zero = { reached: 0, solved: 0, moved: 0, stuck: 0, ended: 0 };
const sorted = (counts: GuideStepCount[]) => [...counts].sort((a, b) => (a.entryId + a.stepId < b.entryId + b.stepId ? -1 : 1));

export function runGuideStatsStoreContract(name: string, harness: () => Promise<StoreHarness>): void {
  describe(`${name} guide step figures store contract`, () => {
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

    it('keeps a mark once when the same run, place and kind come again, even from two connections at once', async () => {
      await withStore(async (store, h) => {
        const other = await h.connect();
        try {
          const solved = mark({ seq: 2, stepId: 'cable', kind: 'solved', at: 2_000 });
          await Promise.all([store.markGuideStep(solved), other.markGuideStep(solved), store.markGuideStep({ ...solved, at: 2_500 })]);
          // The same place of another run, and another kind at the same place, are marks of their own.
          await store.markGuideStep({ ...solved, run: 'r2' });
          await store.markGuideStep({ ...solved, kind: 'reached' });
          expect(await other.guideStepCounts()).toEqual([{ entryId: 'printer', stepId: 'cable', ...zero, reached: 1, solved: 2 }]);
        } finally {
          await other.close();
        }
      });
    });

    it('counts per entry, step and kind, and filters by entry and by time', async () => {
      await withStore(async (store) => {
        const kinds = ['reached', 'solved', 'moved', 'stuck', 'ended'] as const;
        for (const [i, kind] of kinds.entries()) {
          for (let n = 0; n <= i; n++) await store.markGuideStep(mark({ run: `k${n}`, kind, at: 1_000 + i }));
        }
        await store.markGuideStep(mark({ run: 'v1', entryId: 'vpn', stepId: 'wifi', at: 5_000 }));
        await store.markGuideStep(mark({ run: 'v1', entryId: 'vpn', stepId: 'wifi', kind: 'stuck', at: 5_001 }));
        await store.markGuideStep(mark({ run: 'v2', seq: 2, entryId: 'vpn', stepId: 'client', at: 9_000 }));
        expect(sorted(await store.guideStepCounts())).toEqual([
          { entryId: 'printer', stepId: 'restart', reached: 1, solved: 2, moved: 3, stuck: 4, ended: 5 },
          { entryId: 'vpn', stepId: 'client', ...zero, reached: 1 },
          { entryId: 'vpn', stepId: 'wifi', ...zero, reached: 1, stuck: 1 },
        ]);
        expect(sorted(await store.guideStepCounts({ entryId: 'vpn' }))).toEqual([
          { entryId: 'vpn', stepId: 'client', ...zero, reached: 1 },
          { entryId: 'vpn', stepId: 'wifi', ...zero, reached: 1, stuck: 1 },
        ]);
        // `since` counts marks made at that moment and after.
        expect(await store.guideStepCounts({ since: 1_003 })).toHaveLength(3);
        expect(sorted(await store.guideStepCounts({ since: 1_003, entryId: 'printer' }))).toEqual([{ entryId: 'printer', stepId: 'restart', ...zero, stuck: 4, ended: 5 }]);
        expect(sorted(await store.guideStepCounts({ since: 5_001 }))).toEqual([
          { entryId: 'vpn', stepId: 'client', ...zero, reached: 1 },
          { entryId: 'vpn', stepId: 'wifi', ...zero, stuck: 1 },
        ]);
        expect(await store.guideStepCounts({ since: 9_001 })).toEqual([]);
        expect(await store.guideStepCounts({ entryId: 'nobody' })).toEqual([]);
      });
    });

    it('takes entry and step ids like __proto__ and constructor as plain names', async () => {
      await withStore(async (store) => {
        expect(await store.guideStepCounts({ entryId: '__proto__' })).toEqual([]);
        expect(await store.guideStepCounts({ entryId: 'constructor' })).toEqual([]);
        await store.markGuideStep(mark({ entryId: '__proto__', stepId: 'constructor' }));
        await store.markGuideStep(mark({ run: 'r2', entryId: 'constructor', stepId: '__proto__', kind: 'stuck' }));
        await store.markGuideStep(mark({ run: 'r3', entryId: 'toString', stepId: 'hasOwnProperty', kind: 'solved' }));
        expect(await store.guideStepCounts({ entryId: '__proto__' })).toEqual([{ entryId: '__proto__', stepId: 'constructor', ...zero, reached: 1 }]);
        expect(await store.guideStepCounts({ entryId: 'constructor' })).toEqual([{ entryId: 'constructor', stepId: '__proto__', ...zero, stuck: 1 }]);
        expect(await store.guideStepCounts()).toHaveLength(3);
        expect(({} as Record<string, unknown>).stepId).toBeUndefined();
      });
    });

    it('still has every mark after the store is closed and opened again', async () => {
      const h = await harness();
      try {
        const first = await h.connect();
        await first.markGuideStep(mark({}));
        await first.markGuideStep(mark({ kind: 'moved' }));
        await first.markGuideStep(mark({ seq: 2, stepId: 'cable' }));
        await first.close();
        const reopened = await h.connect();
        try {
          // A press retried after the restart is still the same mark.
          await reopened.markGuideStep(mark({ kind: 'moved', at: 9_999 }));
          expect(sorted(await reopened.guideStepCounts())).toEqual([
            { entryId: 'printer', stepId: 'cable', ...zero, reached: 1 },
            { entryId: 'printer', stepId: 'restart', ...zero, reached: 1, moved: 1 },
          ]);
        } finally {
          await reopened.close();
        }
      } finally {
        await h.cleanup?.();
      }
    });
  });
}

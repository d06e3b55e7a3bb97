// The on-call rota's part of the store contract: a tier's weekly shifts replaced whole
// and cleared, overrides added and removed one by one and listed while not yet over,
// all seen alike by a second connection. Run on SQLite and Mongo.
import { describe, expect, it } from 'vitest';
import type { OnCallOverrideDraft, Store } from '../../src/index.js';
import type { StoreHarness } from './store-contract.js';

export function runOnCallStoreContract(name: string, harness: () => Promise<StoreHarness>): void {
  describe(`${name} on-call store contract`, () => {
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
    const night = { days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const, from: 18 * 60, to: 9 * 60, people: ['slack:U1', 'web:anna@example.com'] };
    const weekend = { days: ['sat', 'sun'] as const, from: 0, to: 24 * 60, people: ['teams:carla'] };
    const draft = (over: Partial<OnCallOverrideDraft> = {}): OnCallOverrideDraft => ({
      department: 'it', tier: 1, from: 1_000, to: 2_000, people: ['teams:carla'], off: ['slack:U1'], addedBy: 'slack:ULEAD', addedAt: 500, ...over,
    });

    it('replaces a tier\'s weekly shifts whole, keeps them apart per department and tier, and forgets them when cleared', async () => {
      await withStore(async (store, h) => {
        expect(await store.weeklyRota('it', 1)).toBeNull();
        await store.setWeeklyRota('it', 1, { shifts: [night, weekend], setBy: 'cli', setAt: 10 });
        await store.setWeeklyRota('it', 1, { shifts: [weekend], setBy: 'slack:ULEAD', setAt: 20 });
        await store.setWeeklyRota('it', 2, { shifts: [], setBy: 'cli', setAt: 30 });
        const again = await h.connect();
        try {
          expect(await again.weeklyRota('it', 1)).toEqual({ shifts: [weekend], setBy: 'slack:ULEAD', setAt: 20 });
          // Set to nobody is not the same as not set.
          expect(await again.weeklyRota('it', 2)).toEqual({ shifts: [], setBy: 'cli', setAt: 30 });
          expect(await again.weeklyRota('hr', 1)).toBeNull();
          await again.setWeeklyRota('it', 1, null);
        } finally {
          await again.close();
        }
        expect(await store.weeklyRota('it', 1)).toBeNull();
        expect(await store.weeklyRota('it', 2)).not.toBeNull();
      });
    });

    it('leaves one whole weekly rota when two connections set it for the first time at once', async () => {
      await withStore(async (store, h) => {
        const other = await h.connect();
        try {
          const a = { shifts: [night], setBy: 'slack:ULEAD', setAt: 1 };
          const b = { shifts: [weekend], setBy: 'web:laura', setAt: 2 };
          await Promise.all([store.setWeeklyRota('hr', 3, a), other.setWeeklyRota('hr', 3, b)]);
          expect([a, b]).toContainEqual(await store.weeklyRota('hr', 3));
        } finally {
          await other.close();
        }
      });
    });

    it('keeps every override added at once, each with its own short id, and lists those not yet over, earliest first', async () => {
      await withStore(async (store, h) => {
        const other = await h.connect();
        try {
          const added = await Promise.all(
            Array.from({ length: 20 }, (_, i) => (i % 2 ? other : store).addOnCallOverride(draft({ from: 10_000 - i * 100, to: 20_000, addedAt: i }))),
          );
          expect(new Set(added.map((o) => o.id)).size).toBe(20);
          added.forEach((o) => expect(o.id).toMatch(/^[a-z2-9]{6}$/));
          const listed = await store.onCallOverrides('it', 1, 0);
          expect(listed).toEqual([...added].sort((a, b) => a.from - b.from));
          expect(listed[0]).toEqual({ ...draft({ from: 8_100, to: 20_000, addedAt: 19 }), id: listed[0]!.id });
        } finally {
          await other.close();
        }
      });
    });

    it('lists only the tier\'s overrides in force or still to come, and removes one by its id once', async () => {
      await withStore(async (store) => {
        const past = await store.addOnCallOverride(draft({ from: 100, to: 1_000 }));
        const now = await store.addOnCallOverride(draft({ from: 900, to: 1_500 }));
        const later = await store.addOnCallOverride(draft({ from: 3_000, to: 4_000, people: [], off: ['web:anna@example.com'] }));
        await store.addOnCallOverride(draft({ tier: 2, from: 900, to: 5_000 }));
        await store.addOnCallOverride(draft({ department: 'hr', from: 900, to: 5_000 }));
        expect((await store.onCallOverrides('it', 1, 1_000)).map((o) => o.id)).toEqual([now.id, later.id]);
        expect((await store.onCallOverrides('it', 1, 0)).map((o) => o.id)).toEqual([past.id, now.id, later.id]);
        expect(await store.removeOnCallOverride(now.id)).toEqual(now);
        expect(await store.removeOnCallOverride(now.id)).toBeNull();
        expect(await store.removeOnCallOverride('nope42')).toBeNull();
        expect(await store.onCallOverrides('it', 1, 1_000)).toEqual([later]);
      });
    });
  });
}

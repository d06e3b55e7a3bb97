// Leases through the store, as two instances hold them: two connections, one
// clock the test moves. One holder at a time; a live holder keeps its lease; a
// stopped one is replaced within two periods; a lease given back is free at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLeases, type Leases } from '../../adapters/leases/store-leases.js';
import type { Store } from '../../src/index.js';
import type { StoreHarness } from './store-contract.js';

const PERIOD = 10_000;

export function runLeaseContract(name: string, harness: () => Promise<StoreHarness>): void {
  describe(`${name}: leases held through the store`, () => {
    let h: StoreHarness;
    let a: Store;
    let b: Store;
    const clock = { t: 0 };
    const lease = (store: Store, holder: string): Leases => createLeases({ slots: store, holder, periodMs: PERIOD, now: () => clock.t });
    beforeAll(async () => {
      h = await harness();
      a = await h.connect();
      b = await h.connect();
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
      await h?.cleanup?.();
    });

    it('lets one instance hold a lease; a live holder keeps it period after period, and the other never gets it', async () => {
      clock.t = 1_000_000_000_000;
      const one = lease(a, 'one');
      const two = lease(b, 'two');
      expect(await one.acquire('gateway')).toBe(true);
      expect(await two.acquire('gateway')).toBe(false);
      for (let i = 0; i < 6; i++) {
        clock.t += PERIOD / 4;
        expect(await one.renew()).toEqual([]);
        expect(await two.acquire('gateway')).toBe(false);
        expect(one.holds('gateway')).toBe(true);
      }
      expect(one.held()).toEqual(['gateway']);
      expect(two.held()).toEqual([]);
    });

    it('hands a stopped holder\'s lease to another within two periods, and tells the old holder it lost it', async () => {
      clock.t = 1_000_000_100_000;
      const one = lease(a, 'one');
      const two = lease(b, 'two');
      expect(await one.acquire('failover')).toBe(true);
      const stoppedAt = clock.t;
      // "one" stops renewing: "two" keeps asking every quarter period.
      let tookOverAt = 0;
      while (!tookOverAt && clock.t < stoppedAt + 3 * PERIOD) {
        clock.t += PERIOD / 4;
        if (await two.acquire('failover')) tookOverAt = clock.t;
      }
      expect(tookOverAt).toBeGreaterThan(stoppedAt);
      expect(tookOverAt - stoppedAt).toBeLessThanOrEqual(2 * PERIOD);
      expect(one.holds('failover')).toBe(false);
      expect(await one.renew()).toEqual(['failover']);
      expect(await one.acquire('failover')).toBe(false);
    });

    it('frees a lease given back at once, and only its holder can give it back', async () => {
      clock.t = 1_000_000_200_000 + PERIOD * 0.75;
      const one = lease(a, 'one');
      const two = lease(b, 'two');
      // Taken late in a period: the next one is claimed with it.
      expect(await one.acquire('ticket:IT-1')).toBe(true);
      clock.t += PERIOD / 2;
      expect(one.holds('ticket:IT-1')).toBe(true);
      expect(await two.acquire('ticket:IT-1')).toBe(false);
      await two.release('ticket:IT-1');
      expect(await two.acquire('ticket:IT-1')).toBe(false);
      await one.release('ticket:IT-1');
      expect(one.holds('ticket:IT-1')).toBe(false);
      expect(await two.acquire('ticket:IT-1')).toBe(true);
    });

    it('frees a renewed lease given back at once (both periods it held), and a renewal racing a take never reports a live lease lost', async () => {
      clock.t = 1_000_000_400_000;
      const one = lease(a, 'one');
      const two = lease(b, 'two');
      expect(await one.acquire('renewed')).toBe(true);
      clock.t += PERIOD * 0.6;
      const [renewed, again] = await Promise.all([one.renew(), one.acquire('renewed')]);
      expect(renewed).toEqual([]);
      expect(again).toBe(true);
      await one.release('renewed');
      expect(await two.acquire('renewed')).toBe(true);
      clock.t += PERIOD;
      expect(await one.acquire('renewed')).toBe(false);
    });

    it('gives a lease to exactly one of many instances asking at once', async () => {
      clock.t = 1_000_000_300_000;
      const many = Array.from({ length: 12 }, (_, i) => lease(i % 2 ? a : b, `holder-${i}`));
      const won = await Promise.all(many.map((l) => l.acquire('race')));
      expect(won.filter(Boolean)).toHaveLength(1);
    });

    it('lets a restarted instance take back what its earlier life held at once, and nothing another instance holds', async () => {
      clock.t = 1_000_000_500_000;
      const before = lease(a, 'desk-a#0001');
      const other = lease(b, 'desk-ab#0001');
      const sibling = lease(b, 'desk-b#0001');
      expect(await before.acquire('gateway-r')).toBe(true);
      expect(await before.acquire('outbox:IT-7')).toBe(true);
      expect(await other.acquire('outbox:IT-8')).toBe(true);
      expect(await sibling.acquire('outbox:IT-9')).toBe(true);
      // desk-a dies without giving anything back, and starts again under a new nonce.
      const after = lease(b, 'desk-a#0002');
      expect(await after.acquire('outbox:IT-10')).toBe(true);
      expect(await after.acquire('gateway-r')).toBe(false);
      expect(await b.releaseSlotsHeldBy('desk-a#', 'desk-a#0002')).toBeGreaterThanOrEqual(2);
      expect(await after.acquire('gateway-r')).toBe(true);
      expect(await after.acquire('outbox:IT-7')).toBe(true);
      // What it held itself, and what other instances hold (one whose name only begins alike), stay where they are.
      expect(await lease(a, 'desk-c#0001').acquire('outbox:IT-10')).toBe(false);
      expect(await lease(a, 'desk-c#0001').acquire('outbox:IT-8')).toBe(false);
      expect(await lease(a, 'desk-c#0001').acquire('outbox:IT-9')).toBe(false);
      // A holder's name is matched as text, never as a pattern.
      expect(await lease(a, 'desk.*#0001').acquire('pattern')).toBe(true);
      expect(await a.releaseSlotsHeldBy('desk.*#', 'none')).toBeGreaterThanOrEqual(1);
      expect(await b.releaseSlotsHeldBy('%#', 'none')).toBe(0);
      expect(await lease(b, 'desk-d#0001').acquire('outbox:IT-9')).toBe(false);
    });
  });
}

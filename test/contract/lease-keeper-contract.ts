// The lease keeper as two instances run it: two store connections, real time,
// short periods. What it opens is open on one instance; a store outage for
// everyone does not close it; an instance cut off from the store alone gives
// way; a clean stop gives the lease back at once; an open that fails too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLeaseKeeper, type LeaseKeeper } from '../../adapters/leases/lease-keeper.js';
import { createLeases, type LeaseSlots } from '../../adapters/leases/store-leases.js';
import type { Store } from '../../src/index.js';
import type { StoreHarness } from './store-contract.js';

const quiet = { info() {}, warn() {}, error() {} };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A store connection that can be cut (every claim and release then fails, as when the database is unreachable). */
function cuttable(store: Store): LeaseSlots & { away: boolean } {
  const gone = () => Promise.reject(new Error('store unreachable'));
  return {
    away: false,
    claimSlot(...args) {
      return this.away ? gone() : store.claimSlot(...args);
    },
    releaseSlot(...args) {
      return this.away ? gone() : store.releaseSlot(...args);
    },
  };
}

export function runLeaseKeeperContract(name: string, harness: () => Promise<StoreHarness>, periodMs: number): void {
  describe(`${name}: what one instance of several keeps open, under a lease`, () => {
    let h: StoreHarness;
    let a: Store;
    let b: Store;
    const keepers: LeaseKeeper[] = [];
    beforeAll(async () => {
      h = await harness();
      a = await h.connect();
      b = await h.connect();
    });
    afterAll(async () => {
      for (const k of keepers) await k.stop();
      await a?.close();
      await b?.close();
      await h?.cleanup?.();
    });

    /** An instance: its keeper over `slots`, and what it opened and closed, when. */
    function instance(who: string, slots: LeaseSlots, opts: { failOpen?: boolean } = {}) {
      const log: { what: 'open' | 'close'; at: number }[] = [];
      const keeper = createLeaseKeeper({ leases: createLeases({ slots, holder: who, periodMs }), periodMs, logger: quiet });
      keepers.push(keeper);
      const holding = {
        async onAcquired() {
          if (opts.failOpen) throw new Error('cannot connect');
          log.push({ what: 'open', at: Date.now() });
        },
        async onLost() {
          log.push({ what: 'close', at: Date.now() });
        },
      };
      const opened = () => log.filter((e) => e.what === 'open').length;
      const closed = () => log.filter((e) => e.what === 'close').length;
      return { keeper, holding, log, opened, closed };
    }

    it('opens on exactly one instance, and keeps it there period after period', async () => {
      const one = instance('one', a);
      const two = instance('two', b);
      await one.keeper.keep('gateway', one.holding);
      await two.keeper.keep('gateway', two.holding);
      await sleep(3 * periodMs);
      expect([one.opened(), one.closed(), two.opened()]).toEqual([1, 0, 0]);
      expect(one.keeper.state()).toEqual({ gateway: 'held' });
      expect(two.keeper.state()).toEqual({ gateway: 'standby' });
    });

    it('keeps it open through a store outage every instance sees; once the store is back, one instance holds it', async () => {
      const sa = cuttable(a);
      const sb = cuttable(b);
      const one = instance('one', sa);
      const two = instance('two', sb);
      await one.keeper.keep('outage', one.holding);
      await two.keeper.keep('outage', two.holding);
      sa.away = sb.away = true;
      // Longer than the lease itself (at most one and a half periods from its last renewal), shorter than lease and grace.
      await sleep(2.5 * periodMs);
      expect(one.keeper.state()).toEqual({ outage: 'held' });
      expect([one.opened(), one.closed(), two.opened()]).toEqual([1, 0, 0]);
      sa.away = sb.away = false;
      await sleep(2 * periodMs);
      // Whichever asked first once the store answered again: the holder going on, or the other taking over (the holder then closing).
      const states = [one.keeper.state().outage, two.keeper.state().outage].sort();
      expect(states).toEqual(['held', 'standby']);
      expect(one.opened() - one.closed() + two.opened() - two.closed()).toBe(1);
      expect(one.opened() + two.opened()).toBeLessThanOrEqual(2);
    });

    it('gives way when the holder alone is cut off: the other opens within two periods, the cut-off one closes after its grace', async () => {
      const sa = cuttable(a);
      const one = instance('one', sa);
      const two = instance('two', b);
      await one.keeper.keep('partition', one.holding);
      await two.keeper.keep('partition', two.holding);
      const cutAt = Date.now();
      sa.away = true;
      await expect.poll(() => two.opened(), { timeout: 3 * periodMs, interval: 10 }).toBe(1);
      expect(two.log[0]!.at - cutAt).toBeLessThanOrEqual(2 * periodMs);
      // Lease (at most one and a half periods) and grace (three), and a tick.
      await expect.poll(() => one.closed(), { timeout: 6 * periodMs, interval: 10 }).toBe(1);
      expect(one.log.at(-1)!.at - cutAt).toBeGreaterThanOrEqual(3 * periodMs);
      expect(one.keeper.state()).toEqual({ partition: 'standby' });
      // Back in touch: the lease is the other's, and stays so.
      sa.away = false;
      await sleep(periodMs);
      expect([one.opened(), two.closed()]).toEqual([1, 0]);
    });

    it('closes and gives the lease back at a clean stop: another instance gets it at once', async () => {
      const one = instance('one', a);
      await one.keeper.keep('handover', one.holding);
      expect(one.keeper.state()).toEqual({ handover: 'held' });
      await one.keeper.stop();
      expect([one.opened(), one.closed()]).toEqual([1, 1]);
      expect(await createLeases({ slots: b, holder: 'probe', periodMs }).acquire('handover')).toBe(true);
    });

    it('gives the lease back when what it keeps cannot be opened, so another instance opens it', async () => {
      const one = instance('one', a, { failOpen: true });
      const two = instance('two', b);
      await one.keeper.keep('broken', one.holding);
      expect(one.keeper.state()).toEqual({ broken: 'standby' });
      await two.keeper.keep('broken', two.holding);
      expect(two.opened()).toBe(1);
      expect(two.keeper.state()).toEqual({ broken: 'held' });
    });
  });
}

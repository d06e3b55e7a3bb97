// Work one instance of several does at a time (the Discord gateway, a ticket's
// deliveries), held through the store as a chain of periods: each period is a
// work slot exactly one instance can claim. The holder claims the next period
// half-way through its own; anyone else claims only a period that has begun. So
// a live holder keeps its lease, a stopped one is replaced within two periods,
// and no clock needs to agree with another's closer than half a period.
import type { WorkSlotStore } from '../../src/index.js';

export type LeaseSlots = Pick<WorkSlotStore, 'claimSlot' | 'releaseSlot'>;

export interface LeaseOptions {
  slots: LeaseSlots;
  /** This instance, as its claims name it. */
  holder: string;
  periodMs: number;
  now?: () => number;
}

export interface Leases {
  /** True when the lease is ours now: already held, or the current period claimed now. Throws when the store cannot be asked. */
  acquire(name: string): Promise<boolean>;
  /** Ours for the current period, by what this instance last claimed (no store read). */
  holds(name: string): boolean;
  /**
   * Claims the next period of every lease held past half its period. Returns the names another
   * instance now holds; a store that cannot be asked leaves the lease to run out instead.
   */
  renew(): Promise<string[]>;
  /** Gives the lease back at once (the current and any claimed next period). */
  release(name: string): Promise<void>;
  /** Names held now. */
  held(): string[];
}

export function createLeases({ slots, holder, periodMs, now = Date.now }: LeaseOptions): Leases {
  /** Per name, the last period claimed: the lease runs to that period's end. */
  const last = new Map<string, number>();
  /** Leases whose next period another instance claimed: reported once, held to the end of their own. */
  const ending = new Set<string>();
  const periodOf = (t: number) => Math.floor(t / periodMs);
  const endOf = (period: number) => (period + 1) * periodMs;

  function holds(name: string): boolean {
    const p = last.get(name);
    return p !== undefined && now() < endOf(p);
  }

  /** Per name, calls one after another: two claims of the same next period would make the later caller think it lost. */
  const queues = new Map<string, Promise<unknown>>();
  function inTurn<T>(name: string, op: () => Promise<T>): Promise<T> {
    const run = (queues.get(name) ?? Promise.resolve()).then(op, op);
    const tail = run.catch(() => undefined);
    queues.set(name, tail);
    void tail.then(() => {
      if (queues.get(name) === tail) queues.delete(name);
    });
    return run;
  }

  /** Past half its last period, the holder claims the next; true when it still holds it. */
  async function extend(name: string): Promise<boolean> {
    const p = last.get(name);
    if (p === undefined) return false;
    if (now() < endOf(p) - periodMs / 2) return true;
    if (await slots.claimSlot(name, p + 1, holder, now())) {
      // Given back meanwhile: the period just claimed goes back too, or nobody could take it until it ends.
      if (last.get(name) !== p) await slots.releaseSlot(name, p + 1, holder);
      else last.set(name, p + 1);
      return last.get(name) === p + 1;
    }
    return false;
  }

  /** One held name: extended, or reported lost once. */
  async function renewOne(name: string): Promise<boolean> {
    if (!holds(name)) {
      const reported = ending.delete(name);
      last.delete(name);
      return !reported;
    }
    if (ending.has(name)) return false;
    try {
      if (await extend(name)) return false;
      ending.add(name);
      return true;
    } catch {
      // Nobody else can claim through a store that is away either: the lease runs out on its own.
      return false;
    }
  }

  return {
    holds,

    acquire: (name) =>
      inTurn(name, async () => {
        if (holds(name)) return ending.has(name) || extend(name);
        last.delete(name);
        ending.delete(name);
        const p = periodOf(now());
        if (!(await slots.claimSlot(name, p, holder, now()))) return false;
        last.set(name, p);
        // Claimed late in the period: the next one at once, or it would be free for anyone at its start.
        return (await extend(name)) || holds(name);
      }),

    async renew() {
      // Each name in its own turn, all at once: on a slow store the last ones must not miss their half-period.
      const names = [...last.keys()];
      const lost = await Promise.all(names.map((name) => inTurn(name, () => renewOne(name))));
      return names.filter((_, i) => lost[i]);
    },

    release: (name) =>
      inTurn(name, async () => {
        const p = last.get(name);
        last.delete(name);
        ending.delete(name);
        if (p === undefined) return;
        // Every period from the current one to the last claimed: a renewed lease holds two.
        const periods: number[] = [];
        for (let q = Math.min(periodOf(now()), p); q <= p + 1; q++) periods.push(q);
        await Promise.all(periods.map((q) => slots.releaseSlot(name, q, holder)));
      }),

    held: () => [...last.keys()].filter(holds),
  };
}

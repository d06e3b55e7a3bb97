// Something only one instance of several may have open at a time (Discord's
// gateway), opened while this instance holds its lease and closed when it does
// not. Every quarter period the keeper renews what it holds and asks for what
// it does not; a clean stop closes and gives back at once, so another instance
// takes over without waiting for the lease to run out.
import type { Logger } from '../../src/index.js';
import type { Leases } from './store-leases.js';

export interface LeaseHolding {
  /** The lease is ours: open what only its holder may have. A throw gives the lease back, to be asked for again later. */
  onAcquired(): Promise<void>;
  /** The lease is no longer ours (or the keeper stops): close it. */
  onLost(): Promise<void>;
}

export type LeaseState = 'held' | 'standby';

export interface LeaseKeeper {
  /** Keeps asking for `name`; resolves once asked the first time (and, when it was given, opened). */
  keep(name: string, holding: LeaseHolding): Promise<void>;
  /** Each kept lease: held by this instance, or waiting for it. */
  state(): Record<string, LeaseState>;
  /** Stops asking; what is held is closed and given back. */
  stop(): Promise<void>;
}

export interface LeaseKeeperOptions {
  leases: Leases;
  periodMs: number;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /**
   * How long a holder keeps what it opened after its lease ran out while the
   * store could not be asked. Default: three periods. Why at all: when the
   * store is away for every instance nobody can claim the lease, and closing
   * Discord's gateway would only lose every event sent meanwhile (Discord keeps
   * none for a bot that is gone), where an instance still connected can take
   * them in and keep them until the store is back. The price: when the store
   * is away for this instance alone, another one takes the lease once it runs
   * out and, for at most this long, both are connected; each event then
   * reaches both, the store's inbound dedupe lets one of them handle it, and an
   * interaction is answered by whichever calls back first. When the store
   * comes back, the lease goes to whichever instance asks first: the holder
   * going on, or another taking over (the holder then closing at its next look).
   */
  outageGraceMs?: number;
  /** Longest wait before asking again after opening failed (the wait doubles from one period). */
  retryMaxMs?: number;
  now?: () => number;
}

interface Kept {
  name: string;
  holding: LeaseHolding;
  held: boolean;
  /** Since when the lease has run out with the store unreachable, the connection kept (see outageGraceMs). */
  lapsedAt: number | null;
  failures: number;
  notBefore: number;
}

export function createLeaseKeeper({ leases, periodMs, logger, outageGraceMs = 3 * periodMs, retryMaxMs = 5 * 60_000, now = Date.now }: LeaseKeeperOptions): LeaseKeeper {
  const kept = new Map<string, Kept>();
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> = Promise.resolve();
  let stopped = false;

  async function close(k: Kept, why: string) {
    k.held = false;
    k.lapsedAt = null;
    logger.warn({ lease: k.name }, `lease ${k.name} no longer held (${why}): closing what it kept open`);
    await k.holding.onLost().catch((err: unknown) => logger.error({ err, lease: k.name }, `could not close what lease ${k.name} kept open`));
  }

  async function open(k: Kept) {
    try {
      await k.holding.onAcquired();
      k.held = true;
      k.failures = 0;
      logger.info({ lease: k.name }, `lease ${k.name} held by this instance`);
    } catch (err) {
      k.failures++;
      k.notBefore = now() + Math.min(periodMs * 2 ** (k.failures - 1), retryMaxMs);
      logger.error({ err, lease: k.name, retryInMs: k.notBefore - now() }, `lease ${k.name} taken but what it keeps could not be opened: given back`);
      await k.holding.onLost().catch(() => undefined);
      await leases.release(k.name).catch(() => undefined);
    }
  }

  /** A held lease that ran out: ours again if the period is free, someone else's, or (store away) kept a while. */
  async function lapsed(k: Kept) {
    try {
      if (await leases.acquire(k.name)) {
        if (k.lapsedAt !== null) logger.info({ lease: k.name }, `store reachable again: lease ${k.name} still held`);
        k.lapsedAt = null;
        return;
      }
      await close(k, 'another instance holds it');
    } catch (err) {
      if (k.lapsedAt === null) {
        k.lapsedAt = now();
        logger.warn({ err, lease: k.name, graceMs: outageGraceMs }, `lease ${k.name} ran out while the store cannot be asked: kept open for a while`);
      } else if (now() - k.lapsedAt >= outageGraceMs) {
        await close(k, 'the store could not be asked for too long');
      }
    }
  }

  async function visit(k: Kept, lost: ReadonlySet<string>) {
    if (k.held) {
      if (k.lapsedAt !== null || (lost.has(k.name) && !leases.holds(k.name))) return lapsed(k);
      // Another instance claimed the next period: it opens at its start.
      if (lost.has(k.name)) return close(k, 'another instance took the next period');
      return;
    }
    if (now() < k.notBefore) return;
    let won: boolean;
    try {
      won = await leases.acquire(k.name);
    } catch {
      return; // The store is away: asked again at the next tick.
    }
    if (won) await open(k);
  }

  async function tick() {
    const lost = new Set(await leases.renew());
    for (const k of kept.values()) {
      if (stopped) return;
      await visit(k, lost);
    }
  }

  function schedule() {
    ticking = ticking.then(tick).catch((err: unknown) => logger.error({ err }, 'lease keeper failed'));
    return ticking;
  }

  return {
    async keep(name, holding) {
      if (stopped || kept.has(name)) return;
      kept.set(name, { name, holding, held: false, lapsedAt: null, failures: 0, notBefore: 0 });
      if (!timer) {
        timer = setInterval(() => void schedule(), Math.max(1, Math.floor(periodMs / 4)));
        timer.unref();
      }
      await schedule();
      if (!kept.get(name)!.held) logger.info({ lease: name }, `lease ${name} held by another instance: standing by`);
    },

    state() {
      const out: Record<string, LeaseState> = {};
      for (const k of kept.values()) out[k.name] = k.held ? 'held' : 'standby';
      return out;
    },

    async stop() {
      stopped = true;
      clearInterval(timer);
      await ticking;
      for (const k of kept.values()) {
        if (!k.held) continue;
        k.held = false;
        // Closed first, then given back: the next holder must not open while this one is still open.
        await k.holding.onLost().catch((err: unknown) => logger.error({ err, lease: k.name }, `could not close what lease ${k.name} kept open`));
        await leases.release(k.name).catch((err: unknown) => logger.warn({ err, lease: k.name }, `could not give lease ${k.name} back: it runs out on its own`));
      }
    },
  };
}

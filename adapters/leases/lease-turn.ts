// Work that several instances would all do at once, done by one at a time:
// each waits for the lease, does the work while renewing it, and gives it back.
// Used for the embedding of the knowledge base: when the FAQ changes every
// instance notices, and the first to get the lease embeds what the store lacks;
// the others, their turn come, find it stored and embed nothing.
import type { Logger } from '../../src/index.js';
import type { Leases } from './store-leases.js';

export interface LeaseTurnOptions {
  /** Leases of this turn alone: renewing them renews nothing else. */
  leases: Leases;
  name: string;
  periodMs: number;
  /**
   * Longest wait for the lease. A holder that stops is replaced within two
   * periods anyway; this bounds only a live holder that never finishes, after
   * which the work is done here too rather than never.
   */
  maxWaitMs: number;
  logger: Pick<Logger, 'info' | 'warn'>;
}

export type Turn = <T>(work: () => Promise<T>) => Promise<T>;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

export function createLeaseTurn({ leases, name, periodMs, maxWaitMs, logger }: LeaseTurnOptions): Turn {
  /** This instance's own turns, one after another: two of them would share one lease. */
  let queue: Promise<unknown> = Promise.resolve();

  /** True once the lease is ours; false when the wait ran out or the store cannot be asked (the work then fails or goes ahead on its own). */
  async function myTurn(): Promise<boolean> {
    const giveUpAt = Date.now() + maxWaitMs;
    let said = false;
    for (;;) {
      try {
        if (await leases.acquire(name)) return true;
      } catch {
        return false;
      }
      if (Date.now() >= giveUpAt) {
        logger.warn({ lease: name, waitedMs: maxWaitMs }, `${name}: another instance still holds it after the longest wait; working here too`);
        return false;
      }
      if (!said) logger.info({ lease: name }, `${name}: another instance is at it; waiting for its turn`);
      said = true;
      await sleep(periodMs / 4);
    }
  }

  async function take<T>(work: () => Promise<T>): Promise<T> {
    const held = await myTurn();
    const renewing = held ? setInterval(() => void leases.renew().catch(() => undefined), periodMs / 4) : undefined;
    renewing?.unref();
    try {
      return await work();
    } finally {
      clearInterval(renewing);
      if (held) await leases.release(name).catch(() => undefined);
    }
  }

  return (work) => {
    const turn = queue.then(() => take(work));
    queue = turn.catch(() => undefined);
    return turn;
  };
}

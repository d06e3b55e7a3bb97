// Whether the store takes writes now: asked every second (and at once by whoever just saw it fail),
// so inbound work goes to the local spool without waiting for a store that is away, and
// readiness says so to the load balancer.
import type { Logger } from 'pino';

export interface StoreHealth {
  /** As of the last answer: true when the store took a write. */
  up(): boolean;
  /** Asks the store now (one question at a time: callers meanwhile share it); a miss calls it away at once. */
  check(): Promise<boolean>;
  /** Since when it has been away (ms), or null. */
  downSince(): number | null;
  start(): void;
  stop(): void;
}

export interface StoreHealthOptions {
  ping: (timeoutMs: number) => Promise<void>;
  logger: Logger;
  everyMs?: number;
  timeoutMs?: number;
  now?: () => number;
}

/** Unanswered checks in a row before the periodic check calls the store away: a store busy for a moment is slow, not gone. */
const MISSES_BEFORE_AWAY = 2;

export function createStoreHealth({ ping, logger, everyMs = 1000, timeoutMs = 2000, now = Date.now }: StoreHealthOptions): StoreHealth {
  let away: number | null = null;
  let misses = 0;
  let asking: Promise<boolean> | null = null;
  let timer: NodeJS.Timeout | null = null;

  /** `patient`: the periodic check, which waits for a second miss; a caller that just saw the store fail does not. */
  function ask(patient: boolean): Promise<boolean> {
    asking ??= ping(timeoutMs)
      .then(
        () => {
          if (away !== null) logger.info({ awayMs: now() - away }, 'the store takes writes again: kept messages are processed now');
          away = null;
          misses = 0;
          return true;
        },
        (err: unknown) => {
          misses++;
          if (away === null && (!patient || misses >= MISSES_BEFORE_AWAY)) {
            away = now();
            logger.error({ err }, 'the store is unreachable: new messages are kept in the local spool until it is back');
          }
          return away === null;
        },
      )
      .finally(() => {
        asking = null;
      });
    return asking;
  }

  const check = () => ask(false);

  return {
    up: () => away === null,
    check,
    downSince: () => away,
    start() {
      timer ??= setInterval(() => void ask(true), everyMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

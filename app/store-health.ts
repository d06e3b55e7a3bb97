// Whether the store takes writes now: asked every second (and at once by whoever just saw it fail),
// so inbound work goes to the local spool without waiting for a store that is away, and
// readiness says so to the load balancer.
import type { Logger } from 'pino';

export interface StoreHealth {
  /** As of the last answer: true when the store took a write. */
  up(): boolean;
  /** Asks the store now (one question at a time: callers meanwhile share it); resolves to the answer. */
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

export function createStoreHealth({ ping, logger, everyMs = 1000, timeoutMs = 1000, now = Date.now }: StoreHealthOptions): StoreHealth {
  let away: number | null = null;
  let asking: Promise<boolean> | null = null;
  let timer: NodeJS.Timeout | null = null;

  function check(): Promise<boolean> {
    asking ??= ping(timeoutMs)
      .then(
        () => {
          if (away !== null) logger.info({ awayMs: now() - away }, 'the store takes writes again: kept messages are processed now');
          away = null;
          return true;
        },
        (err: unknown) => {
          if (away === null) {
            away = now();
            logger.error({ err }, 'the store is unreachable: new messages are kept in the local spool until it is back');
          }
          return false;
        },
      )
      .finally(() => {
        asking = null;
      });
    return asking;
  }

  return {
    up: () => away === null,
    check,
    downSince: () => away,
    start() {
      timer ??= setInterval(() => void check(), everyMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

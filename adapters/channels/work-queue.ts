// Work that follows an ack runs here, a few at a time and after pending I/O, so
// a burst of requests gets its acks out first (platforms want them within seconds) and
// a flood cannot start unbounded work.
import type { Logger } from '../../src/index.js';

export interface WorkQueue {
  push(task: () => Promise<void>): void;
  /** Resolves when nothing is queued or running (for stop and tests). */
  idle(): Promise<void>;
}

/** `busy()` true: requests are still waiting for their acks, so no new work starts. */
export function createWorkQueue(component: string, concurrency: number, logger: Logger, busy: () => boolean = () => false): WorkQueue {
  const waiting: (() => Promise<void>)[] = [];
  let running = 0;
  let idleWaiters: (() => void)[] = [];

  let retry: NodeJS.Timeout | null = null;

  function pump(): void {
    if (waiting.length > 0 && busy()) {
      retry ??= setTimeout(() => {
        retry = null;
        pump();
      }, 1);
      return;
    }
    while (running < concurrency && waiting.length > 0) {
      const task = waiting.shift()!;
      running++;
      task()
        .catch((err: unknown) => logger.error({ err, component }, 'work after an ack failed'))
        .finally(() => {
          running--;
          if (running === 0 && waiting.length === 0) {
            for (const w of idleWaiters) w();
            idleWaiters = [];
          }
          setImmediate(pump);
        });
    }
  }

  return {
    push(task) {
      waiting.push(task);
      setImmediate(pump);
    },
    idle: () => (running === 0 && waiting.length === 0 ? Promise.resolve() : new Promise((r) => idleWaiters.push(r))),
  };
}

export interface KeyedQueue {
  /** Tasks with the same key run one after another, in push order. */
  push(key: string, task: () => Promise<void>): void;
  idle(): Promise<void>;
}

/**
 * Ordered background sends: a ticket's card must be posted before it can be
 * edited, and a person's messages must arrive in the order they were written.
 */
export function createKeyedQueue(component: string, logger: Logger, busy: () => boolean = () => false): KeyedQueue {
  const tails = new Map<string, Promise<void>>();
  // Like the work queue above: sends wait while requests still wait for their responses.
  const quiet = async () => {
    while (busy()) await new Promise((r) => setTimeout(r, 1));
  };
  return {
    push(key, task) {
      const previous = tails.get(key) ?? Promise.resolve();
      const next = previous
        .then(quiet)
        .then(task)
        .catch((err: unknown) => logger.error({ err, component, key }, 'background send failed'))
        .finally(() => {
          if (tails.get(key) === next) tails.delete(key);
        });
      tails.set(key, next);
    },
    async idle() {
      while (tails.size > 0) await Promise.all(tails.values());
    },
  };
}

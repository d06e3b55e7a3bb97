// Work that follows an ack runs here, a few at a time and after pending I/O, so
// a burst of requests gets its acks out first (Slack wants them within 3 s) and
// a flood cannot start unbounded work.
import type { Logger } from '../../../src/index.js';

export interface WorkQueue {
  push(task: () => Promise<void>): void;
  /** Resolves when nothing is queued or running (for stop and tests). */
  idle(): Promise<void>;
}

/** `busy()` true: requests are still waiting for their acks, so no new work starts. */
export function createWorkQueue(concurrency: number, logger: Logger, busy: () => boolean = () => false): WorkQueue {
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
        .catch((err: unknown) => logger.error({ err, component: 'slack' }, 'Slack work failed'))
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

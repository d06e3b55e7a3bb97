// The server's SLA sweep: every period, whichever instance claims the period's slot
// sweeps; the others skip it. A sweep still running when the next period starts is
// not doubled in this process.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { HelpDesk, WorkSlotStore } from '../src/index.js';

export function createSlaSweeper({ desk, store, logger, everyMs }: { desk: HelpDesk; store: WorkSlotStore; logger: Logger; everyMs: number }) {
  const holder = randomUUID();
  let running: Promise<void> | null = null;

  async function sweep(now: number): Promise<void> {
    if (!(await store.claimSlot('sla-sweep', Math.floor(now / everyMs), holder, now))) return;
    const report = await desk.sweep(now);
    if (report.actions.length > 0) {
      logger.info({ actions: report.actions.map((a) => `${a.code} ${a.rule}`) }, 'SLA sweep: the desk acted on due rules');
    }
  }

  return {
    run(now: number): Promise<void> {
      running ??= sweep(now)
        .catch((err: unknown) => logger.warn({ err }, 'SLA sweep failed: due rules wait for the next one'))
        .finally(() => {
          running = null;
        });
      return running;
    },
    /** Waits for a sweep under way, so a stop does not close the store beneath it. */
    async idle(): Promise<void> {
      await running;
    },
  };
}

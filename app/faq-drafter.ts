// The server's daily FAQ-draft job: checked every hour, run once a day (UTC) by
// whichever instance claims the day's slot; the others skip it. Also run once at
// start, which claims that day's slot too.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { runFaqDraftJob, type DraftJobOptions, type HelpDeskDeps, type WorkSlotStore } from '../src/index.js';

const DAY_MS = 24 * 60 * 60_000;

export function createFaqDrafter({ deps, store, logger, options }: { deps: HelpDeskDeps; store: WorkSlotStore; logger: Logger; options: DraftJobOptions }) {
  const holder = randomUUID();
  let running: Promise<void> | null = null;

  async function draft(now: number): Promise<void> {
    if (!(await store.claimSlot('faq-drafts', Math.floor(now / DAY_MS), holder, now))) return;
    // Grouping a large window takes seconds of CPU: messages are handled between tickets.
    const report = await runFaqDraftJob(deps, now, { ...options, pause: () => new Promise<void>((resolve) => setImmediate(resolve)) });
    logger.info(
      { read: report.read, clusters: report.clusters, covered: report.covered, proposed: report.proposed.map((d) => d.id), told: report.told },
      'FAQ drafts: solved tickets grouped by problem',
    );
  }

  return {
    run(now: number): Promise<void> {
      running ??= draft(now)
        .catch((err: unknown) => logger.warn({ err }, 'FAQ draft job failed: tomorrow\'s run tries again'))
        .finally(() => {
          running = null;
        });
      return running;
    },
    async idle(): Promise<void> {
      await running;
    },
  };
}

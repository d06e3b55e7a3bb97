// `sportello faq stats`: how guided fixes went, step by step, read from the marks
// the store keeps; the step that fails most is what a lead rewrites first.
import type { Command } from 'commander';
import { guideStatsFigures, guideStatsText, MIN_REACHED_FOR_WORST, type FaqEntry } from '../../src/index.js';
import { withStore } from './with-store.js';

interface StatsOptions {
  entry?: string;
  since?: string;
  json?: boolean;
}

const DAY = 86_400_000;
const MAX_DAYS = 3660;

/** `7d` (the last 7 days) or `2026-11-01` (from that day, UTC) -> the first moment counted. */
export function readSince(text: string, now: number): number {
  const given = text.trim();
  const days = /^(\d{1,4})d$/.exec(given);
  if (days) {
    const n = Number(days[1]);
    if (n < 1 || n > MAX_DAYS) throw new Error(`--since ${given}: give between 1d and ${MAX_DAYS}d`);
    return now - n * DAY;
  }
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(given);
  if (!day) throw new Error(`--since ${JSON.stringify(given.slice(0, 40))} is neither a number of days (7d) nor a date (YYYY-MM-DD)`);
  const at = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
  if (new Date(at).toISOString().slice(0, 10) !== given) throw new Error(`--since ${given} is not a date on the calendar`);
  if (at > now) throw new Error(`--since ${given} is in the future`);
  return at;
}

/** The entries to show: every one, or the one asked, which must be in the knowledge base and be (or have been) a guide. */
function chosen(entries: readonly FaqEntry[], id: string | undefined, marked: boolean): FaqEntry[] {
  if (id === undefined) return [...entries];
  const entry = entries.find((e) => e.id === id.trim());
  if (!entry) throw new Error(`no entry "${id.slice(0, 100)}" in the knowledge base (see \`sportello faq list\`)`);
  if (!entry.steps?.length && !marked) throw new Error(`the entry "${entry.id}" has no steps: it is not a guided fix`);
  return [entry];
}

export function addFaqStatsCommand(faq: Command): void {
  faq
    .command('stats')
    .description('how guided fixes went, step by step: reached, solved here, gave up, ended in a ticket, left; and the step that fails most')
    .option('--entry <id>', 'one guided entry only')
    .option('--since <when>', 'only what happened since: 7d (the last 7 days) or 2026-11-01 (that day, UTC, and after)')
    .option('--json', 'print the figures as JSON')
    .action(async (opts: StatsOptions) => {
      const since = opts.since === undefined ? undefined : readSince(opts.since, Date.now());
      await withStore(async (store, config) => {
        const entryId = opts.entry?.trim();
        const counts = await store.guideStepCounts({ ...(entryId !== undefined ? { entryId } : {}), ...(since !== undefined ? { since } : {}) });
        const entries = chosen(await store.listFaqs(), entryId, counts.length > 0);
        const figures = guideStatsFigures(counts, entries);
        if (opts.json) {
          const out = { since: since === undefined ? null : new Date(since).toISOString(), minReached: MIN_REACHED_FOR_WORST, ...figures };
          console.log(JSON.stringify(out, null, 2));
        } else console.log(guideStatsText(config.DEFAULT_LOCALE, figures, MIN_REACHED_FOR_WORST));
      });
    });
}

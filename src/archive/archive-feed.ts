// Fills the archive from the store and keeps it level with what other
// instances close: pages of `closedBetween` from a watermark. On FerretDB every
// such query reads the whole collection, so pages are large and refreshes rare;
// each page yields to waiting messages before the next.
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { PersonalDataStore } from '../ports/personal-data-store.js';
import type { TicketStore } from '../ports/ticket-store.js';
import type { Ticket } from '../tickets/ticket.js';
import type { Archive } from './archive.js';
import { archiveText, toArchived } from './archived-ticket.js';
import { ArchiveIndex } from './archive-index.js';

export interface ArchiveFeedOptions {
  /**
   * With `privacyAudit`, a refresh that finds a new erase or retention run reads the
   * archive afresh, so no server keeps in memory what the store no longer holds.
   */
  store: Pick<TicketStore, 'closedBetween'> & Partial<Pick<PersonalDataStore, 'privacyAudit'>>;
  archive: Archive;
  clock: Clock;
  logger: Logger;
  pageSize?: number;
  /**
   * How far behind the watermark a refresh looks again: a ticket another
   * instance closed just before the last refresh may commit just after it.
   * Tickets seen already are skipped by code.
   */
  overlapMs?: number;
}

export interface ArchiveFeed {
  /** Everything closed so far, page by page; then the archive counts as loaded. */
  load(): Promise<number>;
  /** What was closed since the last load or refresh (by any instance); returns how many were new. */
  refresh(): Promise<number>;
}

const yieldToOthers = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
/** How many of the newest privacy-audit rows a refresh reads to find a new erase or retention run. */
const PRIVACY_RUNS_READ = 20;
/** Indexing a ticket takes ~0.15 ms: a page is indexed this many at a time, messages handled in between. */
const INDEX_CHUNK = 200;

export function createArchiveFeed(options: ArchiveFeedOptions): ArchiveFeed {
  const pageSize = options.pageSize ?? 2_000;
  const overlapMs = options.overlapMs ?? 10 * 60_000;
  const { archive, store } = options;
  /** The latest closing time read from the store. */
  let watermark = 0;
  let running: Promise<number> | null = null;
  /** The ids of the newest privacy runs at the last look (null: not looked yet). */
  let seenPrivacyRuns: ReadonlySet<string> | null = null;

  /**
   * True when the newest runs in the audit include one not seen at the last look.
   * Several are read, not just the newest: the log is ordered by its `at`, and a row
   * written with an odd time (a clock off, a run dated ahead) must not hide the ones
   * after it. Only the ids read are kept: a row that left the newest few never returns.
   */
  async function newPrivacyRun(): Promise<boolean> {
    if (!store.privacyAudit) return false;
    const ids = (await store.privacyAudit(PRIVACY_RUNS_READ)).map((e) => e.id);
    const before = seenPrivacyRuns;
    seenPrivacyRuns = new Set(ids);
    return before !== null && ids.some((id) => !before.has(id));
  }

  async function readFrom(from: number, note: (t: Ticket) => boolean = (t) => archive.noteClosed(t)): Promise<number> {
    const to = options.clock.now() + overlapMs;
    let added = 0;
    let after: { at: number; code: string } | undefined;
    for (;;) {
      const page = await store.closedBetween({ from, to }, pageSize, after);
      for (let i = 0; i < page.length; i++) {
        const t = page[i]!;
        if (note(t)) added++;
        if (t.closedAt !== undefined && t.closedAt > watermark) watermark = t.closedAt;
        if ((i + 1) % INDEX_CHUNK === 0) await yieldToOthers();
      }
      if (page.length < pageSize) break;
      const last = page[page.length - 1]!;
      after = { at: last.closedAt!, code: last.code };
      await yieldToOthers();
    }
    archive.index.refreshSpeller();
    return added;
  }

  /** Everything again into a new index, swapped in whole when read: searches meanwhile use the old one. */
  async function reread(): Promise<number> {
    const next = new ArchiveIndex();
    const added = await readFrom(0, (t) => {
      const archived = toArchived(t);
      return archived ? next.add(archived, archiveText(t)) : false;
    });
    next.refreshSpeller();
    archive.replaceIndex(next);
    return added;
  }

  /** One read at a time: a slow refresh is not overtaken by the next timer tick. */
  function once(work: () => Promise<number>): Promise<number> {
    running ??= work().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    load: () =>
      once(async () => {
        const started = options.clock.now();
        await newPrivacyRun();
        const added = await readFrom(0);
        archive.markLoaded();
        options.logger.info({ component: 'archive', tickets: archive.index.size, ms: options.clock.now() - started }, 'archive of closed tickets loaded');
        return added;
      }),
    refresh: () =>
      once(async () => {
        const erased = await newPrivacyRun();
        if (erased) options.logger.info({ component: 'archive' }, 'personal data was erased in the store: reading the archive afresh');
        const added = erased ? await reread() : await readFrom(Math.max(0, watermark - overlapMs));
        // After a failed load, the first refresh (from the beginning) did its work.
        archive.markLoaded();
        return added;
      }),
  };
}

// The matcher the bot runs: rebuilt from the store whenever the knowledge
// base's revision moves (an import from the CLI, `faq add` in chat, another
// instance), so new entries answer within a fraction of a second. A knowledge
// base it cannot use never stops the desk: stored entries that are not valid
// are left out, a matcher that fails to build leaves the last good one serving,
// and a question the matcher fails on is answered as if nothing matched (a
// ticket), each logged.
import type { Clock } from '../ports/clock.js';
import type { FaqEntry, FaqMatch, FaqMatcher } from '../ports/faq-matcher.js';
import type { FaqStore } from '../ports/faq-store.js';
import type { Logger } from '../ports/logger.js';
import { usableFaqEntries } from './knowledge-base.js';

export interface LiveFaqMatcher extends FaqMatcher {
  refresh(options?: { force?: boolean }): Promise<void>;
}

/** How often the store is asked for the revision, at most. */
const CHECK_EVERY_MS = 250;
/** Recent answers kept: one message is matched for the reply and again for triage. */
const MEMO_SIZE = 32;
/** …briefly: a semantic index that becomes ready must be used for the next message. */
const MEMO_MS = 1000;

/** The stored entries the matcher can use; the others are logged and left out. */
function usableEntries(stored: readonly unknown[], revision: string | null, logger: Logger): FaqEntry[] {
  const { entries, problems } = usableFaqEntries(stored);
  if (problems.length > 0) {
    logger.error({ revision, problems: problems.slice(0, 20), skipped: problems.length }, 'knowledge base: stored entries that are not valid are left out of the FAQ');
  }
  return entries;
}

export function createLiveFaqMatcher(store: FaqStore, build: (entries: readonly FaqEntry[]) => FaqMatcher, clock: Clock, logger: Logger): LiveFaqMatcher {
  let revision: string | null | undefined;
  let checkedAt = -Infinity;
  let current = build([]);
  let storeFailing = false;
  const memo = new Map<string, { at: number; found: Promise<FaqMatch[]> }>();

  /** The stored knowledge base at `latest` as a matcher; null (logged) when it cannot be built. */
  function rebuild(stored: readonly unknown[], latest: string | null): FaqMatcher | null {
    try {
      return build(usableEntries(stored, latest, logger));
    } catch (err) {
      logger.error({ err, revision: latest }, 'knowledge base: the FAQ matcher could not be built; still answering from the last good one');
      return null;
    }
  }

  async function read(): Promise<{ latest: string | null; stored: unknown[] | null } | null> {
    try {
      const latest = await store.faqRevision();
      const stored = latest === revision ? null : await store.listFaqs();
      storeFailing = false;
      return { latest, stored };
    } catch (err) {
      // Tried again at the next check; said once per outage, not at every message.
      if (!storeFailing) logger.warn({ err }, 'knowledge base: the store could not be read; the FAQ keeps its last index');
      storeFailing = true;
      return null;
    }
  }

  return {
    async refresh({ force = false } = {}) {
      const now = clock.now();
      if (!force && now - checkedAt < CHECK_EVERY_MS) return;
      checkedAt = now;
      const found = await read();
      if (!found?.stored) return;
      const next = rebuild(found.stored, found.latest);
      // A revision that failed is not built again at every message: the next revision is.
      revision = found.latest;
      if (!next) return;
      const previous = current;
      current = next;
      previous.dispose?.();
      memo.clear();
    },
    match(text, limit = 3) {
      const key = `${limit}\u0000${text}`;
      const now = clock.now();
      const hit = memo.get(key);
      if (hit && now - hit.at < MEMO_MS) return hit.found;
      const matcher = current;
      const found = Promise.resolve()
        .then(() => matcher.match(text, limit))
        .catch((err: unknown): FaqMatch[] => {
          memo.delete(key);
          logger.error({ err, chars: text.length }, 'knowledge base: the FAQ matcher failed on a question; answered as if nothing matched');
          return [];
        });
      memo.delete(key);
      if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value!);
      memo.set(key, { at: now, found });
      return found;
    },
    entry: (id) => current.entry(id),
  };
}

// The matcher the bot runs: rebuilt from the store whenever the knowledge
// base's revision moves (an import from the CLI, `faq add` in chat, another
// instance), so new entries answer within a fraction of a second.
import type { Clock } from '../ports/clock.js';
import type { FaqEntry, FaqMatch, FaqMatcher } from '../ports/faq-matcher.js';
import type { FaqStore } from '../ports/faq-store.js';

export interface LiveFaqMatcher extends FaqMatcher {
  refresh(options?: { force?: boolean }): Promise<void>;
}

/** How often the store is asked for the revision, at most. */
const CHECK_EVERY_MS = 250;
/** Recent answers kept: one message is matched for the reply and again for triage. */
const MEMO_SIZE = 32;
/** …briefly: a semantic index that becomes ready must be used for the next message. */
const MEMO_MS = 1000;

export function createLiveFaqMatcher(store: FaqStore, build: (entries: readonly FaqEntry[]) => FaqMatcher, clock: Clock): LiveFaqMatcher {
  let revision: string | null | undefined;
  let checkedAt = -Infinity;
  let current = build([]);
  const memo = new Map<string, { at: number; found: Promise<FaqMatch[]> }>();
  return {
    async refresh({ force = false } = {}) {
      const now = clock.now();
      if (!force && now - checkedAt < CHECK_EVERY_MS) return;
      checkedAt = now;
      const latest = await store.faqRevision();
      if (latest === revision) return;
      const previous = current;
      current = build(await store.listFaqs());
      previous.dispose?.();
      memo.clear();
      revision = latest;
    },
    match(text, limit = 3) {
      const key = `${limit}\u0000${text}`;
      const now = clock.now();
      const hit = memo.get(key);
      if (hit && now - hit.at < MEMO_MS) return hit.found;
      const found = current.match(text, limit);
      memo.delete(key);
      if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value!);
      memo.set(key, { at: now, found });
      found.catch(() => memo.delete(key));
      return found;
    },
    entry: (id) => current.entry(id),
  };
}

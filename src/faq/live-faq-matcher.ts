// The matcher the bot runs: rebuilt from the store whenever the knowledge
// base's revision moves (an import from the CLI, `faq add` in chat, another
// instance), so new entries answer from the next message on.
import type { FaqEntry, FaqMatcher } from '../ports/faq-matcher.js';
import type { FaqStore } from '../ports/faq-store.js';

export interface LiveFaqMatcher extends FaqMatcher {
  refresh(): Promise<void>;
}

export function createLiveFaqMatcher(store: FaqStore, build: (entries: readonly FaqEntry[]) => FaqMatcher): LiveFaqMatcher {
  let revision: string | null | undefined;
  let current = build([]);
  return {
    async refresh() {
      const latest = await store.faqRevision();
      if (latest === revision) return;
      current = build(await store.listFaqs());
      revision = latest;
    },
    match: (text, limit) => current.match(text, limit),
    entry: (id) => current.entry(id),
  };
}

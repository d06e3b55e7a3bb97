// Whether entries may go into the store: each valid on its own, and the
// knowledge base they would leave there one the FAQ matcher can build and answer
// from. The CLI's `faq import` and the leads' FAQ page ask the same question.
import type { FaqEntry } from '../ports/faq-matcher.js';
import { createTfidfMatcher } from './create-tfidf-matcher.js';
import { assertMatchable, checkKnowledgeBase, KnowledgeBaseError, mergeKnowledgeBase, usableFaqEntries, type FaqProblem } from './knowledge-base.js';

/**
 * `raw`: a knowledge base (`{ "faqs": [...] }`); `stored`: what the store holds
 * now (entries that are not valid there are left out, as the bot leaves them out).
 * Returns the entries to upsert, or every problem found and no entries.
 */
export async function checkImport(raw: unknown, departments: readonly string[], stored: readonly unknown[]): Promise<{ entries: FaqEntry[]; problems: FaqProblem[] }> {
  const checked = checkKnowledgeBase(raw, departments);
  if (checked.problems.length > 0) return checked;
  try {
    // The lexical matcher is the one every set-up runs (the semantic tier stands beside it).
    await assertMatchable(mergeKnowledgeBase(usableFaqEntries(stored).entries, checked.entries), createTfidfMatcher);
  } catch (err) {
    if (!(err instanceof KnowledgeBaseError)) throw err;
    return { entries: [], problems: [{ index: -1, path: [], kind: 'unmatchable', message: err.message }] };
  }
  return checked;
}

// The FAQ matcher: a TF-IDF index over every phrasing, with confidences
// calibrated on the knowledge base itself.
import type { FaqEntry, FaqMatch, FaqMatcher } from '../ports/faq-matcher.js';
import { calibrate, candidateFeatures, confidence, type Calibration } from './calibration.js';
import { standingRefusals, wordingKey } from './learning-rules.js';
import { TfIdfIndex, type IndexedDoc } from './tfidf-index.js';

export interface TfIdfFaqMatcher extends FaqMatcher {
  /** The same as `match`, synchronously (lexical matching needs no I/O). */
  matchNow(text: string, limit?: number): FaqMatch[];
  /** Entries ranked by similarity alone (for evaluation: top-1 / top-3). */
  rank(text: string, limit?: number): FaqEntry[];
  readonly calibration: Calibration;
  /** The index and its phrasings, for a semantic tier to stand beside. */
  readonly index: TfIdfIndex;
  readonly docs: readonly IndexedDoc[];
}

export function createTfidfMatcher(entries: readonly FaqEntry[]): TfIdfFaqMatcher {
  // Tags are the entry's keywords: together they make one more phrasing.
  const docs = entries.flatMap((entry, i) =>
    [...entry.questions, ...(entry.tags?.length ? [entry.tags.join(' ')] : [])].map((text) => ({ text, entry: i })),
  );
  const index = new TfIdfIndex(docs, entries.length);
  const byId = new Map(entries.map((e) => [e.id, e]));
  const calibration = docs.length > 1 ? calibrate(index, docs.map((d) => d.entry)) : { weights: [-5, 0, 0] as const };
  // Without sentence embeddings, only the very wording someone refused holds an entry back.
  const refusals = entries.map((e) => standingRefusals(e));
  const anyRefusal = refusals.some((r) => r.size > 0);
  const matchNow = (text: string, limit = 3) => {
    const scores = index.score(text);
    const key = anyRefusal ? wordingKey(text) : '';
    return scores.slice(0, limit).map((s, rank): FaqMatch => {
      const match: FaqMatch = { entry: entries[s.entry]!, confidence: confidence(calibration, candidateFeatures(scores, rank)) };
      if (anyRefusal && refusals[s.entry]!.has(key)) match.held = true;
      return match;
    });
  };
  return {
    calibration,
    index,
    docs,
    matchNow,
    match: async (text, limit) => matchNow(text, limit),
    entry: (id) => byId.get(id),
    rank(text, limit = 3) {
      return index.score(text).slice(0, limit).map((s) => entries[s.entry]!);
    },
  };
}

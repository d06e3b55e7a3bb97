// Department by meaning: a clear knowledge-base match names it; otherwise the
// cue words and a weaker KB match are weighed together, and the guess says
// whether it is sure, so the caller can ask instead of defaulting to the first
// department. Priority always comes from the cue words.
import type { FaqMatcher } from '../ports/faq-matcher.js';
import { createKeywordTriage, pickDepartment, type TriageGuesser } from '../tickets/triage.js';

const CLEAR_MATCH = 0.5;
const WEAK_MATCH = 0.25;
/** A weak match counts for its confidence × this: below one cue word (it stays < 1 under CLEAR_MATCH), above none. */
const KB_WEIGHT = 2;
/** At least one cue word's worth of evidence for the winner to be a confident guess. */
const SURE = 1;

export function createFaqTriage(matcher: Pick<FaqMatcher, 'match'>, departments: readonly string[]): TriageGuesser {
  const keywords = createKeywordTriage(departments);
  return {
    async guess(text) {
      const byKeywords = keywords.guess(text);
      const [top] = await matcher.match(text, 1);
      const kbDepartment = top && departments.includes(top.entry.department) ? top.entry.department : null;
      if (kbDepartment && top!.confidence >= CLEAR_MATCH) return { ...byKeywords, department: kbDepartment, confident: true };
      const scores = new Map(keywords.cueScores(text));
      if (kbDepartment && top!.confidence >= WEAK_MATCH) scores.set(kbDepartment, (scores.get(kbDepartment) ?? 0) + top!.confidence * KB_WEIGHT);
      const picked = pickDepartment(departments, scores);
      return { ...byKeywords, department: picked.department, confident: picked.confident && picked.score >= SURE };
    },
  };
}

// Department from the knowledge base: the department of the entry the text is
// closest to, when the match is worth anything; otherwise the keyword guess.
// Priority always comes from the cue words.
import type { FaqMatcher } from '../ports/faq-matcher.js';
import { createKeywordTriage, type TriageGuesser } from '../tickets/triage.js';

const DEPARTMENT_CONFIDENCE = 0.3;

export function createFaqTriage(matcher: FaqMatcher, departments: readonly string[]): TriageGuesser {
  const keywords = createKeywordTriage(departments);
  return {
    guess(text) {
      const fallback = keywords.guess(text);
      const [top] = matcher.match(text, 1);
      const fromKb = top && top.confidence >= DEPARTMENT_CONFIDENCE && departments.includes(top.entry.department);
      return fromKb ? { ...fallback, department: top.entry.department } : fallback;
    },
  };
}

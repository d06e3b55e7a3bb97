// Department: the knowledge base's when the text clearly matches an entry, the
// cue words' when they name one, the KB's weaker match next, the default last.
// Priority always comes from the cue words.
import type { FaqMatcher } from '../ports/faq-matcher.js';
import { createKeywordTriage, type TriageGuesser } from '../tickets/triage.js';

const CLEAR_MATCH = 0.5;
const WEAK_MATCH = 0.25;

export function createFaqTriage(matcher: Pick<FaqMatcher, 'match'>, departments: readonly string[]): TriageGuesser {
  const keywords = createKeywordTriage(departments);
  return {
    async guess(text) {
      const byKeywords = keywords.guess(text);
      const [top] = await matcher.match(text, 1);
      const kbDepartment = top && departments.includes(top.entry.department) ? top.entry.department : null;
      if (kbDepartment && top!.confidence >= CLEAR_MATCH) return { ...byKeywords, department: kbDepartment };
      if (keywords.cueHits(text) > 0) return byKeywords;
      if (kbDepartment && top!.confidence >= WEAK_MATCH) return { ...byKeywords, department: kbDepartment };
      return byKeywords;
    },
  };
}

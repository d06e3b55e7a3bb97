// A plain keyword matcher behind the FaqMatcher interface: the share of a
// question's words that the message also has. A stand-in until the real
// matcher (stems, n-grams, calibration) replaces it.
import type { FaqEntry, FaqMatch, FaqMatcher } from '../ports/faq-matcher.js';
import { foldText } from '../tickets/priority.js';

const STOPWORDS = new Set(
  ('il lo la i gli le un una uno di a da in con su per tra fra e o ma non che come mi ti si ci vi ho ha hai sono è e ' +
    'del della dei delle al alla ai alle nel nella the a an of to in on for and or but not is are am be do does my i you ' +
    'it can how what why where when with me your this that').split(' '),
);

function words(text: string): Set<string> {
  return new Set(foldText(text).trim().split(' ').filter((w) => w.length > 1 && !STOPWORDS.has(w)));
}

export function createKeywordMatcher(entries: readonly FaqEntry[]): FaqMatcher {
  const index = entries.flatMap((entry) => entry.questions.map((q) => ({ entry, words: words(q) })));
  return {
    match(text, limit = 3) {
      const query = words(text);
      if (query.size === 0) return [];
      const best = new Map<string, FaqMatch>();
      for (const { entry, words: qw } of index) {
        if (qw.size === 0) continue;
        let shared = 0;
        for (const w of qw) if (query.has(w)) shared++;
        // Dice overlap: rewards sharing most words of both the question and the message.
        const confidence = (2 * shared) / (qw.size + query.size);
        if (confidence > (best.get(entry.id)?.confidence ?? 0)) best.set(entry.id, { entry, confidence });
      }
      return [...best.values()].sort((a, b) => b.confidence - a.confidence).slice(0, limit);
    },
  };
}

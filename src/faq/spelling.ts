// Typos against the knowledge base's own words: "pasword", "passwrod",
// "conette" are one slip away from a word the phrasings use, and a word the
// index has never seen only dilutes the match. A query word the index does not
// know is read as the known word one edit away (a letter missing, extra,
// changed, or two swapped), the most used one when several are. Deletion
// neighbourhoods make that a few map look-ups, not a scan of the vocabulary.
import type { Speller } from './features.js';

/** Shorter words are too often another real word one letter away ("cane", "case"). */
const MIN_LENGTH = 5;

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** At most one insertion, deletion, substitution, or swap of neighbours between a and b. */
function oneEditApart(a: string, b: string): boolean {
  if (a === b) return false;
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  if (l.length - s.length > 1) return false;
  let i = 0;
  while (i < s.length && s[i] === l[i]) i++;
  if (s.length === l.length) {
    if (s.slice(i + 1) === l.slice(i + 1)) return true;
    return s[i] === l[i + 1] && s[i + 1] === l[i] && s.slice(i + 2) === l.slice(i + 2);
  }
  return s.slice(i) === l.slice(i + 1);
}

/**
 * `vocabulary`: the content words of every phrasing with how many phrasings
 * use each; `knownStem`: whether the index has this stem (then the word is a
 * form it knows, not a typo).
 */
export function createSpeller(vocabulary: ReadonlyMap<string, number>, knownStem: (stem: string) => boolean): Speller {
  const near = new Map<string, string[]>();
  const put = (key: string, word: string) => {
    const list = near.get(key);
    if (list) list.push(word);
    else near.set(key, [word]);
  };
  for (const word of vocabulary.keys()) {
    if (word.length < MIN_LENGTH - 1 || /\d/.test(word)) continue;
    put(word, word);
    for (const d of deletions(word)) put(d, word);
  }
  return (word, stems) => {
    if (word.length < MIN_LENGTH || /\d/.test(word) || vocabulary.has(word) || stems.some(knownStem)) return word;
    let best = word;
    let uses = 0;
    for (const key of [word, ...deletions(word)]) {
      for (const candidate of near.get(key) ?? []) {
        const n = vocabulary.get(candidate)!;
        if (n > uses && oneEditApart(word, candidate)) [best, uses] = [candidate, n];
      }
    }
    return best;
  };
}

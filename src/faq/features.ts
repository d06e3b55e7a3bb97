// A phrasing or a query -> weighted features: word stems, stem pairs, and
// character n-grams of the words (which survive typos that stems do not).
import enStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import itStemmer from 'natural/lib/natural/stemmers/porter_stemmer_it.js';
import type { Locale } from '../events.js';
import { FILLER, FLOOR_WORDS, ORDINALS, STOPWORDS, detectLanguage } from './language.js';
import { words } from './normalise.js';

export interface TextFeatures {
  language: Locale | null;
  /** Stems and stem pairs, with counts. */
  words: Map<string, number>;
  /** Character 3- and 4-grams of the content words, with counts. */
  chars: Map<string, number>;
}

const STEMMERS: Record<Locale, { stem(word: string): string }> = { en: enStemmer, it: itStemmer };

function add(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function computeStems(word: string, language: Locale | null): readonly string[] {
  if (/\d/.test(word)) return [word];
  if (language) return [STEMMERS[language].stem(word)];
  const en = STEMMERS.en.stem(word);
  const it = STEMMERS.it.stem(word);
  return en === it ? [en] : [en, it];
}

/**
 * Stemming is most of the work of reading a text, and people use the same words
 * again and again: stems are remembered, per language, up to a bound.
 */
const STEM_MEMORY = 20_000;
const remembered: Record<Locale | 'both', Map<string, readonly string[]>> = { en: new Map(), it: new Map(), both: new Map() };

function stemsOf(word: string, language: Locale | null): readonly string[] {
  const memory = remembered[language ?? 'both'];
  let stems = memory.get(word);
  if (stems === undefined) {
    if (memory.size >= STEM_MEMORY) memory.clear();
    stems = computeStems(word, language);
    memory.set(word, stems);
  }
  return stems;
}

/** A query's word as the index knows it ("pasword" -> "password"), or the word itself. */
export type Speller = (word: string, stems: readonly string[]) => string;

/** Words of a query or a phrasing that carry its meaning, if it has any. */
export function contentWords(all: readonly string[]): string[] {
  const place = floors(all);
  return all.filter((w, i) => !place[i] && !STOPWORDS.en.has(w) && !STOPWORDS.it.has(w) && !FILLER.has(w));
}

/** Which words name a floor: "3 piano", "piano terra", "floor 2", "second floor" (a lone "floor" may be what to clean). */
function floors(all: readonly string[]): boolean[] {
  const place = all.map(() => false);
  all.forEach((w, i) => {
    if (!FLOOR_WORDS.has(w)) return;
    for (const j of [i - 1, i + 1]) {
      if (j >= 0 && j < all.length && isOrdinal(all[j]!)) place[i] = place[j] = true;
    }
  });
  return place;
}

const isOrdinal = (w: string) => ORDINALS.has(w) || /^\d+(?:st|nd|rd|th|o|a)?$/.test(w);

export function extractFeatures(text: string, hint?: Locale | null, spell?: Speller): TextFeatures {
  const all = words(text);
  const language = hint ?? detectLanguage(all);
  const content = contentWords(all);
  // A question made only of function words ("how do I") still needs something to match on.
  const found = content.length > 0 ? content : all;
  const kept = spell ? found.map((w) => spell(w, stemsOf(w, language))) : found;
  const wordFeatures = new Map<string, number>();
  const charFeatures = new Map<string, number>();
  let previous: string | null = null;
  for (const w of kept) {
    const stems = stemsOf(w, language);
    for (const s of stems) add(wordFeatures, s, 1 / stems.length);
    const first = stems[0]!;
    if (previous) add(wordFeatures, `${previous}_${first}`);
    previous = first;
    const padded = `#${w}#`;
    for (let n = 3; n <= 4; n++) {
      for (let i = 0; i + n <= padded.length; i++) add(charFeatures, padded.slice(i, i + n));
    }
  }
  return { language, words: wordFeatures, chars: charFeatures };
}

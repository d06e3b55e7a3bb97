// Italian or English, from the function words a text uses. Short or mixed
// texts may stay undecided (null): callers then treat them as both.
import { words as enStop } from 'natural/lib/natural/util/stopwords.js';
import { words as itStop } from 'natural/lib/natural/util/stopwords_it.js';
import type { Locale } from '../events.js';

export const STOPWORDS: Readonly<Record<Locale, ReadonlySet<string>>> = {
  en: new Set([...enStop, 'i', 'my', 'me', 'can', 'how', 'what', 'do', 'does', 'cannot', 'please', 'hi', 'hello']),
  it: new Set([...itStop, 'non', 'come', 'mio', 'mia', 'miei', 'posso', 'devo', 'sono', 'ho', 'perche', 'cosa', 'dove', 'quando', 'ciao', 'grazie']),
};

/**
 * Words that say how badly or how politely something is asked, never what is
 * asked: "ho dimenticato la password… urgente!!" is the same question as
 * without them. Left out of matching (triage reads urgency from the raw text);
 * kept apart from STOPWORDS, which also tell the language.
 */
export const FILLER: ReadonlySet<string> = new Set([
  'urgent', 'urgently', 'urgentissimo', 'urgentissima', 'urgente', 'urgenti', 'urgentemente', 'asap', 'subito', 'immediately',
  'immediatamente', 'quickly', 'presto', 'please', 'help', 'aiuto', 'aiutatemi', 'aiutami', 'favore', 'cortesia', 'thanks',
  'grazie', 'sos',
]);

/**
 * Where something happens is not what happens: "la stampante al 3° piano è
 * bloccata" asks what "la stampante è bloccata" asks. A floor word beside a
 * number or an ordinal is left out of matching, with it ("secondo" stays in
 * "secondo monitor", "floor" in "clean the floor", "piano" in "piano ferie").
 */
export const FLOOR_WORDS: ReadonlySet<string> = new Set(['piano', 'piani', 'floor', 'floors']);
export const ORDINALS: ReadonlySet<string> = new Set([
  'primo', 'secondo', 'terzo', 'quarto', 'quinto', 'sesto', 'settimo', 'ottavo', 'nono', 'decimo', 'ultimo', 'terra', 'rialzato',
  'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'top', 'ground', 'last',
]);

// Word endings that are common in one language and rare in the other.
const IT_ENDINGS = /(?:zione|zioni|mente|are|ere|ire|ato|ata|ati|ito|ita|eggio|tta|tto|cci|gli|gn[aoie])$/;
const EN_ENDINGS = /(?:ing|tion|ed|ly|th|sh|ck|w|y)$/;

export function detectLanguage(tokens: readonly string[]): Locale | null {
  let it = 0;
  let en = 0;
  for (const w of tokens) {
    const inIt = STOPWORDS.it.has(w);
    const inEn = STOPWORDS.en.has(w);
    if (inIt && !inEn) it += 2;
    else if (inEn && !inIt) en += 2;
    else if (!inIt && !inEn && w.length > 3) {
      if (IT_ENDINGS.test(w)) it += 1;
      else if (EN_ENDINGS.test(w)) en += 1;
    }
  }
  if (it === en) return null;
  return it > en ? 'it' : 'en';
}

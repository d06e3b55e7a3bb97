// Italian or English, from the function words a text uses. Short or mixed
// texts may stay undecided (null): callers then treat them as both.
import { words as enStop } from 'natural/lib/natural/util/stopwords.js';
import { words as itStop } from 'natural/lib/natural/util/stopwords_it.js';
import type { Locale } from '../events.js';

export const STOPWORDS: Readonly<Record<Locale, ReadonlySet<string>>> = {
  en: new Set([...enStop, 'i', 'my', 'me', 'can', 'how', 'what', 'do', 'does', 'cannot', 'please', 'hi', 'hello']),
  it: new Set([...itStop, 'non', 'come', 'mio', 'mia', 'miei', 'posso', 'devo', 'sono', 'ho', 'perche', 'cosa', 'dove', 'quando', 'ciao', 'grazie']),
};

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

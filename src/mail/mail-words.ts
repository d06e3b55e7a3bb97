// What a mail's words mean to the desk: "SOLVED" as the first thing said, and
// the subject without the "Re:"/"R:"/"Fwd:" and ticket codes mail clients add.
import type { Locale } from '../events.js';
import { detectLanguage } from '../faq/language.js';
import { words } from '../faq/normalise.js';

/** What people write when it is fixed, in both languages ("SOLVED", "Sì, risolto grazie", "it works now"). */
const SOLVED = /(^|[^\p{L}])(solved|resolved|fixed|risolt[oaie]|sistemat[oaie]|funziona|works|working|tutto a posto|tutto ok|all good)([^\p{L}]|$)/iu;
/** …and what turns it round ("non funziona", "still not fixed", "isn't solved"). */
const NEGATION = /(^|[^\p{L}])(non|not|no|never|still|ancora|mai|neither|nor)([^\p{L}]|$)|n't([^\p{L}]|$)/iu;
const THANKS = /(^|[^\p{L}])(grazie|thanks|thank you|thx|perfetto|perfect|great|ottimo|fantastico)([^\p{L}]|$)/iu;
/** Past this, a "thanks" comes with more to say: it is not only a thank-you. */
const SHORT = 300;

function firstLine(text: string): string {
  return (text.trim().split('\n', 1)[0] ?? '').slice(0, SHORT);
}

/** True when the first line says it is fixed, with nothing turning it round ("SOLVED", "Ok funziona, grazie mille"). */
export function saysSolved(text: string): boolean {
  const line = firstLine(text);
  return SOLVED.test(line) && !NEGATION.test(line);
}

/** A short thank-you with nothing wrong in it ("Thank you so much Anna, you saved my day!"): nothing to reopen for. */
export function soundsThankful(text: string): boolean {
  const line = firstLine(text);
  return text.trim().length <= SHORT && THANKS.test(line) && !NEGATION.test(text);
}

/** A reply that is only a score ("4", "5!", "3 - ok"): the answer to the rating question, 1 to 5. */
export function scoreIn(text: string): number | null {
  const first = text.trim().split('\n', 1)[0] ?? '';
  const m = first.match(/^([1-5])(?:\s*\/\s*5)?\b[^\p{L}\d]*$/u);
  return m ? Number(m[1]) : null;
}

const REPLY_PREFIX = /^\s*((re|r|fw|fwd|i|inoltro|aw|wg|sv|rif)\s*(\[\d+\])?\s*:\s*)+/i;
const CODE_TAG = /\[[A-Za-z][A-Za-z0-9]{0,9}-\d{1,9}\]/g;

/** The subject as the person wrote it first: reply prefixes and [IT-42] tags gone. */
export function cleanSubject(subject: string): string {
  let s = subject.replace(CODE_TAG, ' ');
  // Prefixes may sit on both sides of a code tag ("Re: [IT-4] R: Stampante").
  for (let i = 0; i < 3; i++) s = s.replace(REPLY_PREFIX, '');
  return s.replace(/\s+/g, ' ').trim();
}

/** A new mail's words for the desk: the subject as its first line (the ticket's title), unless the body starts with it. */
export function mailRequestText(subject: string, body: string): string {
  const title = cleanSubject(subject);
  const text = body.trim();
  if (!title) return text;
  if (!text || text.toLowerCase().startsWith(title.toLowerCase())) return text || title;
  return `${title}\n\n${text}`;
}

/** The language a mail is written in, when its words tell (a mail carries no locale setting). */
export function localeOfMail(text: string): Locale | undefined {
  return detectLanguage(words(text.slice(0, 2000))) ?? undefined;
}

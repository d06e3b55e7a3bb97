// The questions a chat offers on arrival: the entries that answered most people
// in this language, then (while few have been counted) the knowledge base's first
// entries that can be asked in it. Pure.
import type { Locale } from '../events.js';
import type { FaqEntry } from '../ports/faq-matcher.js';
import { detectLanguage } from './language.js';
import { words } from './normalise.js';

/** An entry's first phrasing in this language; none when it is written in another only. */
function askedIn(locale: Locale, entry: FaqEntry): string | undefined {
  return entry.questions.find((q) => detectLanguage(words(q)) === locale);
}

export function suggestedQuestions(
  locale: Locale,
  entries: readonly FaqEntry[],
  mostAsked: readonly { entryId: string }[],
  limit: number,
): { entryId: string; question: string }[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const picked: { entryId: string; question: string }[] = [];
  const take = (entry: FaqEntry | undefined) => {
    if (!entry || picked.length >= limit || picked.some((p) => p.entryId === entry.id)) return;
    const question = askedIn(locale, entry);
    if (question) picked.push({ entryId: entry.id, question });
  };
  for (const { entryId } of mostAsked) take(byId.get(entryId));
  for (const entry of entries) take(entry);
  return picked;
}

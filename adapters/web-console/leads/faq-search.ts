// The FAQ page's search: every word typed must begin a word of the entry's id,
// questions or answers (either language), accents and case aside. Pure.
import type { FaqEntry } from '../../../src/index.js';

function wordsOf(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

export function searchFaqs(entries: readonly FaqEntry[], query: string): FaqEntry[] {
  const wanted = wordsOf(query);
  if (wanted.length === 0) return [...entries];
  return entries.filter((e) => {
    const have = wordsOf([e.id, ...e.questions, e.answer.it ?? '', e.answer.en ?? ''].join(' '));
    return wanted.every((w) => have.some((h) => h.startsWith(w)));
  });
}

const texts = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const textOr = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** A stored entry with every field the pages read, whatever the store held (an entry edited by hand may lack some). */
export function shownEntry(stored: FaqEntry): FaqEntry {
  const raw = stored as unknown as Record<string, unknown>;
  const answer = (raw.answer && typeof raw.answer === 'object' ? raw.answer : {}) as Record<string, unknown>;
  const out: FaqEntry = { ...stored, id: String(raw.id ?? ''), department: String(raw.department ?? ''), questions: texts(raw.questions), answer: {} };
  const it = textOr(answer.it);
  const en = textOr(answer.en);
  if (it !== undefined) out.answer.it = it;
  if (en !== undefined) out.answer.en = en;
  return out;
}

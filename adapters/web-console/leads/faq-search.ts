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

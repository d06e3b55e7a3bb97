// A proposed FAQ entry made from solved tickets: the askers' wording as its
// questions, a resolution as its answer, the tickets kept as its sources.
import type { Locale } from '../events.js';
import type { FaqEntry } from '../ports/faq-matcher.js';

export const DRAFT_STATUSES = ['pending', 'approved', 'dismissed'] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];

export interface FaqDraft {
  /** `d-it-12`: from its first source, so the same tickets always make the same id. */
  id: string;
  department: string;
  /** The language most of its tickets were written in: the answer's. */
  locale: Locale;
  questions: string[];
  answer: Partial<Record<Locale, string>>;
  /** The tickets it was made from, by code. */
  sources: string[];
  status: DraftStatus;
  /** The FAQ entry an approval writes (and replaces, when approved again after an edit). */
  entryId: string;
  createdAt: number;
  updatedAt: number;
  /** Who approved or dismissed it (`platform:userId`, or `cli`). */
  decidedBy?: string;
  decidedAt?: number;
  version: number;
}

/** At most this many questions: enough paraphrases for the matcher, few enough for a lead to read. */
export const MAX_QUESTIONS = 8;
export const QUESTION_MAX = 300;
export const ANSWER_MAX = 2000;

export function draftIdFor(firstSource: string): string {
  return `d-${firstSource.toLowerCase()}`;
}

/** The entry an approved draft becomes: the same id a promoted ticket's entry always had. */
export function entryIdFor(department: string, firstSource: string): string {
  return `${department}-${firstSource.toLowerCase()}`;
}

export function entryOf(draft: FaqDraft): FaqEntry {
  return { id: draft.entryId, department: draft.department, questions: [...draft.questions], answer: { ...draft.answer }, tags: ['from-tickets'] };
}

const DRAFT_ID = /^d-[a-z0-9-]{1,60}$/;

/** A draft id as typed or carried by a button, or null when it cannot be one. */
export function readDraftId(text: string | undefined): string | null {
  const id = (text ?? '').trim().toLowerCase();
  return DRAFT_ID.test(id) ? id : null;
}

// The rules of the knowledge loop, pure: which wordings may become phrasings,
// when two wordings are the same, and when an entry's answers keep failing.
import type { FaqEntry } from '../ports/faq-matcher.js';
import { words } from './normalise.js';

/** Longer messages carry details of one case, not a way of asking: they are not learnt. */
export const LEARNABLE_MAX_CHARS = 300;
export const LEARNABLE_MAX_WORDS = 40;

/** An entry's latest answers looked at when deciding whether it keeps failing. */
export const OUTCOME_WINDOW = 20;
/** At least this many "No" in the window before an entry can be flagged. */
export const FLAG_MIN_NO = 3;

/** The wording as compared: case, accents, punctuation and chat shorthand do not split it. */
export function wordingKey(text: string): string {
  return words(text).join(' ');
}

/**
 * The key under which `text` would be learnt for `entry`, or null when it
 * should not be: no words, too long, or already one of the entry's phrasings.
 */
export function learnableKey(text: string, entry: Pick<FaqEntry, 'questions'>): string | null {
  const trimmed = text.trim();
  if (trimmed.length > LEARNABLE_MAX_CHARS) return null;
  const key = wordingKey(trimmed);
  if (!key || key.split(' ').length > LEARNABLE_MAX_WORDS) return null;
  return entry.questions.some((q) => wordingKey(q) === key) ? null : key;
}

/**
 * An entry keeps failing when, among its latest OUTCOME_WINDOW answers, at least
 * FLAG_MIN_NO were "No" and "No" outnumbers "Yes". `outcomes`: true for solved.
 */
export function keepsFailing(outcomes: readonly boolean[]): boolean {
  const recent = outcomes.slice(0, OUTCOME_WINDOW);
  const no = recent.filter((solved) => !solved).length;
  return no >= FLAG_MIN_NO && no > recent.length - no;
}

/**
 * The refused wordings of an entry that still count against it, by key: one
 * that has since become a phrasing of the entry (approved) no longer does.
 */
export function standingRefusals(entry: Pick<FaqEntry, 'questions' | 'refused'>): Map<string, string> {
  const own = new Set(entry.questions.map(wordingKey));
  const out = new Map<string, string>();
  for (const text of entry.refused ?? []) {
    const key = wordingKey(text);
    if (key && !own.has(key)) out.set(key, text);
  }
  return out;
}

/** Learnt wordings grouped by entry id, in the order they come. */
function byEntry(wordings: readonly { entryId: string; text: string }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const w of wordings) out.set(w.entryId, [...(out.get(w.entryId) ?? []), w.text]);
  return out;
}

/** `list` with the texts of `more` whose wording is in neither `list` nor `besides`, each once. */
function addedOnce(list: readonly string[], more: readonly string[], besides: readonly string[] = []): string[] {
  const seen = new Set([...list, ...besides].map(wordingKey));
  const out = [...list];
  for (const text of more) {
    const key = wordingKey(text);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(text);
  }
  return out;
}

/** The entries with their refused wordings attached (once each, by wording). */
export function withRefusedWordings(entries: readonly FaqEntry[], refused: readonly { entryId: string; text: string }[]): FaqEntry[] {
  if (refused.length === 0) return [...entries];
  const more = byEntry(refused);
  return entries.map((e) => {
    const added = more.get(e.id);
    if (!added) return e;
    // A refused wording that has since become a phrasing no longer counts against the entry.
    const all = addedOnce(e.refused ?? [], added, Array.isArray(e.questions) ? e.questions : []);
    return all.length > 0 ? { ...e, refused: all } : e;
  });
}

/** The entries with their approved wordings added as questions (once each, by wording). */
export function withLearnedPhrasings(entries: readonly FaqEntry[], approved: readonly { entryId: string; text: string }[]): FaqEntry[] {
  if (approved.length === 0) return [...entries];
  const more = byEntry(approved);
  return entries.map((e) => {
    const learnt = more.get(e.id);
    // A stored entry that is not valid is left as it is: the matcher reports it and leaves it out.
    if (!learnt || !Array.isArray(e.questions)) return e;
    return { ...e, questions: addedOnce(e.questions, learnt) };
  });
}

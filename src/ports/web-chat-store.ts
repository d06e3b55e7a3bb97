import type { Locale } from '../events.js';
import type { Addressee } from './inbox-store.js';

/** A person's web chat history stops at this many lines: a newer one pushes their oldest out. */
export const HISTORY_PER_PERSON = 200;

/** Who a history line is from: what the person typed, a reply to it, or a message pushed by someone else's action. */
export type HistorySource = 'person' | 'desk' | 'pushed';

export interface HistoryLine {
  /** The store's own id: the page tells a pushed message it already shows by it. */
  id: string;
  at: number;
  from: HistorySource;
  /** What the page draws, as JSON, opaque to the store. */
  data: string;
}

/**
 * The web chat's conversation kept per person, so it comes back after a reload
 * and on another device; and how often each FAQ entry answered people in each
 * language, so the chat can suggest the questions most asked.
 */
export interface WebChatStore {
  /** Keeps lines in the order given; past HISTORY_PER_PERSON the person's oldest go. Returns their ids, in order. */
  appendHistory(person: Addressee, lines: readonly Omit<HistoryLine, 'id'>[]): Promise<string[]>;
  /** The person's newest `limit` lines, oldest first. */
  historyOf(person: Addressee, limit: number): Promise<HistoryLine[]>;
  /** One more answer from this entry in this language. */
  countFaqAnswer(entryId: string, locale: Locale): Promise<void>;
  /** Entries by answers given in this language, most first (ties by id); at most `limit`. */
  mostAskedFaqs(locale: Locale, limit: number): Promise<{ entryId: string; count: number }[]>;
}

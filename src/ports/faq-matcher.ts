import type { Locale } from '../events.js';
import type { GuideStep } from '../faq/guide.js';

export interface FaqEntry {
  id: string;
  department: string;
  questions: string[];
  answer: Partial<Record<Locale, string>>;
  tags?: string[];
  /**
   * Learnt, not written: wordings whose person said this answer did not help.
   * A question closer to one of them than to any of the entry's own phrasings
   * gets the entry as a choice, not as the answer.
   */
  refused?: string[];
  /** A guided fix: shown one step at a time instead of the answer (see faq/guide.ts). The answer stays for places that show one block. */
  steps?: GuideStep[];
}

export interface FaqMatch {
  entry: FaqEntry;
  /** Calibrated to [0, 1]: above the answer threshold the desk answers on its own. */
  confidence: number;
  /** Someone asking nearly this was not helped by this entry: offer it among choices, never as the answer. */
  held?: boolean;
}

export interface FaqMatcher {
  /** Best matches first. Asynchronous: a semantic tier may ask an embeddings server (within a budget). */
  match(text: string, limit?: number): Promise<FaqMatch[]>;
  entry(id: string): FaqEntry | undefined;
  /** Picks up knowledge base changes (checked now when forced); called before each message is handled. */
  refresh?(options?: { force?: boolean }): Promise<void>;
  /** The knowledge base moved on: stop any background work for this one. */
  dispose?(): void;
}

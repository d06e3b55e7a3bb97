import type { Locale } from '../events.js';

export interface FaqEntry {
  id: string;
  department: string;
  questions: string[];
  answer: Partial<Record<Locale, string>>;
  tags?: string[];
}

export interface FaqMatch {
  entry: FaqEntry;
  /** Calibrated to [0, 1]: above the answer threshold the desk answers on its own. */
  confidence: number;
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

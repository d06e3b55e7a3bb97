import type { FaqEntry } from './faq-matcher.js';

/** The knowledge base, kept with the tickets so every instance answers alike. */
export interface FaqStore {
  /** Adds new entries and replaces those with the same id, all in one step; returns the new revision. */
  upsertFaqs(entries: readonly FaqEntry[]): Promise<string>;
  listFaqs(): Promise<FaqEntry[]>;
  /** Changes whenever the knowledge base does; null before the first import. */
  faqRevision(): Promise<string | null>;
}

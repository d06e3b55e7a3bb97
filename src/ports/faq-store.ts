import type { FaqEntry } from './faq-matcher.js';

/** The knowledge base, kept with the tickets so every instance answers alike. */
export interface FaqStore {
  /** Adds new entries and replaces those with the same id, all in one step; returns the new revision. */
  upsertFaqs(entries: readonly FaqEntry[]): Promise<string>;
  listFaqs(): Promise<FaqEntry[]>;
  /** Changes whenever the knowledge base does; null before the first import. */
  faqRevision(): Promise<string | null>;
  /** Stored embeddings of texts (by their hash) for one model; missing ones are absent from the map. */
  loadEmbeddings(model: string, hashes: readonly string[]): Promise<Map<string, Float32Array>>;
  /** Keeps embeddings for later runs and other instances; saving one again is harmless. */
  saveEmbeddings(model: string, rows: readonly { hash: string; vector: Float32Array }[]): Promise<void>;
}

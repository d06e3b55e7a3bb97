// The archive a desk searches: the index, fed with what this instance closes at
// once and with what the others closed from the store (see archive-feed.ts),
// and, when an embeddings server is configured, the lexical best few re-ranked
// by meaning within a time budget; past the budget, or with the server down,
// the lexical ranking answers alone.
import type { EmbeddingKind } from '../ports/embedder.js';
import type { Logger } from '../ports/logger.js';
import type { Ticket } from '../tickets/ticket.js';
import { archiveText, toArchived } from './archived-ticket.js';
import { ArchiveIndex, type ArchiveHit, type ArchiveQuery } from './archive-index.js';

/** The semantic tier's part the archive uses (src/faq/semantic-tier.ts gives both, with the store's cache of vectors). */
export interface ArchiveSemantic {
  queryVector(text: string): Promise<Float32Array | null>;
  vectorsFor(texts: readonly string[], kind: EmbeddingKind): Promise<Float32Array[]>;
}

export interface ArchiveOptions {
  logger: Logger;
  semantic?: ArchiveSemantic;
  /** Longest a search waits for the re-ranking before answering from the words alone. */
  semanticBudgetMs?: number;
}

/** Lexical candidates the semantic tier re-ranks: enough to reorder, few enough to embed within the budget. */
const RERANK_POOL = 20;
/** Share of meaning in a re-ranked score; the rest is the words'. */
const MEANING_SHARE = 0.5;

export interface Archive {
  readonly index: ArchiveIndex;
  /** Puts a freshly read index in place of this one (after personal data was erased in the store). */
  replaceIndex(next: ArchiveIndex): void;
  /** False while the first load from the store is still under way: results so far may miss older tickets. */
  readonly loaded: boolean;
  markLoaded(): void;
  /** Indexes a ticket that became closed or cancelled (ignored while active, or when that closing is there already; a later one replaces it). */
  noteClosed(ticket: Ticket): boolean;
  /** Takes out a ticket that left `closed` (a requester's mail reopened it): it is no longer solved. */
  noteReopened(code: string): void;
  search(query: ArchiveQuery): Promise<ArchiveHit[]>;
  /** The `k` solved tickets nearest the text (within the filters). */
  similar(text: string, k: number, filters?: ArchiveQuery['filters'], minScore?: number): Promise<ArchiveHit[]>;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length && i < b.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

function within<T>(work: Promise<T>, ms: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

export function createArchive(options: ArchiveOptions): Archive {
  let index = new ArchiveIndex();
  const budgetMs = options.semanticBudgetMs ?? 400;
  let loaded = false;

  async function rerank(text: string, hits: ArchiveHit[], limit: number): Promise<ArchiveHit[]> {
    const semantic = options.semantic;
    if (!semantic || hits.length < 2 || !text.trim()) return hits.slice(0, limit);
    const work = (async () => {
      const query = await semantic.queryVector(text);
      if (!query) return null;
      const passages = await semantic.vectorsFor(hits.map((h) => `${h.ticket.title}\n${h.ticket.resolution ?? ''}`), 'passage');
      return passages.map((v) => cosine(query, v));
    })().catch((err: unknown) => {
      options.logger.warn({ err, component: 'archive' }, 'archive re-ranking by meaning failed; the words alone rank this search');
      return null;
    });
    const meanings = await within(work, budgetMs);
    if (!meanings) return hits.slice(0, limit);
    const top = hits[0]!.score || 1;
    return hits
      .map((h, i) => ({ ticket: h.ticket, score: (1 - MEANING_SHARE) * (h.score / top) + MEANING_SHARE * meanings[i]! }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }

  async function search(query: ArchiveQuery): Promise<ArchiveHit[]> {
    const pool = options.semantic ? Math.max(query.limit, RERANK_POOL) : query.limit;
    const hits = index.search({ ...query, limit: pool });
    return rerank(query.text, hits, query.limit);
  }

  return {
    get index() {
      return index;
    },
    replaceIndex(next) {
      index = next;
    },
    get loaded() {
      return loaded;
    },
    markLoaded() {
      loaded = true;
    },
    noteClosed(ticket) {
      const archived = toArchived(ticket);
      if (!archived) return false;
      const indexed = index.closedAtOf(archived.code);
      if (indexed !== undefined && indexed >= archived.closedAt) return false;
      // Closed again after a reopening: the newer resolution is the one to find.
      index.remove(archived.code);
      return index.add(archived, archiveText(ticket));
    },
    noteReopened(code) {
      index.remove(code);
    },
    search,
    similar: (text, k, filters, minScore) => search({ text, limit: k, filters: { ...filters, solvedOnly: true }, minScore }),
  };
}

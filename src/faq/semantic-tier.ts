// The optional semantic tier: embeddings of the knowledge base (kept in the
// store by model and text hash, so restarts and other instances reuse them),
// a query embedding per message within a budget, and the hybrid matcher once
// the index is ready. Until then, and whenever the embeddings server is slow
// or down, the lexical matcher answers alone. Of several instances noticing
// the same change, one at a time embeds what the store lacks (embeddingTurn);
// the others then find it stored.
import { createHash } from 'node:crypto';
import type { Clock } from '../ports/clock.js';
import type { Embedder, EmbeddingKind } from '../ports/embedder.js';
import type { FaqEntry, FaqMatch, FaqMatcher } from '../ports/faq-matcher.js';
import type { FaqStore } from '../ports/faq-store.js';
import type { Logger } from '../ports/logger.js';
import { createTfidfMatcher, type TfIdfFaqMatcher } from './create-tfidf-matcher.js';
import { createHybridFaqMatcher, type HybridFaqMatcher } from './hybrid-matcher.js';
import { standingRefusals } from './learning-rules.js';

export interface SemanticTierOptions {
  embedder: Embedder;
  store: Pick<FaqStore, 'loadEmbeddings' | 'saveEmbeddings'>;
  logger: Logger;
  clock: Clock;
  /** Longest a message waits for its embedding before the lexical matcher answers alone. */
  budgetMs: number;
  /** Texts per request while indexing. */
  batchSize: number;
  /** Wait before trying again after a failure (indexing, or the server being down). */
  retryAfterMs?: number;
  /**
   * Runs `work` (embedding what the store lacks for an index) when it is this
   * instance's turn among several on one store; absent: at once. Questions
   * never wait for it: only the building of an index does.
   */
  embeddingTurn?: <T>(work: () => Promise<T>) => Promise<T>;
}

type TextGroup = { texts: readonly string[]; kind: EmbeddingKind };

export interface SemanticFaqMatcher extends FaqMatcher {
  /** Resolves once the semantic index is built (for evaluation and tests). */
  ready(): Promise<HybridFaqMatcher>;
  readonly lexical: TfIdfFaqMatcher;
}

const QUERY_MEMO = 256;

export function textHash(kind: EmbeddingKind, text: string): string {
  return createHash('sha256').update(`${kind}\u0000${text}`).digest('base64url').slice(0, 32);
}

export function createSemanticTier(opts: SemanticTierOptions) {
  const retryAfterMs = opts.retryAfterMs ?? 15_000;
  let downUntil = 0;
  let down = false;
  const memo = new Map<string, Float32Array>();

  function failed(err: unknown, what: string) {
    downUntil = opts.clock.now() + retryAfterMs;
    // Once per outage: a down server must not flood the log.
    if (!down) opts.logger.warn({ err, component: 'embeddings' }, `embeddings ${what} failed; the FAQ answers from the lexical matcher until the server is back`);
    down = true;
  }

  function recovered() {
    if (down) opts.logger.info({ component: 'embeddings' }, 'embeddings server is back; the FAQ uses the semantic tier again');
    down = false;
  }

  /** The stored vectors of texts, by hash. */
  const storedFor = (texts: readonly string[], kind: EmbeddingKind) => opts.store.loadEmbeddings(opts.embedder.id, [...new Set(texts.map((t) => textHash(kind, t)))]);

  /** Vectors for texts: from the store when known, otherwise embedded (in batches) and stored. */
  async function vectorsFor(texts: readonly string[], kind: EmbeddingKind): Promise<Float32Array[]> {
    return completed(texts, kind, await storedFor(texts, kind));
  }

  /** `known` with what it lacks of `texts` embedded and stored: the texts' vectors, in order. */
  async function completed(texts: readonly string[], kind: EmbeddingKind, known: Map<string, Float32Array>): Promise<Float32Array[]> {
    const hashes = texts.map((t) => textHash(kind, t));
    const missing = [...new Set(texts.filter((_, i) => !known.has(hashes[i]!)))];
    for (let i = 0; i < missing.length; i += opts.batchSize) {
      const chunk = missing.slice(i, i + opts.batchSize);
      const vectors = await opts.embedder.embed(chunk, kind);
      const rows = chunk.map((text, j) => ({ hash: textHash(kind, text), vector: vectors[j]! }));
      await opts.store.saveEmbeddings(opts.embedder.id, rows);
      for (const r of rows) known.set(r.hash, r.vector);
    }
    return hashes.map((h) => known.get(h)!);
  }

  /** An index's vectors, group by group: what the store lacks is embedded in this instance's turn (and read again first, in case another instance's turn stored it meanwhile). */
  async function indexVectors(groups: readonly TextGroup[]): Promise<Float32Array[][]> {
    const stored = await Promise.all(groups.map((g) => storedFor(g.texts, g.kind)));
    const lacking = groups.some((g, i) => g.texts.some((t) => !stored[i]!.has(textHash(g.kind, t))));
    const complete = async (found: Map<string, Float32Array>[]) => {
      const out: Float32Array[][] = [];
      for (const [i, g] of groups.entries()) out.push(await completed(g.texts, g.kind, found[i]!));
      return out;
    };
    if (!lacking || !opts.embeddingTurn) return complete(stored);
    return opts.embeddingTurn(async () => complete(await Promise.all(groups.map((g) => storedFor(g.texts, g.kind)))));
  }

  /** The question's vector, or null when it cannot come within the budget. */
  async function queryVector(text: string): Promise<Float32Array | null> {
    const hit = memo.get(text);
    if (hit) return hit;
    if (opts.clock.now() < downUntil) return null;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => {
        abort.abort();
        resolve(null);
      }, opts.budgetMs);
    });
    try {
      const vector = await Promise.race([opts.embedder.embed([text], 'query', abort.signal).then((v) => v[0] ?? null), late]);
      if (!vector) {
        failed(new Error(`no embedding within ${opts.budgetMs} ms`), 'request');
        return null;
      }
      recovered();
      if (memo.size >= QUERY_MEMO) memo.delete(memo.keys().next().value!);
      memo.set(text, vector);
      return vector;
    } catch (err) {
      failed(err, 'request');
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The hybrid matcher of these entries, from stored or freshly computed vectors. */
  async function buildHybrid(entries: readonly FaqEntry[], lexical: TfIdfFaqMatcher): Promise<HybridFaqMatcher> {
    const answers = entries.flatMap((e, entry) => Object.values(e.answer).filter((a): a is string => !!a).map((text) => ({ entry, text })));
    const refused = entries.flatMap((e, entry) => [...standingRefusals(e).values()].map((text) => ({ entry, text })));
    const [docVectors, answerVectors, refusedVectors] = (await indexVectors([
      { texts: lexical.docs.map((d) => d.text), kind: 'query' },
      { texts: answers.map((a) => a.text), kind: 'passage' },
      { texts: refused.map((r) => r.text), kind: 'query' },
    ])) as [Float32Array[], Float32Array[], Float32Array[]];
    return createHybridFaqMatcher(
      entries,
      lexical,
      docVectors,
      answers.map((a, i) => ({ entry: a.entry, vector: answerVectors[i]! })),
      refused.map((r, i) => ({ entry: r.entry, vector: refusedVectors[i]! })),
    );
  }

  /** A matcher for one version of the knowledge base: lexical at once, hybrid when its index is ready. */
  function build(entries: readonly FaqEntry[]): SemanticFaqMatcher {
    const lexical = createTfidfMatcher(entries);
    let hybrid: HybridFaqMatcher | null = null;
    let disposed = false;
    let wake: () => void = () => undefined;
    const ready = (async () => {
      for (;;) {
        try {
          const started = opts.clock.now();
          const built = await buildHybrid(entries, lexical);
          if (!disposed) {
            hybrid = built;
            opts.logger.info({ component: 'embeddings', entries: entries.length, phrasings: lexical.docs.length, ms: opts.clock.now() - started }, 'semantic FAQ index ready');
          }
          return built;
        } catch (err) {
          if (disposed) throw err;
          failed(err, 'indexing');
          await new Promise<void>((resolve) => {
            wake = resolve;
            const t = setTimeout(resolve, retryAfterMs);
            (t as { unref?: () => void }).unref?.();
          });
          if (disposed) throw new Error('knowledge base replaced');
        }
      }
    })();
    ready.catch(() => undefined);
    return {
      lexical,
      ready: () => ready,
      async match(text, limit = 3): Promise<FaqMatch[]> {
        if (!hybrid || text.trim() === '') return lexical.matchNow(text, limit);
        const query = await queryVector(text);
        return query ? hybrid.matchVector(text, query, limit) : lexical.matchNow(text, limit);
      },
      entry: (id) => lexical.entry(id),
      dispose() {
        disposed = true;
        wake();
      },
    };
  }

  return { build, vectorsFor, queryVector };
}

export type SemanticTier = ReturnType<typeof createSemanticTier>;

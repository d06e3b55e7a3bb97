// `sportello faq eval`: build the matcher from a KB or training lines, pick the
// answer threshold on --val if given, and measure --queries once.
import { createTfidfMatcher } from '../../src/faq/create-tfidf-matcher.js';
import { entriesFromTrain, parseJsonLines, queriesFrom, EvalInputError } from '../../src/faq/eval-input.js';
import { chooseThreshold, percentile, report, runQueries, type EvalQuery, type EvalReport } from '../../src/faq/evaluate.js';
import { createFaqTriage } from '../../src/faq/faq-triage.js';
import { parseKnowledgeBase } from '../../src/faq/knowledge-base.js';
import type { SemanticTier } from '../../src/faq/semantic-tier.js';
import type { Embedder } from '../../src/ports/embedder.js';
import type { FaqEntry } from '../../src/ports/faq-matcher.js';

export interface FaqEvalOptions {
  kb?: string;
  train?: string;
  queries: string;
  val?: string;
  /** Used when there is no --val. */
  defaultThreshold: number;
}

export function loadEntries(opts: Pick<FaqEvalOptions, 'kb' | 'train'>, read: (path: string) => string): FaqEntry[] {
  if (!!opts.kb === !!opts.train) throw new EvalInputError('give exactly one of --kb <kb.json> or --train <train.jsonl>');
  if (opts.kb) {
    let raw: unknown;
    try {
      raw = JSON.parse(read(opts.kb));
    } catch (err) {
      throw new EvalInputError(`${opts.kb}: ${(err as Error).message}`);
    }
    return parseKnowledgeBase(raw);
  }
  return entriesFromTrain(parseJsonLines(read(opts.train!), opts.train!), opts.train!);
}

export interface SemanticEval {
  tier: SemanticTier;
  embedder: Embedder;
}

export interface HybridEvalReport extends EvalReport {
  /** The embeddings server alone, one question per request (sampled). */
  embeddingMs?: { p50: number; p99: number };
  /** Embedding one question plus matching it: the FAQ step a message pays. */
  endToEndMs?: { p50: number; p99: number };
}

const LATENCY_SAMPLE = 100;

async function latencies(queries: readonly EvalQuery[], semantic: SemanticEval, ranker: (text: string, query: Float32Array) => unknown, now: () => number) {
  const step = Math.max(1, Math.floor(queries.length / LATENCY_SAMPLE));
  const server: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < queries.length && server.length < LATENCY_SAMPLE; i += step) {
    const start = now();
    const [vector] = await semantic.embedder.embed([queries[i]!.text], 'query');
    const embedded = now();
    ranker(queries[i]!.text, vector!);
    server.push(embedded - start);
    total.push(now() - start);
  }
  const p = (xs: number[], q: number) => Math.round(percentile(xs.sort((a, b) => a - b), q) * 100) / 100;
  return { embeddingMs: { p50: p(server, 50), p99: p(server, 99) }, endToEndMs: { p50: p(total, 50), p99: p(total, 99) } };
}

export interface EvaluateOptions {
  /** Also report one-click resolution, with "did you mean" offered from this confidence. */
  suggestThreshold?: number;
  /** Time the embeddings server one question at a time (default true); the few-shot bench skips it. */
  serverLatency?: boolean;
}

/** Build, pick the threshold on `val` if there is one, measure `queries` once; lexical alone, or hybrid with `semantic`. */
export async function evaluateEntries(
  entries: readonly FaqEntry[],
  queries: readonly EvalQuery[],
  val: readonly EvalQuery[] | null,
  defaultThreshold: number,
  now: () => number,
  semantic?: SemanticEval,
  options: EvaluateOptions = {},
): Promise<HybridEvalReport> {
  const { suggestThreshold } = options;
  const departments = [...new Set(entries.map((e) => e.department))];
  if (!semantic) {
    const started = now();
    const matcher = createTfidfMatcher(entries);
    const buildMs = now() - started;
    const threshold = val ? chooseThreshold(runQueries(matcher, val, now)) : defaultThreshold;
    return report(runQueries(matcher, queries, now), threshold, buildMs, createFaqTriage(matcher, departments), suggestThreshold);
  }
  const started = now();
  const hybrid = await semantic.tier.build(entries).ready();
  const buildMs = now() - started;
  // Questions are embedded up front (and kept in the store): what is timed below is the matching.
  const texts = [...new Set([...queries, ...(val ?? [])].map((q) => q.text))];
  const vectors = await semantic.tier.vectorsFor(texts, 'query');
  const byText = new Map(texts.map((t, i) => [t, vectors[i]!]));
  const ranker = { matchNow: (text: string, limit?: number) => hybrid.matchVector(text, byText.get(text)!, limit) };
  const threshold = val ? chooseThreshold(runQueries(ranker, val, now)) : defaultThreshold;
  const triage = createFaqTriage({ match: async (text, limit) => ranker.matchNow(text, limit) }, departments);
  const r = await report(runQueries(ranker, queries, now), threshold, buildMs, triage, suggestThreshold);
  if (options.serverLatency === false) return r;
  return { ...r, ...(await latencies(queries, semantic, (text, q) => hybrid.matchVector(text, q, 3), now)) };
}

export function runFaqEval(opts: FaqEvalOptions, read: (path: string) => string, now: () => number, semantic?: SemanticEval): Promise<HybridEvalReport> {
  const lines = (file: string) => queriesFrom(parseJsonLines(read(file), file), file);
  return evaluateEntries(loadEntries(opts, read), lines(opts.queries), opts.val ? lines(opts.val) : null, opts.defaultThreshold, now, semantic);
}

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);

export function formatReport(r: HybridEvalReport): string {
  const lines = [
    `queries ${r.queries} (in scope ${r.inScope}, out of scope ${r.outOfScope}); threshold ${r.threshold}`,
    `in-scope accuracy ${pct(r.inScopeAccuracy)} · top-1 ${pct(r.top1Accuracy)} · top-3 ${pct(r.top3Accuracy)}`,
    `OOS recall ${pct(r.oosRecall)} · OOS precision ${pct(r.oosPrecision)} · H ${pct(r.H)} · wrong answers ${pct(r.wrongAnswerRate)}`,
    `latency p50 ${r.latencyMs.p50} ms · p99 ${r.latencyMs.p99} ms · build ${r.buildMs} ms`,
  ];
  for (const [lang, m] of Object.entries(r.byLang)) lines.push(`  ${lang}: ${m.queries} queries · in-scope ${pct(m.inScopeAccuracy)} · top-1 ${pct(m.top1Accuracy)} · OOS recall ${pct(m.oosRecall)}`);
  if (r.departmentAccuracy !== undefined) lines.push(`department accuracy ${pct(r.departmentAccuracy)}`);
  if (r.priorityAccuracy !== undefined) lines.push(`priority accuracy ${pct(r.priorityAccuracy)}`);
  if (r.embeddingMs && r.endToEndMs) lines.push(`embeddings server p50 ${r.embeddingMs.p50} ms · p99 ${r.embeddingMs.p99} ms · FAQ step end to end p99 ${r.endToEndMs.p99} ms`);
  return lines.join('\n');
}

// `sportello faq eval`: build the matcher from a KB or training lines, pick the
// answer threshold on --val if given, and measure --queries once.
import { createFaqMatcher } from '../faq/create-faq-matcher.js';
import { entriesFromTrain, parseJsonLines, queriesFrom, EvalInputError } from '../faq/eval-input.js';
import { chooseThreshold, report, runQueries, type EvalQuery, type EvalReport } from '../faq/evaluate.js';
import { createFaqTriage } from '../faq/faq-triage.js';
import { parseKnowledgeBase } from '../faq/knowledge-base.js';
import type { FaqEntry } from '../ports/faq-matcher.js';

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

/** Build, pick the threshold on `val` if there is one, measure `queries` once. */
export function evaluateEntries(
  entries: readonly FaqEntry[],
  queries: readonly EvalQuery[],
  val: readonly EvalQuery[] | null,
  defaultThreshold: number,
  now: () => number,
): Promise<EvalReport> {
  const started = now();
  const matcher = createFaqMatcher(entries);
  const buildMs = now() - started;
  const threshold = val ? chooseThreshold(runQueries(matcher, val, now)) : defaultThreshold;
  const triage = createFaqTriage(matcher, [...new Set(entries.map((e) => e.department))]);
  return report(runQueries(matcher, queries, now), threshold, buildMs, triage);
}

export function runFaqEval(opts: FaqEvalOptions, read: (path: string) => string, now: () => number): Promise<EvalReport> {
  const lines = (file: string) => queriesFrom(parseJsonLines(read(file), file), file);
  return evaluateEntries(loadEntries(opts, read), lines(opts.queries), opts.val ? lines(opts.val) : null, opts.defaultThreshold, now);
}

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);

export function formatReport(r: EvalReport): string {
  const lines = [
    `queries ${r.queries} (in scope ${r.inScope}, out of scope ${r.outOfScope}); threshold ${r.threshold}`,
    `in-scope accuracy ${pct(r.inScopeAccuracy)} · top-1 ${pct(r.top1Accuracy)} · top-3 ${pct(r.top3Accuracy)}`,
    `OOS recall ${pct(r.oosRecall)} · OOS precision ${pct(r.oosPrecision)} · H ${pct(r.H)} · wrong answers ${pct(r.wrongAnswerRate)}`,
    `latency p50 ${r.latencyMs.p50} ms · p99 ${r.latencyMs.p99} ms · build ${r.buildMs} ms`,
  ];
  for (const [lang, m] of Object.entries(r.byLang)) lines.push(`  ${lang}: ${m.queries} queries · in-scope ${pct(m.inScopeAccuracy)} · top-1 ${pct(m.top1Accuracy)} · OOS recall ${pct(m.oosRecall)}`);
  if (r.departmentAccuracy !== undefined) lines.push(`department accuracy ${pct(r.departmentAccuracy)}`);
  if (r.priorityAccuracy !== undefined) lines.push(`priority accuracy ${pct(r.priorityAccuracy)}`);
  return lines.join('\n');
}

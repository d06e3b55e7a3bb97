// Measuring a matcher on labelled queries: the figures `sportello faq eval`
// prints. Pure apart from the clock it is given.
import type { Locale } from '../events.js';
import type { FaqEntry } from '../ports/faq-matcher.js';
import type { Priority } from '../tickets/ticket.js';
import type { TriageGuesser } from '../tickets/triage.js';
import { detectLanguage } from './language.js';
import { words } from './normalise.js';

export interface EvalQuery {
  text: string;
  /** Ids of the entries that answer it; empty: out of scope. */
  expected: string[];
  lang?: Locale;
  department?: string;
  priority?: Priority;
}

export interface Ranker {
  /** Ranked candidates with the calibrated confidence of each, synchronously (query vectors, if any, are ready). */
  matchNow(text: string, limit?: number): { entry: FaqEntry; confidence: number }[];
}

interface Outcome {
  query: EvalQuery;
  lang: Locale | null;
  top: string[];
  confidence: number;
  /** The confidence of each of `top`, in order. */
  confidences: number[];
  ms: number;
}

export interface EvalMetrics {
  queries: number;
  inScope: number;
  outOfScope: number;
  inScopeAccuracy: number;
  top1Accuracy: number;
  top3Accuracy: number;
  oosRecall: number | null;
  oosPrecision: number | null;
  H: number | null;
  wrongAnswerRate: number;
  answeredRate: number;
  threshold: number;
  /** With a suggest threshold: in-scope queries the right entry reaches in one click (answered, or among the "did you mean" choices). */
  oneClickResolution?: number;
}

export interface EvalReport extends EvalMetrics {
  latencyMs: { p50: number; p99: number };
  buildMs: number;
  byLang: Partial<Record<Locale, EvalMetrics>>;
  departmentAccuracy?: number;
  priorityAccuracy?: number;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function runQueries(ranker: Ranker, queries: readonly EvalQuery[], now: () => number): Outcome[] {
  // Warm-up: the first calls pay for JIT compilation, which is not what a running bot pays.
  for (const q of queries.slice(0, 200)) ranker.matchNow(q.text, 3);
  return queries.map((query) => {
    const start = now();
    const matches = ranker.matchNow(query.text, 3);
    const ms = now() - start;
    return {
      query,
      lang: query.lang ?? detectLanguage(words(query.text)),
      top: matches.map((m) => m.entry.id),
      confidence: matches[0]?.confidence ?? 0,
      confidences: matches.map((m) => m.confidence),
      ms,
    };
  });
}

/**
 * As the desk replies (src/commands/free-text.ts): a confident top answer is
 * given alone; otherwise the candidates at or above `suggest` (up to 3) are
 * offered as "did you mean". Resolved in one click: the right entry is there.
 */
function oneClick(o: Outcome, threshold: number, suggest: number): boolean {
  const expected = o.query.expected;
  if (o.top.length > 0 && o.confidence >= threshold) return expected.includes(o.top[0]!);
  return o.top.some((id, i) => i < 3 && o.confidences[i]! >= suggest && expected.includes(id));
}

export function metrics(outcomes: readonly Outcome[], threshold: number, suggest?: number): EvalMetrics {
  let inScope = 0;
  let right = 0;
  let top1 = 0;
  let top3 = 0;
  let oos = 0;
  let oosRejected = 0;
  let rejected = 0;
  let wrong = 0;
  let clicked = 0;
  for (const o of outcomes) {
    const expected = o.query.expected;
    const answered = o.confidence >= threshold && o.top.length > 0;
    if (!answered) rejected++;
    if (expected.length === 0) {
      oos++;
      if (answered) wrong++;
      else oosRejected++;
      continue;
    }
    inScope++;
    if (suggest !== undefined && oneClick(o, threshold, suggest)) clicked++;
    const firstRight = o.top[0] !== undefined && expected.includes(o.top[0]);
    if (firstRight) top1++;
    if (o.top.some((id) => expected.includes(id))) top3++;
    if (answered && firstRight) right++;
    if (answered && !firstRight) wrong++;
  }
  const inScopeAccuracy = inScope ? right / inScope : 0;
  const oosRecall = oos ? oosRejected / oos : null;
  const H = oosRecall === null ? null : inScopeAccuracy + oosRecall > 0 ? (2 * inScopeAccuracy * oosRecall) / (inScopeAccuracy + oosRecall) : 0;
  const n = outcomes.length || 1;
  const out: EvalMetrics = {
    queries: outcomes.length,
    inScope,
    outOfScope: oos,
    inScopeAccuracy: round(inScopeAccuracy),
    top1Accuracy: round(inScope ? top1 / inScope : 0),
    top3Accuracy: round(inScope ? top3 / inScope : 0),
    oosRecall: oosRecall === null ? null : round(oosRecall),
    oosPrecision: oos ? round(rejected ? oosRejected / rejected : 0) : null,
    H: H === null ? null : round(H),
    wrongAnswerRate: round(wrong / n),
    answeredRate: round((outcomes.length - rejected) / n),
    threshold: round(threshold),
  };
  if (suggest !== undefined) out.oneClickResolution = round(inScope ? clicked / inScope : 0);
  return out;
}

/** The answer threshold that maximises H (in-scope accuracy where there is no OOS) on these outcomes. */
export function chooseThreshold(outcomes: readonly Outcome[]): number {
  const candidates = [...new Set(outcomes.map((o) => o.confidence))].sort((a, b) => a - b);
  let best = { t: 0.5, value: -1 };
  for (const t of [0, ...candidates, 1.0000001]) {
    const m = metrics(outcomes, t);
    const value = m.H ?? m.inScopeAccuracy;
    if (value > best.value) best = { t, value };
  }
  return best.t;
}

export async function report(
  outcomes: readonly Outcome[],
  threshold: number,
  buildMs: number,
  triage?: TriageGuesser,
  suggest?: number,
): Promise<EvalReport> {
  const latencies = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  const byLang: Partial<Record<Locale, EvalMetrics>> = {};
  for (const lang of ['it', 'en'] as const) {
    const subset = outcomes.filter((o) => o.lang === lang);
    if (subset.length > 0) byLang[lang] = metrics(subset, threshold, suggest);
  }
  const out: EvalReport = {
    ...metrics(outcomes, threshold, suggest),
    latencyMs: { p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)) },
    buildMs: Math.round(buildMs),
    byLang,
  };
  if (triage) {
    const guessed = async (subset: readonly Outcome[]) => Promise.all(subset.map(async (o) => ({ o, guess: await triage.guess(o.query.text) })));
    const withDept = await guessed(outcomes.filter((o) => o.query.department));
    if (withDept.length > 0) out.departmentAccuracy = round(withDept.filter(({ o, guess }) => guess.department === o.query.department).length / withDept.length);
    const withPriority = await guessed(outcomes.filter((o) => o.query.priority));
    if (withPriority.length > 0) out.priorityAccuracy = round(withPriority.filter(({ o, guess }) => guess.priority === o.query.priority).length / withPriority.length);
  }
  return out;
}

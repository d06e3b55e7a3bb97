// The few-shot protocol (`faq eval --fewshot`, `bench:faq --fewshot`): for each
// seed, a KB of k phrasings per intent sampled from the pool, measured on the
// test lines at the default thresholds (nothing chosen on test), then the mean
// and spread of each figure over the seeds.
import type { Locale } from '../../src/events.js';
import { EvalInputError, labelledLines, parseJsonLines } from '../../src/faq/eval-input.js';
import { buildFewShotKb, spread, type LabelledLine, type Spread } from '../../src/faq/few-shot.js';
import { evaluateEntries, type SemanticEval } from './faq-eval.js';

export const FEW_SHOT_SEEDS: readonly number[] = [1, 2, 3, 4, 5];
export const FEW_SHOT_K = 6;

export interface FewShotSet {
  name: string;
  /** Labelled phrasings to sample the KB from (train, or val where a set has no train). */
  pool: readonly LabelledLine[];
  /** The queries: lines of an intent not in the KB count as out of scope. */
  test: readonly LabelledLine[];
  /** Share of the pool's intents left out of the KB, chosen per seed. */
  holdOut?: number;
  lang: Locale;
}

export interface FewShotSettings {
  k: number;
  seeds: readonly number[];
  answerThreshold: number;
  suggestThreshold: number;
  now: () => number;
  semantic?: SemanticEval | undefined;
}

const FIGURES = ['inScopeAccuracy', 'wrongAnswerRate', 'oosRecall', 'top1Accuracy', 'top3Accuracy', 'oneClickResolution', 'p99Ms'] as const;
type Figure = (typeof FIGURES)[number];

export interface FewShotSeedResult extends Record<Figure, number | null> {
  seed: number;
  entries: number;
  phrasings: number;
  heldOut: string[];
  inScope: number;
  outOfScope: number;
}

export interface FewShotSummary extends Partial<Record<Figure, Spread>> {
  set: string;
  way: 'lexical' | 'hybrid';
  k: number;
  seeds: number[];
  entries: number;
  queries: number;
  answerThreshold: number;
  suggestThreshold: number;
  perSeed: FewShotSeedResult[];
}

function withSpreads(summary: FewShotSummary): FewShotSummary {
  for (const figure of FIGURES) {
    const values = summary.perSeed.map((r) => r[figure]).filter((v): v is number => v !== null);
    if (values.length > 0) summary[figure] = spread(values);
  }
  return summary;
}

export async function runFewShot(set: FewShotSet, s: FewShotSettings): Promise<FewShotSummary> {
  const perSeed: FewShotSeedResult[] = [];
  for (const seed of s.seeds) {
    const kb = buildFewShotKb(set.pool, set.test, { k: s.k, seed, holdOut: set.holdOut ?? 0, lang: set.lang });
    const r = await evaluateEntries(kb.entries, kb.queries, null, s.answerThreshold, s.now, s.semantic, {
      suggestThreshold: s.suggestThreshold,
      serverLatency: false,
    });
    perSeed.push({
      seed,
      entries: kb.entries.length,
      phrasings: kb.entries.reduce((n, e) => n + e.questions.length, 0),
      heldOut: kb.heldOut,
      inScope: r.inScope,
      outOfScope: r.outOfScope,
      inScopeAccuracy: r.inScopeAccuracy,
      wrongAnswerRate: r.wrongAnswerRate,
      oosRecall: r.oosRecall,
      top1Accuracy: r.top1Accuracy,
      top3Accuracy: r.top3Accuracy,
      oneClickResolution: r.oneClickResolution ?? null,
      p99Ms: r.latencyMs.p99,
    });
  }
  const summary: FewShotSummary = {
    set: set.name,
    way: s.semantic ? 'hybrid' : 'lexical',
    k: s.k,
    seeds: [...s.seeds],
    entries: perSeed[0]?.entries ?? 0,
    queries: set.test.length,
    answerThreshold: s.answerThreshold,
    suggestThreshold: s.suggestThreshold,
    perSeed,
  };
  return withSpreads(summary);
}

/** Several sets as one (e.g. the ten CLINC150 domains): per seed, the mean of their figures; then the spread over seeds. */
export function averageOfSets(name: string, sets: readonly FewShotSummary[]): FewShotSummary {
  const first = sets[0]!;
  const perSeed = first.perSeed.map((_, i): FewShotSeedResult => {
    const rows = sets.map((set) => set.perSeed[i]!);
    const mean = (figure: Figure) => {
      const values = rows.map((r) => r[figure]).filter((v): v is number => v !== null);
      return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
    };
    const sum = (key: 'entries' | 'phrasings' | 'inScope' | 'outOfScope') => rows.reduce((n, r) => n + r[key], 0);
    const seedResult = {
      seed: rows[0]!.seed,
      entries: sum('entries'),
      phrasings: sum('phrasings'),
      heldOut: rows.flatMap((r) => r.heldOut),
      inScope: sum('inScope'),
      outOfScope: sum('outOfScope'),
    } as FewShotSeedResult;
    for (const figure of FIGURES) seedResult[figure] = figure === 'p99Ms' ? Math.max(...rows.map((r) => r.p99Ms ?? 0)) : mean(figure);
    return seedResult;
  });
  const out: FewShotSummary = { ...first, set: name, entries: Math.round(sets.reduce((n, s) => n + s.entries, 0) / sets.length), queries: sets.reduce((n, s) => n + s.queries, 0), perSeed };
  return withSpreads(out);
}

const pct = (x: Spread | undefined) => (x ? `${(x.mean * 100).toFixed(1)} (${(x.min * 100).toFixed(1)}–${(x.max * 100).toFixed(1)})` : '—');

export const FEW_SHOT_HEADER =
  'set                                  way      KB      in-scope          wrong             OOS-recall        top-1             top-3             one-click         p99ms';

/** One line: each figure as mean % (min–max over the seeds). */
export function formatFewShotRow(r: FewShotSummary): string {
  const cells = [r.inScopeAccuracy, r.wrongAnswerRate, r.oosRecall, r.top1Accuracy, r.top3Accuracy, r.oneClickResolution].map((x) => pct(x).padEnd(17));
  return `${r.set.padEnd(36)} ${r.way.padEnd(8)} ${`${r.entries}×${r.k}`.padEnd(7)} ${cells.join(' ')} ${(r.p99Ms?.max ?? 0).toFixed(2).padStart(5)}`;
}

export interface FewShotFlags {
  fewshot?: boolean;
  kb?: string;
  train?: string;
  queries: string;
  val?: string;
  k: string;
  seeds: string;
  holdOut: string;
  lang: string;
}

/** `faq eval --fewshot` flags -> one set, checked, with errors that say which flag is wrong. */
export function fewShotSetFrom(flags: FewShotFlags, read: (path: string) => string): { set: FewShotSet; k: number; seeds: number[] } {
  if (!flags.train || flags.kb || flags.val) throw new EvalInputError('--fewshot samples its KBs from --train <train.jsonl> ({"text","label"}); --kb and --val do not apply');
  const k = Number(flags.k);
  if (!Number.isInteger(k) || k < 1) throw new EvalInputError('--k must be a whole number of at least 1');
  const seeds = flags.seeds.split(',').map((s) => Number(s.trim()));
  if (seeds.length === 0 || !seeds.every((s) => Number.isInteger(s) && s >= 0)) throw new EvalInputError('--seeds must be whole numbers separated by commas, e.g. 1,2,3,4,5');
  const holdOut = Number(flags.holdOut);
  if (!(holdOut >= 0 && holdOut < 1)) throw new EvalInputError('--hold-out must be a share from 0 to below 1, e.g. 0.33');
  if (flags.lang !== 'it' && flags.lang !== 'en') throw new EvalInputError('--lang must be it or en');
  const lines = (file: string) => labelledLines(parseJsonLines(read(file), file), file);
  const set: FewShotSet = { name: flags.train, pool: lines(flags.train), test: lines(flags.queries), holdOut, lang: flags.lang };
  return { set, k, seeds };
}

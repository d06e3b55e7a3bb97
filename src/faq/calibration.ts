// Raw similarity -> the probability that the top answer is right, learned on
// the knowledge base itself, so thresholds mean the same on any KB:
//  - each sampled phrasing, left out, is asked as a question (right if its own
//    entry comes first);
//  - each sampled entry, left out whole, has its phrasings asked (never right:
//    they stand for questions the KB does not cover).
import type { EntryScore, TfIdfIndex } from './tfidf-index.js';

export interface Calibration {
  weights: readonly [number, number, number];
}

/** Features of the candidate at `rank` among scores: its score and its lead over the best other. */
export function candidateFeatures(scores: readonly EntryScore[], rank: number): [number, number] {
  const s = scores[rank]?.score ?? 0;
  const rival = rank === 0 ? (scores[1]?.score ?? 0) : (scores[0]?.score ?? 0);
  return [s, s - rival];
}

export function confidence(c: Calibration, [s, lead]: [number, number]): number {
  const [w0, w1, w2] = c.weights;
  return 1 / (1 + Math.exp(-(w0 + w1 * s + w2 * lead)));
}

/** A deterministic pseudo-random sample, so a KB always calibrates the same way. */
export function sample<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  const step = items.length / max;
  return Array.from({ length: max }, (_, i) => items[Math.floor(i * step)]!);
}

const MAX_SAMPLES = 1000;

export function calibrate(index: TfIdfIndex, docEntries: readonly number[]): Calibration {
  const rows: { x: [number, number]; y: number }[] = [];
  const docs = sample([...docEntries.keys()], MAX_SAMPLES);
  for (const doc of docs) {
    const scores = index.scoreDoc(doc, { doc });
    rows.push({ x: candidateFeatures(scores, 0), y: scores[0]?.entry === docEntries[doc] ? 1 : 0 });
  }
  const negatives: number[] = sample(docs, Math.min(docs.length, MAX_SAMPLES));
  const negativeRows = negatives.map((doc) => {
    const scores = index.scoreDoc(doc, { entry: docEntries[doc]! });
    return { x: candidateFeatures(scores, 0), y: 0 };
  });
  rows.push(...negativeRows);
  const [w0 = 0, w1 = 0, w2 = 0] = fitLogistic(rows, PRIOR, PRIOR_STRENGTH);
  return { weights: [w0, w1, w2] };
}

/**
 * Where the fit starts and what it is pulled towards: the weights this method
 * learns on a large public KB (CLINC150's 15,000 phrasings). A small KB cannot
 * show what near-miss questions look like, so on its own it learns far too
 * steep a curve; the pull (PRIOR_STRENGTH, a ridge towards PRIOR) keeps it sane.
 */
const PRIOR: readonly [number, number, number] = [-3.5, 4.4, 8.9];
const PRIOR_STRENGTH = 2;

/**
 * Logistic regression by Newton's method, regularised towards `prior` (whose
 * first weight is the bias): `rows` are features without the leading 1.
 */
export function fitLogistic(rows: readonly { x: readonly number[]; y: number }[], prior: readonly number[], strength: number): number[] {
  const n = prior.length;
  let b = [...prior];
  for (let iter = 0; iter < 50; iter++) {
    const g = b.map((v, i) => strength * (v - prior[i]!));
    const h = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? strength : 0)));
    for (const { x, y } of rows) {
      const f = [1, ...x];
      let z = 0;
      for (let i = 0; i < n; i++) z += b[i]! * f[i]!;
      const p = 1 / (1 + Math.exp(-z));
      for (let i = 0; i < n; i++) {
        g[i]! += (p - y) * f[i]!;
        for (let j = 0; j < n; j++) h[i]![j]! += p * (1 - p) * f[i]! * f[j]!;
      }
    }
    const step = solve(h, g);
    b = b.map((v, i) => v - step[i]!);
    if (Math.max(...step.map(Math.abs)) < 1e-6) break;
  }
  return b;
}

/** Gaussian elimination with partial pivoting. */
function solve(a: number[][], y: number[]): number[] {
  const n = y.length;
  const m = a.map((row, i) => [...row, y[i]!]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    const d = m[c]![c]! || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / d;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return Array.from({ length: n }, (_, i) => m[i]![n]! / (m[i]![i]! || 1e-12));
}

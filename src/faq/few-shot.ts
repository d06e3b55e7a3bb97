// Few-shot knowledge bases from a labelled intent set: k phrasings per intent
// drawn from the training pool, optionally with some intents held out so that
// their test lines become questions the KB cannot answer (as near misses are on
// a real help desk). Pure and seeded: the same seed gives the same KB on every
// machine. Reading the files is the caller's job.
import type { Locale } from '../events.js';
import type { FaqEntry } from '../ports/faq-matcher.js';
import type { EvalQuery } from './evaluate.js';

export interface LabelledLine {
  text: string;
  label: string;
}

/** A 32-bit seeded generator (mulberry32): uniform in [0, 1), identical across platforms. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A shuffled copy (Fisher–Yates) driven by `random`. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export interface FewShotOptions {
  /** Phrasings per entry (fewer when the pool has fewer distinct ones). */
  k: number;
  seed: number;
  /** Share of the intents left out of the KB; their test lines become out of scope. */
  holdOut?: number;
  lang: Locale;
  department?: string;
}

export interface FewShotKb {
  entries: FaqEntry[];
  queries: EvalQuery[];
  /** Intents of the pool deliberately left out of the KB. */
  heldOut: string[];
}

const OOS = 'oos';
const sameText = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * The KB for one seed and the test queries labelled against it. A test line
 * whose intent is not in the KB (held out, out of scope, or absent from the
 * pool) expects no answer. Callers filter `test` to the lines that belong to
 * the set (e.g. one CLINC150 domain and the global OOS lines).
 */
export function buildFewShotKb(pool: readonly LabelledLine[], test: readonly LabelledLine[], opts: FewShotOptions): FewShotKb {
  if (!Number.isInteger(opts.k) || opts.k < 1) throw new RangeError('k must be a whole number of at least 1');
  const holdOut = opts.holdOut ?? 0;
  if (!(holdOut >= 0 && holdOut < 1)) throw new RangeError('holdOut must be in [0, 1)');
  const random = seededRandom(opts.seed);
  // Distinct phrasings per intent, in a fixed order: the pool's order must not matter, only the seed.
  const byIntent = new Map<string, Map<string, string>>();
  for (const line of pool) {
    if (line.label === OOS || !/[\p{L}\p{N}]/u.test(line.text)) continue;
    const texts = byIntent.get(line.label) ?? new Map<string, string>();
    const key = sameText(line.text);
    if (!texts.has(key)) texts.set(key, line.text.trim());
    byIntent.set(line.label, texts);
  }
  const intents = [...byIntent.keys()].sort();
  const heldOut = shuffled(intents, random).slice(0, Math.round(intents.length * holdOut)).sort();
  const kept = intents.filter((intent) => !heldOut.includes(intent));
  const entries = kept.map((intent): FaqEntry => {
    const texts = [...byIntent.get(intent)!.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, text]) => text);
    return {
      id: intent,
      department: opts.department ?? 'general',
      questions: shuffled(texts, random).slice(0, opts.k),
      answer: { [opts.lang]: intent },
    };
  });
  const inKb = new Set(kept);
  const queries = test.map((line): EvalQuery => ({ text: line.text, expected: inKb.has(line.label) ? [line.label] : [], lang: opts.lang }));
  return { entries, queries, heldOut };
}

export interface Spread {
  mean: number;
  sd: number;
  min: number;
  max: number;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** Mean, (population) standard deviation and range of one figure over the seeds. */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { mean: 0, sd: 0, min: 0, max: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return { mean: round(mean), sd: round(sd), min: round(Math.min(...values)), max: round(Math.max(...values)) };
}

// Department and priority learnt from agents' corrections: a request worded
// like ones agents moved to Facilities (or raised to P2) is guessed that way.
// A nearest-neighbour vote over TF-IDF word vectors of the corrected tickets'
// wording; it speaks only when at least two close corrections agree and
// outweigh the close ones that disagree, and otherwise leaves the guess it
// wraps as it was. Pure: the examples come in, guesses go out.
import type { Priority } from '../tickets/ticket.js';
import { priorityFrom, type Level } from '../tickets/priority.js';
import type { TriageGuess, TriageGuesser } from '../tickets/triage.js';
import { STOPWORDS } from './language.js';
import { words } from './normalise.js';

/** A corrected ticket's wording and where agents put it; null where they changed nothing. */
export interface TriageExample {
  text: string;
  department: string | null;
  priority: Priority | null;
}

export interface LearntTriageOptions {
  /** Cosine similarity a correction needs to count as worded like the request. */
  minSimilarity?: number;
  /** Close corrections that must agree before the learnt label wins. */
  minAgreeing?: number;
  /** Closest corrections that vote. */
  neighbours?: number;
}

/** Chosen on HWU64 scenarios' validation split (bench/triage-learning.ts), never its test split. */
export const LEARNT_TRIAGE_DEFAULTS: Required<LearntTriageOptions> = { minSimilarity: 0.2, minAgreeing: 2, neighbours: 7 };

/** Italian and English inflect at the end: "stampante/stampanti", "printer/printers" share their first letters. */
const STEM = 6;

/** The words that say what the request is about, cut to a stem. */
export function triageTerms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    if (w.length < 2 || STOPWORDS.en.has(w) || STOPWORDS.it.has(w)) continue;
    out.push(w.length > STEM ? w.slice(0, STEM) : w);
  }
  return out;
}

interface Learnt<L> {
  label: L;
  /** Close corrections that agreed. */
  agreeing: number;
}

export interface TriageModel {
  readonly size: number;
  department(text: string): Learnt<string> | null;
  priority(text: string): Learnt<Priority> | null;
}

type Vector = Map<string, number>;

function counts(terms: readonly string[]): Map<string, number> {
  const tf = new Map<string, number>();
  for (const term of terms) tf.set(term, (tf.get(term) ?? 0) + 1);
  return tf;
}

/** Builds the model; later examples of the same wording are just more votes (each ticket is one correction). */
export function trainTriageModel(examples: readonly TriageExample[], options: LearntTriageOptions = {}): TriageModel {
  const { minSimilarity, minAgreeing, neighbours } = { ...LEARNT_TRIAGE_DEFAULTS, ...options };
  const docs = examples.map((e) => ({ example: e, tf: counts(triageTerms(e.text)) })).filter((d) => d.tf.size > 0);
  // Maps throughout: the words are people's, and "constructor" is one of them.
  const df = new Map<string, number>();
  for (const d of docs) for (const term of d.tf.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const n = docs.length;
  const idf = (term: string) => Math.log((n + 1) / ((df.get(term) ?? 0) + 1)) + 1;
  function vector(tf: ReadonlyMap<string, number>): Vector {
    const v: Vector = new Map();
    let norm = 0;
    for (const [term, k] of tf) {
      const w = (1 + Math.log(k)) * idf(term);
      v.set(term, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    for (const [term, w] of v) v.set(term, w / norm);
    return v;
  }
  // An inverted index: a request is compared only with corrections that share a word with it.
  const postings = new Map<string, { doc: number; weight: number }[]>();
  docs.forEach((d, doc) => {
    for (const [term, weight] of vector(d.tf)) {
      const list = postings.get(term);
      if (list) list.push({ doc, weight });
      else postings.set(term, [{ doc, weight }]);
    }
  });

  /** The closest corrections at or above the similarity floor, closest first. */
  function close(text: string): { doc: number; sim: number }[] {
    const tf = counts(triageTerms(text));
    if (tf.size === 0 || n === 0) return [];
    const sims = new Map<number, number>();
    for (const [term, weight] of vector(tf)) {
      for (const p of postings.get(term) ?? []) sims.set(p.doc, (sims.get(p.doc) ?? 0) + weight * p.weight);
    }
    return [...sims]
      .filter(([, sim]) => sim >= minSimilarity)
      .map(([doc, sim]) => ({ doc, sim }))
      .sort((a, b) => b.sim - a.sim || a.doc - b.doc);
  }

  function vote<L extends string>(text: string, labelOf: (e: TriageExample) => L | null): Learnt<L> | null {
    const weights = new Map<L, { weight: number; agreeing: number }>();
    let total = 0;
    let voters = 0;
    for (const { doc, sim } of close(text)) {
      const label = labelOf(docs[doc]!.example);
      if (label === null) continue;
      const seen = weights.get(label) ?? { weight: 0, agreeing: 0 };
      seen.weight += sim;
      seen.agreeing++;
      weights.set(label, seen);
      total += sim;
      if (++voters >= neighbours) break;
    }
    let best: Learnt<L> | null = null;
    let bestWeight = 0;
    for (const [label, { weight, agreeing }] of weights) {
      if (weight > bestWeight) {
        best = { label, agreeing };
        bestWeight = weight;
      }
    }
    // Two agreeing corrections, and more weight than all the close ones that disagree.
    if (!best || best.agreeing < minAgreeing || bestWeight <= total - bestWeight) return null;
    return best;
  }

  return {
    size: n,
    department: (text) => vote(text, (e) => e.department),
    priority: (text) => vote(text, (e) => e.priority),
  };
}

const LEVELS: readonly Level[] = ['high', 'medium', 'low'];

/**
 * Impact and urgency that give `priority`, as close to the guessed ones as the
 * matrix allows: the urgency the person can still change stays theirs when it can.
 */
export function levelsFor(priority: Priority, guess: { impact: Level; urgency: Level }): { impact: Level; urgency: Level } {
  if (priorityFrom(guess.impact, guess.urgency) === priority) return guess;
  for (const impact of LEVELS) if (priorityFrom(impact, guess.urgency) === priority) return { impact, urgency: guess.urgency };
  for (const urgency of LEVELS) if (priorityFrom(guess.impact, urgency) === priority) return { impact: guess.impact, urgency };
  for (const impact of LEVELS) for (const urgency of LEVELS) if (priorityFrom(impact, urgency) === priority) return { impact, urgency };
  return guess;
}

/** The wrapped guess, corrected where the model has learnt enough. A learnt department is a confident one. */
export function applyLearnt(model: TriageModel, departments: readonly string[], text: string, guess: TriageGuess): TriageGuess {
  if (model.size === 0) return guess;
  let out = guess;
  const department = model.department(text);
  if (department && departments.includes(department.label)) out = { ...out, department: department.label, confident: true };
  const priority = model.priority(text);
  if (priority && priority.label !== out.priority) out = { ...out, ...levelsFor(priority.label, out), priority: priority.label };
  return out;
}

export interface LearntTriage extends TriageGuesser {
  guess(text: string): Promise<TriageGuess>;
  /** Replaces what was learnt. */
  learnFrom(examples: readonly TriageExample[]): void;
}

/** A guesser that wraps `base` and corrects it with what agents taught. */
export function createLearntTriage(base: TriageGuesser, departments: readonly string[], options: LearntTriageOptions = {}): LearntTriage {
  let model = trainTriageModel([], options);
  return {
    async guess(text) {
      return applyLearnt(model, departments, text, await base.guess(text));
    },
    learnFrom(examples) {
      model = trainTriageModel(examples, options);
    },
  };
}

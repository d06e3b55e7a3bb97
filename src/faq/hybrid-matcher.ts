// Lexical and semantic similarity fused into one calibrated confidence. Each
// candidate entry (the best few by either score) is described by its lexical
// score and lead over its best rival, the same two for sentence embeddings,
// how close its answer is, and how many of the question's nearest phrasings
// are its own; one logistic model, learned on the knowledge
// base's own phrasings like the lexical calibration, turns that into the
// probability that the candidate is the right answer. The top candidate's
// probability is the confidence, so the answer / did-you-mean thresholds keep
// their meaning.
import type { FaqEntry, FaqMatch } from '../ports/faq-matcher.js';
import { fitLogistic, sample } from './calibration.js';
import type { TfIdfFaqMatcher } from './create-tfidf-matcher.js';
import { normalised, SemanticIndex, type SemanticScores } from './semantic-index.js';
import type { EntryScore, Exclusion } from './tfidf-index.js';

/** Candidates taken from each ranking. */
const PER_RANKING = 5;
/** Phrasings asked as questions to learn the weights (each twice: left out, and its entry left out). */
const MAX_SAMPLES = 600;
/**
 * Where the fit starts and what a small KB is pulled towards: what this method
 * learns on CLINC150's 15,000 phrasings with multilingual-e5-small. Features:
 * bias, lexical score, lexical lead, semantic score, semantic lead, answer,
 * share of the 10 nearest phrasings.
 */
const PRIOR = [-17.49, 2.17, 3.57, 13.14, 23.4, 1.46, 2.92];
const PRIOR_STRENGTH = 2;

export interface HybridFaqMatcher {
  /** Matches with the question's embedding already in hand. */
  matchVector(text: string, query: Float32Array, limit?: number): FaqMatch[];
  readonly weights: readonly number[];
}

type Features = [number, number, number, number, number, number];

function candidateRows(lexical: readonly EntryScore[], semantic: SemanticScores): { entry: number; x: Features }[] {
  const lex = new Map(lexical.map((s) => [s.entry, s.score]));
  const phr = semantic.phrasing;
  const bySemantic = [...phr.keys()].sort((a, b) => phr[b]! - phr[a]!).slice(0, PER_RANKING);
  const candidates = [...new Set([...lexical.slice(0, PER_RANKING).map((s) => s.entry), ...bySemantic])];
  // The best other score, for each candidate's lead: the top's rival is the second.
  const top2 = (score: (e: number) => number) => {
    let a = -Infinity;
    let b = -Infinity;
    let best = -1;
    for (const e of candidates) {
      const s = score(e);
      if (s > a) [b, a, best] = [a, s, e];
      else if (s > b) b = s;
    }
    return (e: number) => (e === best ? (Number.isFinite(b) ? b : 0) : a);
  };
  const lexOf = (e: number) => lex.get(e) ?? 0;
  const semOf = (e: number) => phr[e]!;
  const lexRival = top2(lexOf);
  const semRival = top2(semOf);
  return candidates.map((entry) => ({
    entry,
    x: [lexOf(entry), lexOf(entry) - lexRival(entry), semOf(entry), semOf(entry) - semRival(entry), semantic.answer[entry]!, semantic.votes[entry]!],
  }));
}

const topEntries = (scores: readonly EntryScore[]) => scores.slice(0, PER_RANKING).map((s) => s.entry);

function probability(w: readonly number[], x: Features): number {
  let z = w[0]!;
  for (let i = 0; i < x.length; i++) z += w[i + 1]! * x[i]!;
  return 1 / (1 + Math.exp(-z));
}

function calibrate(lexical: TfIdfFaqMatcher, semantic: SemanticIndex): number[] {
  const docEntries = lexical.docs.map((d) => d.entry);
  const rows: { x: number[]; y: number }[] = [];
  const add = (doc: number, exclude: Exclusion, right: number | null) => {
    const lex = lexical.index.scoreDoc(doc, exclude);
    for (const c of candidateRows(lex, semantic.score(semantic.docVector(doc), exclude, topEntries(lex)))) {
      rows.push({ x: c.x, y: c.entry === right ? 1 : 0 });
    }
  };
  for (const doc of sample([...docEntries.keys()], MAX_SAMPLES)) {
    add(doc, { doc }, docEntries[doc]!);
    add(doc, { entry: docEntries[doc]! }, null);
  }
  return rows.length > 0 ? fitLogistic(rows, PRIOR, PRIOR_STRENGTH) : [...PRIOR];
}

/** Per entry, the closest of its refused wordings to the question (-1 without one). */
function closestRefusal(refused: readonly { entry: number; vector: Float32Array }[], query: Float32Array, entryCount: number): Float64Array {
  const out = new Float64Array(entryCount).fill(-1);
  for (const r of refused) {
    let s = 0;
    for (let k = 0; k < query.length; k++) s += query[k]! * r.vector[k]!;
    if (s > out[r.entry]!) out[r.entry] = s;
  }
  return out;
}

/**
 * `docVectors`: one per phrasing of the lexical matcher (same order, embedded as
 * queries: question against question is symmetric); `answerVectors`: answer
 * texts embedded as passages; `refusedVectors`: the entries' standing refused
 * wordings, embedded as queries.
 */
export function createHybridFaqMatcher(
  entries: readonly FaqEntry[],
  lexical: TfIdfFaqMatcher,
  docVectors: readonly Float32Array[],
  answerVectors: readonly { entry: number; vector: Float32Array }[],
  refusedVectors: readonly { entry: number; vector: Float32Array }[] = [],
): HybridFaqMatcher {
  const semantic = new SemanticIndex(docVectors, lexical.docs.map((d) => d.entry), entries.length, answerVectors);
  const weights = calibrate(lexical, semantic);
  const refused = refusedVectors.map((r) => ({ entry: r.entry, vector: normalised(r.vector) }));
  return {
    weights,
    matchVector(text, query, limit = 3) {
      if (text.trim() === '') return [];
      const q = normalised(query);
      const lex = lexical.index.score(text);
      const scores = semantic.score(q, {}, topEntries(lex));
      const rows = candidateRows(lex, scores);
      // A refusal is the nearest neighbour saying "not this one": when the question is
      // closer to a wording someone refused than to any phrasing of the entry, the
      // entry is offered, not answered. The confidence keeps its calibrated meaning.
      const refusal = refused.length > 0 ? closestRefusal(refused, q, entries.length) : null;
      return rows
        .map((r): FaqMatch => {
          const match: FaqMatch = { entry: entries[r.entry]!, confidence: probability(weights, r.x) };
          if (refusal && refusal[r.entry]! > scores.nearest[r.entry]!) match.held = true;
          return match;
        })
        .sort((a, b) => b.confidence - a.confidence)
        .slice(0, limit);
    },
  };
}

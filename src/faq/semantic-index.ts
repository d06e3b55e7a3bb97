// Sentence-embedding similarity between a question and every entry: the best
// single phrasing (nearest) and the entry's phrasings together (centroid),
// blended as the lexical index does, plus the closest answer text. Vectors are
// normalised once, so a cosine is a dot product.
import type { Exclusion } from './tfidf-index.js';

const NEAREST_SHARE = 0.5;
/** Up to this many phrasings every one is compared with the question. */
const FULL_SCAN_DOCS = 3000;
/** Beyond it, the entries whose centroid is closest get their phrasings compared. */
const CLOSE_ENTRIES = 24;
/** Nearest phrasings that vote for their entry. */
const VOTERS = 10;

export function normalised(v: Float32Array): Float32Array {
  let sq = 0;
  for (let i = 0; i < v.length; i++) sq += v[i]! * v[i]!;
  const n = Math.sqrt(sq) || 1;
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i]! / n;
  return out;
}

export interface SemanticScores {
  /** Per entry: nearest/centroid blend of its phrasings. */
  phrasing: Float64Array;
  /** Per entry: its share of the question's nearest phrasings (a k-nearest-neighbour vote). */
  votes: Float64Array;
  /** Per entry: the closest of its answers (0 without one). */
  answer: Float64Array;
  /** Per entry: its single nearest phrasing (-1 where it was not looked for). */
  nearest: Float64Array;
}

export class SemanticIndex {
  readonly dim: number;
  private readonly docs: Float32Array;
  private readonly docEntry: Int32Array;
  private readonly sums: Float64Array;
  private readonly sumSq: Float64Array;
  /** Each phrasing's dot with its own entry's sum (to take it out of the centroid). */
  private readonly docDotSum: Float64Array;
  private readonly answers: { entry: number; vector: Float32Array }[];
  private readonly entryDocs: number[][];

  constructor(
    docVectors: readonly Float32Array[],
    docEntry: readonly number[],
    private readonly entryCount: number,
    answerVectors: readonly { entry: number; vector: Float32Array }[],
  ) {
    this.dim = docVectors[0]?.length ?? answerVectors[0]?.vector.length ?? 0;
    const dim = this.dim;
    this.docs = new Float32Array(docVectors.length * dim);
    docVectors.forEach((v, i) => this.docs.set(normalised(v), i * dim));
    this.docEntry = Int32Array.from(docEntry);
    this.entryDocs = Array.from({ length: entryCount }, () => []);
    docEntry.forEach((e, d) => this.entryDocs[e]!.push(d));
    this.sums = new Float64Array(entryCount * dim);
    for (let d = 0; d < docVectors.length; d++) {
      const e = this.docEntry[d]!;
      for (let k = 0; k < dim; k++) this.sums[e * dim + k]! += this.docs[d * dim + k]!;
    }
    this.sumSq = new Float64Array(entryCount);
    for (let e = 0; e < entryCount; e++) {
      let s = 0;
      for (let k = 0; k < dim; k++) s += this.sums[e * dim + k]! ** 2;
      this.sumSq[e] = s;
    }
    this.docDotSum = new Float64Array(docVectors.length);
    for (let d = 0; d < docVectors.length; d++) {
      const e = this.docEntry[d]!;
      let s = 0;
      for (let k = 0; k < dim; k++) s += this.docs[d * dim + k]! * this.sums[e * dim + k]!;
      this.docDotSum[d] = s;
    }
    this.answers = answerVectors.map((a) => ({ entry: a.entry, vector: normalised(a.vector) }));
  }

  /** The stored (normalised) vector of a phrasing, asked as a question (for calibration). */
  docVector(doc: number): Float32Array {
    return this.docs.subarray(doc * this.dim, (doc + 1) * this.dim);
  }

  /**
   * Every entry's centroid similarity is exact; the nearest phrasing is looked
   * for only in the entries whose centroid is close (all of them on a small KB)
   * and in `also` (another ranking's candidates): the rest cannot be candidates.
   */
  score(query: Float32Array, exclude: Exclusion = {}, also: readonly number[] = []): SemanticScores {
    const { dim, docs, docEntry, entryCount, sums } = this;
    const q = query.length === dim ? query : new Float32Array(dim);
    // Two loops, not one generic one: each stays monomorphic for the JIT.
    const dotSum = (e: number) => {
      let s = 0;
      for (let k = 0, base = e * dim; k < dim; k++) s += q[k]! * sums[base + k]!;
      return s;
    };
    const dotDoc = (d: number) => {
      let s = 0;
      for (let k = 0, base = d * dim; k < dim; k++) s += q[k]! * docs[base + k]!;
      return s;
    };
    const centroid = new Float64Array(entryCount);
    const left = exclude.doc === undefined ? -1 : docEntry[exclude.doc]!;
    for (let e = 0; e < entryCount; e++) {
      if (e === exclude.entry) continue;
      let sumDot = dotSum(e);
      let sumSq = this.sumSq[e]!;
      if (e === left) {
        // The entry without the left-out phrasing (a unit vector).
        sumDot -= dotDoc(exclude.doc!);
        sumSq = sumSq - 2 * this.docDotSum[exclude.doc!]! + 1;
      }
      centroid[e] = sumSq > 1e-12 ? sumDot / Math.sqrt(sumSq) : 0;
    }
    let entries = [...Array(entryCount).keys()].filter((e) => e !== exclude.entry);
    if (docEntry.length > FULL_SCAN_DOCS) {
      const close = [...entries].sort((a, b) => centroid[b]! - centroid[a]!).slice(0, CLOSE_ENTRIES);
      entries = [...new Set([...close, ...also.filter((e) => e !== exclude.entry)])];
    }
    const phrasing = new Float64Array(entryCount);
    const nearestOf = new Float64Array(entryCount).fill(-1);
    for (let e = 0; e < entryCount; e++) phrasing[e] = (1 - NEAREST_SHARE) * centroid[e]!;
    const closest: { e: number; s: number }[] = [];
    for (const e of entries) {
      let nearest = -1;
      for (const d of this.entryDocs[e]!) {
        if (d === exclude.doc) continue;
        const s = dotDoc(d);
        if (s > nearest) nearest = s;
        if (closest.length < VOTERS || s > closest[closest.length - 1]!.s) {
          closest.push({ e, s });
          closest.sort((a, b) => b.s - a.s);
          if (closest.length > VOTERS) closest.pop();
        }
      }
      nearestOf[e] = nearest;
      if (nearest > -1) phrasing[e] = NEAREST_SHARE * nearest + (1 - NEAREST_SHARE) * centroid[e]!;
    }
    const answer = new Float64Array(entryCount);
    for (const a of this.answers) {
      if (a.entry === exclude.entry) continue;
      let s = 0;
      for (let k = 0; k < dim; k++) s += q[k]! * a.vector[k]!;
      if (s > answer[a.entry]!) answer[a.entry] = s;
    }
    const votes = new Float64Array(entryCount);
    for (const c of closest) votes[c.e]! += 1 / VOTERS;
    return { phrasing, votes, answer, nearest: nearestOf };
  }
}

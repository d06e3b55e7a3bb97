// Sentence-embedding similarity between a question and every entry: the best
// single phrasing (nearest) and the entry's phrasings together (centroid),
// blended as the lexical index does, plus the closest answer text. Vectors are
// normalised once, so a cosine is a dot product.
import type { Exclusion } from './tfidf-index.js';

const NEAREST_SHARE = 0.5;

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
  /** Per entry: the closest of its answers (0 without one). */
  answer: Float64Array;
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

  score(query: Float32Array, exclude: Exclusion = {}): SemanticScores {
    const { dim, docs, docEntry, entryCount } = this;
    const q = query.length === dim ? query : new Float32Array(dim);
    const nearest = new Float64Array(entryCount).fill(-1);
    const dotSum = new Float64Array(entryCount);
    for (let d = 0; d < docEntry.length; d++) {
      const e = docEntry[d]!;
      if (e === exclude.entry || d === exclude.doc) continue;
      let s = 0;
      const base = d * dim;
      for (let k = 0; k < dim; k++) s += q[k]! * docs[base + k]!;
      dotSum[e]! += s;
      if (s > nearest[e]!) nearest[e] = s;
    }
    const phrasing = new Float64Array(entryCount);
    for (let e = 0; e < entryCount; e++) {
      if (nearest[e]! < -0.5) continue;
      let sumSq = this.sumSq[e]!;
      if (exclude.doc !== undefined && docEntry[exclude.doc] === e) sumSq = sumSq - 2 * this.docDotSum[exclude.doc]! + 1;
      const centroid = sumSq > 1e-12 ? dotSum[e]! / Math.sqrt(sumSq) : 0;
      phrasing[e] = NEAREST_SHARE * nearest[e]! + (1 - NEAREST_SHARE) * centroid;
    }
    const answer = new Float64Array(entryCount);
    for (const a of this.answers) {
      if (a.entry === exclude.entry) continue;
      let s = 0;
      for (let k = 0; k < dim; k++) s += q[k]! * a.vector[k]!;
      if (s > answer[a.entry]!) answer[a.entry] = s;
    }
    return { phrasing, answer };
  }
}

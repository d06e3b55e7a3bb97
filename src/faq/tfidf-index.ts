// A TF-IDF index over every phrasing of every entry. A query scores each entry
// twice: its best single phrasing (nearest neighbour) and all its phrasings
// together (the centroid), both cosines, blended. Postings make a query touch
// only the phrasings that share a feature with it.
import type { Locale } from '../events.js';
import { contentWords, extractFeatures, type Speller, type TextFeatures } from './features.js';
import { words } from './normalise.js';
import { createSpeller } from './spelling.js';

/** Share of the vector's weight on words and stem pairs; the rest is character n-grams. */
const WORD_SHARE = 0.6;
/** Weight of the best phrasing against the centroid in an entry's score. */
const NEAREST_SHARE = 0.5;

export interface IndexedDoc {
  text: string;
  entry: number;
}

interface SparseVector {
  ids: Int32Array;
  values: Float32Array;
}

export interface EntryScore {
  entry: number;
  score: number;
}

export interface Exclusion {
  /** Leave this phrasing out (as if it were not in the index). */
  doc?: number;
  /** Leave this whole entry out. */
  entry?: number;
}

export class TfIdfIndex {
  /** Feature ids, one space for both kinds: stems and stem pairs, character n-grams. */
  private readonly wordIds = new Map<string, number>();
  private readonly charIds = new Map<string, number>();
  private readonly idf: Float32Array;
  private readonly docs: SparseVector[] = [];
  /** Postings of every feature in one pair of arrays: feature `id`'s are at [postingStart[id], postingStart[id + 1]). */
  private readonly postingStart: Int32Array;
  private readonly postingDoc: Int32Array;
  private readonly postingValue: Float32Array;
  private readonly docEntry: Int32Array;
  private readonly entryDocs: number[][];
  private readonly entrySumSq: Float64Array;
  /** Dot product of each phrasing with its own entry's sum vector. */
  private readonly docDotSum: Float64Array;
  private readonly scratch: Float64Array;
  /** Per-entry accumulators, left zeroed after every query. */
  private readonly nearest: Float64Array;
  private readonly sumDot: Float64Array;
  /** Reads a query's typos as the phrasings' words. */
  private readonly spell: Speller;

  constructor(
    texts: readonly IndexedDoc[],
    readonly entryCount: number,
    languageOf: (doc: IndexedDoc) => Locale | null = () => null,
  ) {
    const features = texts.map((d) => extractFeatures(d.text, languageOf(d)));
    const df: number[] = [];
    const count = (ids: Map<string, number>, key: string) => {
      let id = ids.get(key);
      if (id === undefined) {
        id = df.length;
        ids.set(key, id);
        df.push(0);
      }
      df[id]! += 1;
    };
    for (const f of features) {
      for (const key of f.words.keys()) count(this.wordIds, key);
      for (const key of f.chars.keys()) count(this.charIds, key);
    }
    const n = texts.length;
    const vocabulary = new Map<string, number>();
    for (const d of texts) for (const w of new Set(contentWords(words(d.text)))) vocabulary.set(w, (vocabulary.get(w) ?? 0) + 1);
    this.spell = createSpeller(vocabulary, (stem) => this.wordIds.has(stem));
    this.idf = Float32Array.from(df, (d) => Math.log((n + 1) / (d + 1)) + 1);
    this.docEntry = Int32Array.from(texts, (d) => d.entry);
    this.entryDocs = Array.from({ length: entryCount }, () => []);
    texts.forEach((d, i) => this.entryDocs[d.entry]!.push(i));

    const postingLengths = new Int32Array(df.length);
    for (const f of features) {
      const v = this.vectorize(f);
      this.docs.push(v);
      for (const id of v.ids) postingLengths[id]! += 1;
    }
    this.postingStart = new Int32Array(df.length + 1);
    for (let id = 0; id < df.length; id++) this.postingStart[id + 1] = this.postingStart[id]! + postingLengths[id]!;
    this.postingDoc = new Int32Array(this.postingStart[df.length]!);
    this.postingValue = new Float32Array(this.postingDoc.length);
    const fill = this.postingStart.slice(0, df.length);
    this.docs.forEach((v, doc) => {
      for (let k = 0; k < v.ids.length; k++) {
        const at = fill[v.ids[k]!]!++;
        this.postingDoc[at] = doc;
        this.postingValue[at] = v.values[k]!;
      }
    });

    // Entry sums, kept implicitly: |sum|² and each phrasing's dot with its sum.
    this.entrySumSq = new Float64Array(entryCount);
    this.docDotSum = new Float64Array(n);
    for (let e = 0; e < entryCount; e++) {
      const sum = new Map<number, number>();
      for (const doc of this.entryDocs[e]!) {
        const v = this.docs[doc]!;
        for (let k = 0; k < v.ids.length; k++) sum.set(v.ids[k]!, (sum.get(v.ids[k]!) ?? 0) + v.values[k]!);
      }
      let sq = 0;
      for (const x of sum.values()) sq += x * x;
      this.entrySumSq[e] = sq;
      for (const doc of this.entryDocs[e]!) {
        const v = this.docs[doc]!;
        let dot = 0;
        for (let k = 0; k < v.ids.length; k++) dot += v.values[k]! * sum.get(v.ids[k]!)!;
        this.docDotSum[doc] = dot;
      }
    }
    this.scratch = new Float64Array(n);
    this.nearest = new Float64Array(entryCount);
    this.sumDot = new Float64Array(entryCount);
  }

  get size(): number {
    return this.docs.length;
  }

  /** Weighted, normalised vector; unknown features count in the norm but match nothing. */
  private vectorize(f: TextFeatures): SparseVector {
    const unseenIdf = Math.log(this.docs.length + 2) + 1;
    const part = (counts: Map<string, number>, known: Map<string, number>) => {
      const ids: number[] = [];
      const values: number[] = [];
      let sq = 0;
      for (const [key, tf] of counts) {
        const id = known.get(key);
        const w = (1 + Math.log(tf)) * (id === undefined ? unseenIdf : this.idf[id]!);
        sq += w * w;
        if (id !== undefined) {
          ids.push(id);
          values.push(w);
        }
      }
      return { ids, values, norm: Math.sqrt(sq) };
    };
    const w = part(f.words, this.wordIds);
    const c = part(f.chars, this.charIds);
    const wordShare = c.norm === 0 ? 1 : w.norm === 0 ? 0 : WORD_SHARE;
    const wScale = w.norm > 0 ? Math.sqrt(wordShare) / w.norm : 0;
    const cScale = c.norm > 0 ? Math.sqrt(1 - wordShare) / c.norm : 0;
    const n = w.ids.length;
    const ids = new Int32Array(n + c.ids.length);
    const values = new Float32Array(ids.length);
    for (let k = 0; k < n; k++) {
      ids[k] = w.ids[k]!;
      values[k] = w.values[k]! * wScale;
    }
    for (let k = 0; k < c.ids.length; k++) {
      ids[n + k] = c.ids[k]!;
      values[n + k] = c.values[k]! * cScale;
    }
    return { ids, values };
  }

  /** Every entry that shares a feature with the text, best first. */
  score(text: string, exclude: Exclusion = {}): EntryScore[] {
    return this.scoreVector(this.vectorize(extractFeatures(text, null, this.spell)), exclude);
  }

  /** Scores a phrasing already in the index, as the query it would be (for calibration). */
  scoreDoc(doc: number, exclude: Exclusion): EntryScore[] {
    return this.scoreVector(this.docs[doc]!, exclude);
  }

  private scoreVector(q: SparseVector, exclude: Exclusion): EntryScore[] {
    const acc = this.scratch;
    const { postingStart, postingDoc, postingValue } = this;
    const touched: number[] = [];
    for (let k = 0; k < q.ids.length; k++) {
      const id = q.ids[k]!;
      const weight = q.values[k]!;
      const end = postingStart[id + 1]!;
      for (let j = postingStart[id]!; j < end; j++) {
        const doc = postingDoc[j]!;
        if (acc[doc] === 0) touched.push(doc);
        acc[doc]! += weight * postingValue[j]!;
      }
    }
    const { nearest, sumDot } = this;
    const entries: number[] = [];
    for (const doc of touched) {
      const s = acc[doc]!;
      acc[doc] = 0;
      const entry = this.docEntry[doc]!;
      if (entry === exclude.entry || doc === exclude.doc) continue;
      if (sumDot[entry] === 0) entries.push(entry);
      sumDot[entry]! += s;
      if (s > nearest[entry]!) nearest[entry] = s;
    }
    const out: EntryScore[] = [];
    for (const entry of entries) {
      const dot = sumDot[entry]!;
      const best = nearest[entry]!;
      sumDot[entry] = 0;
      nearest[entry] = 0;
      let sumSq = this.entrySumSq[entry]!;
      if (exclude.doc !== undefined && this.docEntry[exclude.doc] === entry) {
        // The entry's sum without the left-out phrasing (whose vector has norm 1).
        sumSq = sumSq - 2 * this.docDotSum[exclude.doc]! + 1;
      }
      const centroid = sumSq > 1e-12 ? dot / Math.sqrt(sumSq) : 0;
      out.push({ entry, score: NEAREST_SHARE * best + (1 - NEAREST_SHARE) * centroid });
    }
    return out.sort((a, b) => b.score - a.score);
  }
}

// The archive in memory: closed tickets, ranked for a text by BM25 over the FAQ
// matcher's own features (stems, stem pairs, both languages: src/faq/features.ts),
// with the same typo reading. Unlike the FAQ's TfIdfIndex, which is built once
// per knowledge base, this one grows a ticket at a time: weights are computed at
// query time from live counts, so a ticket closed a second ago ranks like the rest.
import { contentWords, extractFeatures, type Speller } from '../faq/features.js';
import { words } from '../faq/normalise.js';
import { createSpeller } from '../faq/spelling.js';
import { archiveFilter, type ArchiveFilters } from './archive-filters.js';
import type { ArchivedTicket } from './archived-ticket.js';

/** BM25's usual constants: how soon repeating a word stops counting, how much long texts are discounted. */
const K1 = 1.2;
const B = 0.75;
/** A posting packs its document and the feature's count (in halves, as features.ts counts a word of two possible stems) in one small integer. */
const TF_BITS = 5;
const TF_SPAN = 1 << TF_BITS;

export interface ArchiveHit {
  ticket: ArchivedTicket;
  /** 0..1: how much of the query's weight the ticket carries (1: every word, repeated). */
  score: number;
}

export interface ArchiveQuery {
  text: string;
  limit: number;
  filters?: ArchiveFilters;
  /** Hits scoring below this are left out (a shared common word is not similarity). */
  minScore?: number;
}

export class ArchiveIndex {
  private readonly docs: ArchivedTicket[] = [];
  private readonly byCode = new Map<string, number>();
  /** Tickets taken out (their personal data erased, say): their postings stay, they are never returned. */
  private readonly removed = new Set<number>();
  private readonly featureIds = new Map<string, number>();
  private readonly postings: number[][] = [];
  private readonly lengths: number[] = [];
  private totalLength = 0;
  /** Content words with how many tickets use them: what the typo reader corrects towards. */
  private readonly vocabulary = new Map<string, number>();
  private speller: Speller | undefined;
  private spellerWords = 0;
  private scratch = new Float64Array(1024);

  /** Tickets indexed (and not removed). */
  get size(): number {
    return this.docs.length - this.removed.size;
  }

  has(code: string): boolean {
    return this.byCode.has(code);
  }

  /** When the indexed version of a ticket was closed; undefined when it is not indexed. */
  closedAtOf(code: string): number | undefined {
    const doc = this.byCode.get(code);
    return doc === undefined ? undefined : this.docs[doc]!.closedAt;
  }

  /** Indexes a closed ticket; false when it is there already. */
  add(ticket: ArchivedTicket, text: string): boolean {
    if (this.byCode.has(ticket.code)) return false;
    const doc = this.docs.length;
    this.docs.push(ticket);
    this.byCode.set(ticket.code, doc);
    const features = extractFeatures(text);
    let length = 0;
    for (const [key, count] of features.words) {
      let id = this.featureIds.get(key);
      if (id === undefined) {
        id = this.postings.length;
        this.featureIds.set(key, id);
        this.postings.push([]);
      }
      const halves = Math.min(TF_SPAN - 1, Math.max(1, Math.round(count * 2)));
      this.postings[id]!.push(doc * TF_SPAN + halves);
      length += halves / 2;
    }
    this.lengths.push(length);
    this.totalLength += length;
    for (const w of new Set(contentWords(words(text)))) this.vocabulary.set(w, (this.vocabulary.get(w) ?? 0) + 1);
    if (this.scratch.length < this.docs.length) {
      const grown = new Float64Array(this.scratch.length * 2);
      grown.set(this.scratch);
      this.scratch = grown;
    }
    return true;
  }

  /** Takes a ticket out of every result; false when it was not there. Adding it again brings the new version back. */
  remove(code: string): boolean {
    const doc = this.byCode.get(code);
    if (doc === undefined) return false;
    this.removed.add(doc);
    this.byCode.delete(code);
    return true;
  }

  /**
   * Reads typos against the words tickets used, as they stand now. Building it
   * walks the whole vocabulary: called after a load or a refresh, not per ticket.
   */
  refreshSpeller(): void {
    if (this.spellerWords === this.vocabulary.size) return;
    this.speller = createSpeller(this.vocabulary, (stem) => this.featureIds.has(stem));
    this.spellerWords = this.vocabulary.size;
  }

  /** The best `limit` tickets for the text within the filters, best first; without words, the latest closed. */
  search(query: ArchiveQuery): ArchiveHit[] {
    const keep = archiveFilter(query.filters ?? {});
    const features = extractFeatures(query.text, null, this.speller);
    if (features.words.size === 0) return this.latest(query.limit, keep);
    const n = this.docs.length;
    const averageLength = n > 0 ? this.totalLength / n : 1;
    const acc = this.scratch;
    const touched: number[] = [];
    let best = 0;
    for (const [key, count] of features.words) {
      const id = this.featureIds.get(key);
      const df = id === undefined ? 0 : this.postings[id]!.length;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      const weight = idf * Math.min(count, 2);
      best += weight * (K1 + 1);
      if (id === undefined) continue;
      for (const p of this.postings[id]!) {
        const doc = (p / TF_SPAN) | 0;
        const tf = (p & (TF_SPAN - 1)) / 2;
        const norm = K1 * (1 - B + (B * this.lengths[doc]!) / averageLength);
        if (acc[doc] === 0) touched.push(doc);
        acc[doc]! += (weight * tf * (K1 + 1)) / (tf + norm);
      }
    }
    const minScore = query.minScore ?? 0;
    const top: ArchiveHit[] = [];
    for (const doc of touched) {
      const score = best > 0 ? acc[doc]! / best : 0;
      acc[doc] = 0;
      if (score < minScore || (top.length === query.limit && score <= top[top.length - 1]!.score)) continue;
      const ticket = this.docs[doc]!;
      if (this.removed.has(doc) || !keep(ticket)) continue;
      insertRanked(top, { ticket, score }, query.limit);
    }
    return top;
  }

  private latest(limit: number, keep: (t: ArchivedTicket) => boolean): ArchiveHit[] {
    const out: ArchiveHit[] = [];
    for (let doc = this.docs.length - 1; doc >= 0 && out.length < limit; doc--) {
      if (!this.removed.has(doc) && keep(this.docs[doc]!)) out.push({ ticket: this.docs[doc]!, score: 0 });
    }
    return out.sort((a, b) => b.ticket.closedAt - a.ticket.closedAt);
  }
}

/** Keeps `top` sorted best first and at most `limit` long; ties go to the ticket closed later. */
function insertRanked(top: ArchiveHit[], hit: ArchiveHit, limit: number): void {
  let i = top.length;
  while (i > 0 && (top[i - 1]!.score < hit.score || (top[i - 1]!.score === hit.score && top[i - 1]!.ticket.closedAt < hit.ticket.closedAt))) i--;
  top.splice(i, 0, hit);
  if (top.length > limit) top.pop();
}

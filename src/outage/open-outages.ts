// The open outages (tickets others are linked to, not yet resolved), as this
// instance last read them, with a text index over them: each outage read as its
// own words and those of the tickets linked to it (people describe one outage in
// many ways, and in both languages). The FAQ's questions are read with them as
// entries of their own: they teach the index which words every complaint shares
// ("non funziona", "da stamattina"), and a message the FAQ reads better is not
// taken for the outage. Every new asker's
// message is compared with them, and on FerretDB any query but by _id reads the
// whole ticket collection: so they are read at most once every
// OPEN_OUTAGES_FOR_MS per instance (at once again after this instance links,
// unlinks or resolves), and a message costs one score against at most
// MAX_OPEN_OUTAGES texts. Another instance's link shows here within that time.
import type { Turn } from '../turn.js';
import { TfIdfIndex } from '../faq/tfidf-index.js';
import type { Ticket } from '../tickets/ticket.js';

export const OPEN_OUTAGES_FOR_MS = 15_000;
/** More outages than this at once is a disaster no banner helps with: the first ones by code are offered. */
export const MAX_OPEN_OUTAGES = 20;
/** Linked tickets' wordings read with the outages, in all (a few per outage is plenty). */
const MAX_WORDINGS = 200;
const WORDINGS_PER_OUTAGE = 10;
/** FAQ questions read with them, in all. */
const MAX_FAQ_QUESTIONS = 2000;

export interface OpenOutages {
  parents: readonly Ticket[];
  /** Entry i < parents.length is parents[i]: its title and description, and its linked tickets'; the entries after are the FAQ's. */
  index: TfIdfIndex | null;
}

interface Kept {
  at: number;
  outages: Promise<OpenOutages>;
}

// Keyed by the store: each desk (and each test's) has its own, and it goes with it.
const kept = new WeakMap<object, Kept>();

export function outageText(tk: Pick<Ticket, 'title' | 'description'>): string {
  return tk.description.startsWith(tk.title) ? tk.description : `${tk.title}\n${tk.description}`;
}

async function read(turn: Turn): Promise<OpenOutages> {
  const parents = await turn.deps.store.openParents(MAX_OPEN_OUTAGES);
  if (parents.length === 0) return { parents, index: null };
  const entryOf = new Map(parents.map((p, entry) => [p.code, entry]));
  const docs = parents.map((p, entry) => ({ text: outageText(p), entry }));
  const perEntry = new Map<number, number>();
  for (const child of await turn.deps.store.linkedTo(parents.map((p) => p.code), MAX_WORDINGS)) {
    const entry = entryOf.get(child.linkedTo ?? '');
    const seen = entry === undefined ? WORDINGS_PER_OUTAGE : (perEntry.get(entry) ?? 0);
    if (entry === undefined || seen >= WORDINGS_PER_OUTAGE) continue;
    perEntry.set(entry, seen + 1);
    docs.push({ text: outageText(child), entry });
  }
  let entries = parents.length;
  for (const faq of await turn.deps.store.listFaqs()) {
    if (docs.length >= parents.length + MAX_FAQ_QUESTIONS) break;
    for (const text of faq.questions) docs.push({ text, entry: entries });
    entries += 1;
  }
  return { parents, index: new TfIdfIndex(docs, entries) };
}

export function openOutages(turn: Turn): Promise<OpenOutages> {
  const store = turn.deps.store;
  const known = kept.get(store);
  if (known && Math.abs(turn.now - known.at) < OPEN_OUTAGES_FOR_MS) return known.outages;
  const outages = read(turn);
  kept.set(store, { at: turn.now, outages });
  // A failed read is not kept: the next message tries again.
  outages.catch(() => kept.delete(store));
  return outages;
}

/** After a link, an unlink or a resolution here: the next look reads the store again. */
export function forgetOpenOutages(turn: Turn): void {
  kept.delete(turn.deps.store);
}

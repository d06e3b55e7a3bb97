// `npm run bench -- --only drafts`: how well the FAQ-draft job's grouping finds
// recurring problems in two weeks of solved tickets it did not write. Tickets are
// test utterances of public intent sets (/work/shared/bench/data, see its README):
// HWU64 in English and xSID in Italian, one department each. A sampled fortnight
// has a few recurring problems (5 to 12 tickets of one intent) among many one-off
// ones (1 or 2 of an intent): the shape of a real desk's queue. Settings are the
// server's defaults (FAQ_DRAFTS_MIN_TICKETS 5, FAQ_DRAFTS_SIMILARITY 0.2), never
// tuned on these sets. The texts are the askers' words only (no resolutions), so
// this is a lower bound: the job also compares what solved each ticket.
// Printed per fortnight and averaged: recurring problems found (recall), share of
// a draft's tickets that are of its problem (purity), drafts made of unrelated
// tickets (a majority under 60 % or a problem that was not recurring), and time.
import { readFileSync } from 'node:fs';
import { clusterTickets } from '../src/faq-drafts/cluster-tickets.js';
import { round } from './load.js';

const DATA = process.env.BENCH_DATA_DIR ?? '/work/shared/bench/data';
const FORTNIGHTS = 20;
const MIN_TICKETS = 5;
const SIMILARITY = 0.2;

interface Utterance {
  text: string;
  label: string;
}

function jsonl(path: string): Utterance[] {
  return readFileSync(`${DATA}/${path}`, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Utterance)
    .filter((r) => r.label !== 'oos');
}

/** Deterministic, so two runs sample the same fortnights. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

function byLabel(rows: Utterance[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.label, [...(out.get(r.label) ?? []), r.text]);
  return out;
}

interface Ticket {
  department: string;
  label: string;
  text: string;
}

/** A fortnight of one department: `recurring` intents with 5–12 tickets each, the rest one or two. */
function fortnight(rand: () => number, department: string, intents: Map<string, string[]>, recurring: number, oneOffs: number): Ticket[] {
  const labels = [...intents.keys()].sort(() => rand() - 0.5);
  const out: Ticket[] = [];
  const take = (label: string, n: number) => {
    const texts = [...intents.get(label)!].sort(() => rand() - 0.5).slice(0, n);
    for (const text of texts) out.push({ department, label, text });
  };
  labels.slice(0, recurring).forEach((label) => take(label, MIN_TICKETS + Math.floor(rand() * 8)));
  labels.slice(recurring, recurring + oneOffs).forEach((label) => take(label, 1 + Math.floor(rand() * 2)));
  return out;
}

export async function faqDraftClustersBench(log: (line: string) => void) {
  const english = byLabel(jsonl('hwu64/test.jsonl'));
  const italian = byLabel(jsonl('xsid_it/test.jsonl'));
  // The server puts the knowledge base's questions beside the tickets, for how rare a word is.
  const kb = JSON.parse(readFileSync(new URL('../kb/sample-kb.json', import.meta.url), 'utf8')) as { faqs: { questions: string[] }[] };
  const questions = kb.faqs.flatMap((e) => e.questions);
  const runs: { recurring: number; found: number; purity: number[]; unrelated: number; drafts: number; ms: number; tickets: number }[] = [];
  for (let i = 0; i < FORTNIGHTS; i++) {
    const rand = random(1_000 + i);
    const tickets = [...fortnight(rand, 'it', english, 6, 30), ...fortnight(rand, 'facilities', italian, 2, 6)];
    const started = performance.now();
    const clusters = await clusterTickets(
      tickets.map((t, k) => ({ key: String(k), department: t.department, text: t.text })),
      { minSize: MIN_TICKETS, similarity: SIMILARITY, background: questions },
    );
    const ms = performance.now() - started;
    const count = new Map<string, number>();
    for (const t of tickets) count.set(`${t.department}:${t.label}`, (count.get(`${t.department}:${t.label}`) ?? 0) + 1);
    const recurringKeys = new Set([...count].filter(([, n]) => n >= MIN_TICKETS).map(([k]) => k));
    const found = new Set<string>();
    const purity: number[] = [];
    let unrelated = 0;
    for (const c of clusters) {
      const labels = c.members.map((m) => `${tickets[m]!.department}:${tickets[m]!.label}`);
      const tally = new Map<string, number>();
      for (const l of labels) tally.set(l, (tally.get(l) ?? 0) + 1);
      const [major, n] = [...tally].sort((a, b) => b[1] - a[1])[0]!;
      const share = n / labels.length;
      purity.push(share);
      if (share < 0.6 || !recurringKeys.has(major)) unrelated++;
      else found.add(major);
    }
    runs.push({ recurring: recurringKeys.size, found: found.size, purity, unrelated, drafts: clusters.length, ms, tickets: tickets.length });
    log(`  fortnight ${i + 1}: ${tickets.length} tickets, ${found.size}/${recurringKeys.size} recurring problems found, ${clusters.length} drafts, ${unrelated} of unrelated tickets`);
  }
  const sum = (f: (r: (typeof runs)[number]) => number) => runs.reduce((a, r) => a + f(r), 0);
  const purities = runs.flatMap((r) => r.purity);
  return {
    sets: 'HWU64 test (en), xSID test (it)',
    fortnights: FORTNIGHTS,
    settings: { minTickets: MIN_TICKETS, similarity: SIMILARITY },
    ticketsPerFortnight: round(sum((r) => r.tickets) / runs.length),
    recurringProblems: sum((r) => r.recurring),
    recall: round(sum((r) => r.found) / sum((r) => r.recurring)),
    drafts: sum((r) => r.drafts),
    meanPurity: purities.length ? round(purities.reduce((a, b) => a + b, 0) / purities.length) : null,
    draftsOfUnrelatedTickets: sum((r) => r.unrelated),
    msPerFortnight: round(sum((r) => r.ms) / runs.length),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(await faqDraftClustersBench((line) => process.stderr.write(`${line}\n`)), null, 2)}\n`);
}

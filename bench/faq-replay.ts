// `npm run bench:faq:replay`: the knowledge loop on a KB nobody here wrote.
// BANKING77-OOS few-shot KBs (6 phrasings per intent, seeds 1–5) meet their test
// questions in one fixed order, each from a different person. A simulated
// person says "Yes" to a right answer, picks the right "did you mean" choice
// when it is shown, and says "No" to a wrong answer; what they confirm is learnt
// by the rules the desk uses (src/faq/learning-rules.ts: a wording becomes a
// phrasing once FAQ_LEARN_PEOPLE different people confirmed it, and a wording
// that got "No" holds its entry back from questions closer to it). Reported:
// in-scope accuracy and wrong answers on the last half of the stream, with
// learning on and off, for the desk's default (2 people) and for 1.
// Lexical matching, and hybrid too when EMBEDDINGS_URL names an embeddings
// server (vectors are kept in the bench cache, so a rerun only matches).
// The table goes to stderr, one JSON object to stdout.
import { mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { createSqliteStore } from '../adapters/storage/sqlite/create-sqlite-store.js';
import { semanticFrom } from '../app/compose.js';
import { loadConfig } from '../app/config.js';
import { createTfidfMatcher } from '../src/faq/create-tfidf-matcher.js';
import { parseJsonLines } from '../src/faq/eval-input.js';
import type { EvalQuery } from '../src/faq/evaluate.js';
import { buildFewShotKb, seededRandom, shuffled, spread, type LabelledLine } from '../src/faq/few-shot.js';
import { learnableKey, withLearnedPhrasings, withRefusedWordings } from '../src/faq/learning-rules.js';
import type { FaqEntry, FaqMatch } from '../src/index.js';

const dataDir = resolve(process.env.BENCH_DATA ?? join(new URL('..', import.meta.url).pathname, '../shared/bench/data'));
const read = (rel: string) => parseJsonLines(readFileSync(join(dataDir, rel), 'utf8'), rel) as LabelledLine[];
const config = loadConfig({});
const ANSWER = config.FAQ_ANSWER_THRESHOLD;
const SUGGEST = config.FAQ_SUGGEST_THRESHOLD;
/** Learnt phrasings reach the matcher in batches, as a busy desk's revisions would (the desk rebuilds on each). */
const REBUILD_EVERY = 50;
const SEEDS = [1, 2, 3, 4, 5];

interface HalfFigures {
  inScope: number;
  wrong: number;
  learnt: number;
  refused: number;
}

type Ranker = (text: string, limit: number) => readonly FaqMatch[];
type BuildRanker = (entries: readonly FaqEntry[]) => Promise<Ranker>;

async function replay(entries: readonly FaqEntry[], stream: readonly EvalQuery[], people: number | null, build: BuildRanker): Promise<HalfFigures> {
  let rank = await build(entries);
  let learnt: { entryId: string; text: string }[] = [];
  let refused: { entryId: string; text: string }[] = [];
  const refusedNow: { entryId: string; text: string }[] = [];
  const vouchers = new Map<string, Set<number>>();
  const pending: { entryId: string; text: string }[] = [];
  const half = Math.floor(stream.length / 2);
  let inScope = 0;
  let right = 0;
  let wrong = 0;
  const confirm = (entry: FaqEntry, text: string, person: number) => {
    if (people === null) return;
    const key = learnableKey(text, entry);
    if (!key) return;
    const id = `${entry.id}\u0000${key}`;
    const who = vouchers.get(id) ?? new Set<number>();
    if (who.has(person) || who.size >= people) return;
    who.add(person);
    vouchers.set(id, who);
    if (who.size === people) pending.push({ entryId: entry.id, text });
  };
  for (const [person, q] of stream.entries()) {
    if (person > 0 && person % REBUILD_EVERY === 0 && pending.length + refusedNow.length > 0) {
      learnt = [...learnt, ...pending.splice(0)];
      refused = [...refused, ...refusedNow.splice(0)];
      rank = await build(withRefusedWordings(withLearnedPhrasings(entries, learnt), refused));
    }
    const matches = rank(q.text, 3);
    const top = matches[0];
    const answered = !!top && top.confidence >= ANSWER && !top.held;
    const isRight = (m: { entry: FaqEntry }) => q.expected.includes(m.entry.id);
    const measured = person >= half;
    if (measured && q.expected.length > 0) inScope++;
    if (answered) {
      if (isRight(top!)) {
        if (measured) right++;
        confirm(top!.entry, q.text, person);
      } else {
        if (measured) wrong++;
        if (people !== null && learnableKey(q.text, top!.entry)) refusedNow.push({ entryId: top!.entry.id, text: q.text });
      }
      continue;
    }
    const shown = matches.filter((m) => m.confidence >= SUGGEST);
    const picked = shown.find(isRight);
    if (picked) confirm(picked.entry, q.text, person);
  }
  return { inScope: inScope ? right / inScope : 0, wrong: wrong / (stream.length - half), learnt: learnt.length, refused: refused.length };
}

const pool = read('banking77_oos/train.jsonl');
const test = read('banking77_oos/test.jsonl');
const lexical: BuildRanker = async (entries) => {
  const matcher = createTfidfMatcher(entries);
  return (text, limit) => matcher.matchNow(text, limit);
};

/** The hybrid ranker over the bench's embeddings cache, when an embeddings server is named. */
async function hybridBuilder(): Promise<BuildRanker | null> {
  const cfg = loadConfig(process.env);
  if (!cfg.EMBEDDINGS_URL) return null;
  const cacheDir = process.env.SPORTELLO_CACHE_DIR ?? join(homedir(), '.cache', 'sportello');
  mkdirSync(cacheDir, { recursive: true });
  const store = createSqliteStore({ file: join(cacheDir, 'bench-embeddings.db') });
  const semantic = semanticFrom({ ...cfg, EMBEDDINGS_BATCH_SIZE: Math.max(cfg.EMBEDDINGS_BATCH_SIZE, 64) }, store, pino({ level: 'silent' }), { now: () => Date.now() })!;
  const texts = [...new Set(test.map((l) => l.text))];
  const vectors = await semantic.tier.vectorsFor(texts, 'query');
  const byText = new Map(texts.map((t, i) => [t, vectors[i]!]));
  return async (entries) => {
    const hybrid = await semantic.tier.build(entries).ready();
    return (text, limit) => hybrid.matchVector(text, byText.get(text)!, limit);
  };
}

const ways = { off: null, people2: 2, people1: 1 } as const;
const label = (way: string) => (way === 'off' ? 'off' : way === 'people2' ? 'on, 2 people (default)' : 'on, 1 person');
const pct = (x: number) => `${(x * 100).toFixed(1).padStart(5)}%`;

async function measure(build: BuildRanker) {
  const runs: Record<string, HalfFigures[]> = { off: [], people2: [], people1: [] };
  for (const seed of SEEDS) {
    const kb = buildFewShotKb(pool, test, { k: 6, seed, lang: 'en' });
    const stream = shuffled(kb.queries, seededRandom(seed + 1000));
    for (const [way, people] of Object.entries(ways)) runs[way]!.push(await replay(kb.entries, stream, people, build));
  }
  return Object.fromEntries(
    Object.entries(runs).map(([way, rs]) => [way, { inScope: spread(rs.map((r) => r.inScope)), wrong: spread(rs.map((r) => r.wrong)), learnt: spread(rs.map((r) => r.learnt)), refused: spread(rs.map((r) => r.refused)) }]),
  );
}

function table(matching: string, summary: Awaited<ReturnType<typeof measure>>): void {
  console.error(`replay: banking77_oos few-shot (k=6, seeds ${SEEDS.join(',')}), ${test.length} test questions in a fixed order, ${matching}, thresholds ${ANSWER} / ${SUGGEST}; figures on the last half`);
  console.error('learning              in-scope (min–max)          wrong     phrasings learnt   wordings refused');
  for (const [way, s] of Object.entries(summary)) {
    console.error(`${label(way).padEnd(22)}${pct(s.inScope.mean)} (${pct(s.inScope.min)}–${pct(s.inScope.max)})   ${pct(s.wrong.mean)}   ${s.learnt.mean.toFixed(0).padStart(6)}   ${s.refused.mean.toFixed(0).padStart(16)}`);
  }
}

const lastHalf: Record<string, Awaited<ReturnType<typeof measure>>> = { lexical: await measure(lexical) };
table('lexical', lastHalf.lexical!);
const hybrid = await hybridBuilder();
if (hybrid) {
  lastHalf.hybrid = await measure(hybrid);
  table('hybrid', lastHalf.hybrid);
}
console.log(JSON.stringify({ set: 'banking77_oos', k: 6, seeds: SEEDS, answerThreshold: ANSWER, suggestThreshold: SUGGEST, lastHalf }));

// `npm run bench:faq:replay`: the knowledge loop on a KB nobody here wrote.
// BANKING77-OOS few-shot KBs (6 phrasings per intent, seeds 1–5) meet their test
// questions in one fixed order, each from a different person. A simulated
// person says "Yes" to a right answer, picks the right "did you mean" choice
// when it is shown, and says "No" to a wrong answer; what they confirm is learnt
// by the rules the desk uses (src/faq/learning-rules.ts: a wording becomes a
// phrasing once FAQ_LEARN_PEOPLE different people confirmed it). Reported:
// in-scope accuracy and wrong answers on the last half of the stream, with
// learning on and off, for the desk's default (2 people) and for 1.
// Lexical matching (the semantic tier would be rebuilt too often to time here).
// The table goes to stderr, one JSON object to stdout.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../app/config.js';
import { createTfidfMatcher } from '../src/faq/create-tfidf-matcher.js';
import { parseJsonLines } from '../src/faq/eval-input.js';
import type { EvalQuery } from '../src/faq/evaluate.js';
import { buildFewShotKb, seededRandom, shuffled, spread, type LabelledLine } from '../src/faq/few-shot.js';
import { learnableKey, withLearnedPhrasings } from '../src/faq/learning-rules.js';
import type { FaqEntry } from '../src/index.js';

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
}

function replay(entries: readonly FaqEntry[], stream: readonly EvalQuery[], people: number | null): HalfFigures {
  let matcher = createTfidfMatcher(entries);
  let learnt: { entryId: string; text: string }[] = [];
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
  stream.forEach((q, person) => {
    if (person > 0 && person % REBUILD_EVERY === 0 && pending.length > 0) {
      learnt = [...learnt, ...pending.splice(0)];
      matcher = createTfidfMatcher(withLearnedPhrasings(entries, learnt));
    }
    const matches = matcher.matchNow(q.text, 3);
    const top = matches[0];
    const answered = !!top && top.confidence >= ANSWER;
    const isRight = (m: { entry: FaqEntry }) => q.expected.includes(m.entry.id);
    const measured = person >= half;
    if (measured && q.expected.length > 0) inScope++;
    if (answered) {
      if (isRight(top!)) {
        if (measured) right++;
        confirm(top!.entry, q.text, person);
      } else if (measured) wrong++;
      return;
    }
    const shown = matches.filter((m) => m.confidence >= SUGGEST);
    const picked = shown.find(isRight);
    if (picked) confirm(picked.entry, q.text, person);
  });
  return { inScope: inScope ? right / inScope : 0, wrong: wrong / (stream.length - half), learnt: learnt.length };
}

const pool = read('banking77_oos/train.jsonl');
const test = read('banking77_oos/test.jsonl');
const runs: Record<string, HalfFigures[]> = { off: [], people2: [], people1: [] };
for (const seed of SEEDS) {
  const kb = buildFewShotKb(pool, test, { k: 6, seed, lang: 'en' });
  const stream = shuffled(kb.queries, seededRandom(seed + 1000));
  runs.off!.push(replay(kb.entries, stream, null));
  runs.people2!.push(replay(kb.entries, stream, 2));
  runs.people1!.push(replay(kb.entries, stream, 1));
}
const pct = (x: number) => `${(x * 100).toFixed(1).padStart(5)}%`;
const summary = Object.fromEntries(
  Object.entries(runs).map(([way, rs]) => [way, { inScope: spread(rs.map((r) => r.inScope)), wrong: spread(rs.map((r) => r.wrong)), learnt: spread(rs.map((r) => r.learnt)) }]),
);
console.error(`replay: banking77_oos few-shot (k=6, seeds ${SEEDS.join(',')}), ${test.length} test questions in a fixed order, lexical, thresholds ${ANSWER} / ${SUGGEST}; figures on the last half`);
console.error('learning              in-scope (min–max)          wrong     phrasings learnt');
for (const [way, s] of Object.entries(summary)) {
  const label = way === 'off' ? 'off' : way === 'people2' ? 'on, 2 people (default)' : 'on, 1 person';
  console.error(`${label.padEnd(22)}${pct(s.inScope.mean)} (${pct(s.inScope.min)}–${pct(s.inScope.max)})   ${pct(s.wrong.mean)}   ${s.learnt.mean.toFixed(0).padStart(6)}`);
}
console.log(JSON.stringify({ set: 'banking77_oos', k: 6, seeds: SEEDS, answerThreshold: ANSWER, suggestThreshold: SUGGEST, lastHalf: summary }));

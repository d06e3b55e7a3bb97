// `npm run bench:faq`: the FAQ matcher on every public benchmark in
// ../shared/bench/data. Train on train, choose the answer threshold on val,
// report test once. A table goes to stderr, one JSON object to stdout.
// The data stay outside the repo (QA4FAQ is non-commercial: measurement only).
// With EMBEDDINGS_URL/EMBEDDINGS_MODEL set (scripts/embeddings.sh start prints
// them) every dataset is measured twice: lexical only, and hybrid. Embeddings
// are kept in a SQLite file under the cache directory, so a rerun only matches.
// `--fewshot`: instead, KBs of 6 phrasings per intent sampled from train with 5
// seeds, at the default thresholds (see app/cli/faq-few-shot.ts).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { createSqliteStore } from '../adapters/storage/sqlite/create-sqlite-store.js';
import { evaluateEntries, type HybridEvalReport, type SemanticEval } from '../app/cli/faq-eval.js';
import { semanticFrom } from '../app/compose.js';
import { FEW_SHOT_HEADER, FEW_SHOT_K, FEW_SHOT_SEEDS, averageOfSets, formatFewShotRow, runFewShot, type FewShotSet, type FewShotSummary } from '../app/cli/faq-few-shot.js';
import { entriesFromTrain, labelledLines, parseJsonLines, queriesFrom } from '../src/faq/eval-input.js';
import type { EvalQuery } from '../src/faq/evaluate.js';
import { loadConfig } from '../app/config.js';
import { parseKnowledgeBase, type FaqEntry } from '../src/index.js';
import { benchScenarioDepartments, benchTriageLearning, type TriageLearningRow } from './triage-learning.js';

const dataDir = resolve(process.env.BENCH_DATA ?? join(new URL('..', import.meta.url).pathname, '../shared/bench/data'));
const read = (rel: string) => parseJsonLines(readFileSync(join(dataDir, rel), 'utf8'), rel);
const now = () => performance.now();

interface Dataset {
  name: string;
  entries: () => FaqEntry[];
  val: () => EvalQuery[] | null;
  test: () => EvalQuery[];
  /** Without val: the threshold to use (0 answers everything). */
  threshold?: number;
}

function standard(name: string): Dataset {
  return {
    name,
    entries: () => entriesFromTrain(read(`${name}/train.jsonl`), 'train'),
    val: () => (existsSync(join(dataDir, name, 'val.jsonl')) ? queriesFrom(read(`${name}/val.jsonl`), 'val') : null),
    test: () => queriesFrom(read(`${name}/test.jsonl`), 'test'),
  };
}

/** BANKING77 has no validation split: every 10th line of each intent (fixed) becomes val. */
function banking77(): Dataset {
  const lines = read('banking77/train.jsonl') as { text: string; label: string }[];
  const seen = new Map<string, number>();
  const train: unknown[] = [];
  const val: unknown[] = [];
  for (const line of lines) {
    const n = (seen.get(line.label) ?? 0) + 1;
    seen.set(line.label, n);
    (n % 10 === 0 ? val : train).push(line);
  }
  return {
    name: 'banking77',
    entries: () => entriesFromTrain(train, 'train'),
    val: () => queriesFrom(val, 'val'),
    test: () => queriesFrom(read('banking77/test.jsonl'), 'test'),
  };
}

/** xSID-it has no training split: val is the knowledge base, test the queries, no threshold to choose. */
function xsid(): Dataset {
  return {
    name: 'xsid_it',
    entries: () => entriesFromTrain(read('xsid_it/val.jsonl'), 'val'),
    val: () => null,
    test: () => queriesFrom(read('xsid_it/test.jsonl'), 'test'),
  };
}

/** QA4FAQ: the FAQ entries (question and answer) are the only knowledge. */
function qa4faq(): Dataset {
  const faqs = read('qa4faq_it/faqs.jsonl') as { id: number; question: string; answer: string; tags: string[] }[];
  const queries = read('qa4faq_it/queries.jsonl') as { text: string; relevant: number[]; split: string }[];
  const toQuery = (q: (typeof queries)[number]): EvalQuery => ({ text: q.text, expected: q.relevant.map(String), lang: 'it' });
  return {
    name: 'qa4faq_it',
    entries: () => faqs.map((f) => ({ id: String(f.id), department: 'general', questions: [f.question, f.answer], answer: { it: f.answer }, tags: f.tags })),
    val: () => queries.filter((q) => q.split === 'val').map(toQuery),
    test: () => queries.filter((q) => q.split === 'test').map(toQuery),
  };
}

/** Ours: the shipped sample KB and the company test set, with the default thresholds. */
function company(): Dataset {
  const root = new URL('..', import.meta.url).pathname;
  return {
    name: 'company (ours, default thresholds)',
    entries: () => parseKnowledgeBase(JSON.parse(readFileSync(join(root, 'kb/sample-kb.json'), 'utf8'))),
    val: () => null,
    test: () => queriesFrom(parseJsonLines(readFileSync(join(root, 'test/fixtures/faq/company-queries.jsonl'), 'utf8'), 'company'), 'company'),
    threshold: loadConfig({}).FAQ_ANSWER_THRESHOLD,
  };
}

/** Ours too: the sample KB and a short list labelled with department and priority (the company set has no priorities). */
function triageList(): Dataset {
  const root = new URL('..', import.meta.url).pathname;
  return {
    ...company(),
    name: 'triage (ours, dept+priority only)',
    test: () => queriesFrom(parseJsonLines(readFileSync(join(root, 'test/fixtures/triage/triage-queries.jsonl'), 'utf8'), 'triage'), 'triage'),
  };
}

const DATASETS: (() => Dataset)[] = [
  company,
  triageList,
  () => standard('clinc150'),
  () => standard('clinc150_single_domain/banking'),
  () => standard('clinc150_single_domain/credit_cards'),
  banking77,
  () => standard('banking77_oos'),
  () => standard('hwu64'),
  xsid,
  qa4faq,
];

async function evaluate(d: Dataset, semantic?: SemanticEval): Promise<HybridEvalReport & { phrasings: number; rssMb: number }> {
  const entries = d.entries();
  // With no val file and no out-of-scope queries there is nothing to reject: answer everything.
  const r = await evaluateEntries(entries, d.test(), d.val(), d.threshold ?? 0, now, semantic);
  return { ...r, phrasings: entries.reduce((n, e) => n + e.questions.length, 0), rssMb: Math.round(process.memoryUsage().rss / 1048576) };
}

/** The semantic tier over a cache store, when the environment names an embeddings server. */
function semanticFromEnv(): SemanticEval | null {
  const config = loadConfig(process.env);
  if (!config.EMBEDDINGS_URL) return null;
  const cacheDir = process.env.SPORTELLO_CACHE_DIR ?? join(homedir(), '.cache', 'sportello');
  mkdirSync(cacheDir, { recursive: true });
  const store = createSqliteStore({ file: join(cacheDir, 'bench-embeddings.db') });
  return semanticFrom({ ...config, EMBEDDINGS_BATCH_SIZE: Math.max(config.EMBEDDINGS_BATCH_SIZE, 64) }, store, pino({ level: 'silent' }), { now: () => Date.now() });
}

if (!existsSync(dataDir)) {
  console.error(`bench:faq: no benchmark data at ${dataDir} (set BENCH_DATA)`);
  process.exit(1);
}

// `npm run bench:faq -- --only clinc150` runs the datasets whose name contains that word.
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1]! : '';
const semantic = semanticFromEnv();

/** The few-shot sets: each a pool to sample KBs from and the test lines to ask. */
function fewShotSets(): FewShotSet[] {
  const lines = (rel: string) => labelledLines(read(rel), rel);
  const same = (dir: string, lang: 'en' | 'it' = 'en', pool = 'train', holdOut?: number): FewShotSet => ({
    name: dir,
    pool: lines(`${dir}/${pool}.jsonl`),
    test: lines(`${dir}/test.jsonl`),
    lang,
    ...(holdOut ? { holdOut } : {}),
  });
  const sets = [
    same('banking77_oos'),
    same('clinc150_single_domain/banking'),
    same('clinc150_single_domain/credit_cards'),
    { ...same('hwu64', 'en', 'train', 1 / 3), name: 'hwu64 (1/3 held out)' },
    // xSID-it has no train: val is the pool, as its README says.
    { ...same('xsid_it', 'it', 'val', 1 / 3), name: 'xsid_it (1/3 held out)' },
  ];
  // CLINC150 per domain: its 15 intents, its test lines, and the global out-of-scope test lines.
  const domains = JSON.parse(readFileSync(join(dataDir, 'clinc150/domains.json'), 'utf8')) as Record<string, string[]>;
  const train = lines('clinc150/train.jsonl');
  const test = lines('clinc150/test.jsonl');
  for (const [domain, intents] of Object.entries(domains)) {
    const mine = new Set(intents);
    sets.push({
      name: `clinc150 domain ${domain}`,
      pool: train.filter((l) => mine.has(l.label)),
      test: test.filter((l) => mine.has(l.label) || l.label === 'oos'),
      lang: 'en',
    });
  }
  return sets;
}

if (process.argv.includes('--fewshot')) {
  const config = loadConfig(process.env);
  const settings = { k: FEW_SHOT_K, seeds: FEW_SHOT_SEEDS, answerThreshold: config.FAQ_ANSWER_THRESHOLD, suggestThreshold: config.FAQ_SUGGEST_THRESHOLD, now };
  const out: Record<string, { lexical: FewShotSummary; hybrid?: FewShotSummary }> = {};
  console.error(`few-shot: k = ${settings.k}, seeds ${settings.seeds.join(',')}, thresholds ${settings.answerThreshold} / ${settings.suggestThreshold}; each figure: mean % (min–max over seeds); p99: worst seed`);
  console.error(FEW_SHOT_HEADER);
  const started = now();
  for (const set of fewShotSets()) {
    if (!set.name.includes(only)) continue;
    const lexical = await runFewShot(set, settings);
    console.error(formatFewShotRow(lexical));
    out[set.name] = { lexical };
    if (semantic) {
      const hybrid = await runFewShot(set, { ...settings, semantic });
      console.error(formatFewShotRow(hybrid));
      out[set.name]!.hybrid = hybrid;
    }
  }
  const domains = Object.keys(out).filter((name) => name.startsWith('clinc150 domain '));
  if (domains.length > 1) {
    const name = `clinc150 domains (mean of ${domains.length})`;
    const lexical = averageOfSets(name, domains.map((d) => out[d]!.lexical));
    console.error(formatFewShotRow(lexical));
    out[name] = { lexical };
    if (semantic) {
      const hybrid = averageOfSets(name, domains.map((d) => out[d]!.hybrid!));
      console.error(formatFewShotRow(hybrid));
      out[name]!.hybrid = hybrid;
    }
  }
  console.error(`few-shot: ${((now() - started) / 1000).toFixed(0)} s`);
  process.stdout.write(`${JSON.stringify(out)}\n`);
  process.exit(0);
}

type Result = Awaited<ReturnType<typeof evaluate>>;
const results: Record<string, { lexical: Result; hybrid?: Result }> = {};
const pct = (x: number | null) => (x === null ? '   —  ' : `${(x * 100).toFixed(1).padStart(5)}%`);
console.error('dataset                              way      phrasings  in-scope  top-1   top-3   OOS-rec    H     wrong  p99ms  build   dept    prio   server-p99  e2e-p99');
const row = (name: string, way: string, r: Result) =>
  console.error(
    `${name.padEnd(36)} ${way.padEnd(8)} ${String(r.phrasings).padStart(9)} ${pct(r.inScopeAccuracy)} ${pct(r.top1Accuracy)} ${pct(r.top3Accuracy)} ${pct(r.oosRecall)} ${pct(r.H)} ${pct(r.wrongAnswerRate)} ${r.latencyMs.p99.toFixed(2).padStart(6)} ${String(r.buildMs).padStart(6)} ${pct(r.departmentAccuracy ?? null)} ${pct(r.priorityAccuracy ?? null)}` +
      (r.embeddingMs ? ` ${r.embeddingMs.p99.toFixed(1).padStart(10)} ${r.endToEndMs!.p99.toFixed(1).padStart(8)}` : ''),
  );
for (const make of DATASETS) {
  const d = make();
  if (!d.name.includes(only)) continue;
  const lexical = await evaluate(d);
  row(d.name, 'lexical', lexical);
  results[d.name] = { lexical };
  if (semantic) {
    const hybrid = await evaluate(d, semantic);
    row(d.name, 'hybrid', hybrid);
    results[d.name]!.hybrid = hybrid;
  }
}
// Agents' corrections teaching triage: before and after, on the evaluation half of our labelled sets.
const learning = 'triage learning (ours)';
if (learning.includes(only)) {
  const rows: TriageLearningRow[] = await benchTriageLearning(new URL('..', import.meta.url).pathname);
  const hwu = await benchScenarioDepartments(dataDir, 'hwu64');
  if (hwu) rows.push(hwu);
  console.error(`\n${learning}: corrections half teaches, evaluation half measured (lexical FAQ triage underneath)`);
  console.error('set                  corrections  evaluated   dept before → after    prio before → after');
  for (const r of rows) {
    console.error(`${r.set.padEnd(20)} ${String(r.corrections).padStart(11)} ${String(r.evaluated).padStart(10)}   ${pct(r.department.before)} → ${pct(r.department.after)}    ${pct(r.priority.before)} → ${pct(r.priority.after)}`);
  }
  (results as Record<string, unknown>)[learning] = rows;
}
process.stdout.write(`${JSON.stringify(results)}\n`);
process.exit(0);

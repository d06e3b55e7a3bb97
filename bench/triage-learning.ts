// Department and priority learnt from agents, measured on our two labelled
// sets (company: department; triage: department and priority). Each set is
// split in two by a hash of the wording, fixed: the "corrections" half plays
// tickets agents worked (where today's guess was wrong, the agent moved or
// re-prioritised it), the "evaluation" half new requests. Reported on the
// evaluation half only, before learning and after; nothing is chosen on it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFaqTriage, createTfidfMatcher, parseKnowledgeBase, type FaqEntry } from '../src/index.js';
import { createLearntTriage, type LearntTriageOptions, type TriageExample } from '../src/faq/learnt-triage.js';
import { parseJsonLines, queriesFrom } from '../src/faq/eval-input.js';
import type { EvalQuery } from '../src/faq/evaluate.js';
import type { TriageGuesser } from '../src/tickets/triage.js';

export interface TriageLearningRow {
  set: string;
  corrections: number;
  evaluated: number;
  department: { before: number | null; after: number | null };
  priority: { before: number | null; after: number | null };
}

/** FNV-1a: the split depends on the wording alone, not on the file's order. */
function inCorrectionsHalf(text: string): boolean {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return ((h >>> 0) & 1) === 0;
}

const DEPARTMENTS = ['it', 'hr', 'finance', 'facilities'];

async function accuracy(triage: TriageGuesser, queries: readonly EvalQuery[], field: 'department' | 'priority'): Promise<number | null> {
  const labelled = queries.filter((q) => q[field]);
  if (labelled.length === 0) return null;
  let right = 0;
  for (const q of labelled) if ((await triage.guess(q.text))[field] === q[field]) right++;
  return Math.round((right / labelled.length) * 1000) / 1000;
}

/**
 * A public set whose intents group into scenarios (HWU64: `alarm_query` is
 * alarm's): the scenarios are the departments, the knowledge base holds six
 * training phrasings of two intents in three (every third intent, by name, is
 * one the KB does not cover, as a real desk's is), corrections are further
 * training lines (up to ten per intent) where today's guess was wrong, and the
 * test split is measured.
 */
export async function benchScenarioDepartments(dataDir: string, name: string, options: LearntTriageOptions = {}, split = 'test'): Promise<TriageLearningRow | null> {
  const file = (split: string) => join(dataDir, name, `${split}.jsonl`);
  if (!existsSync(file('train')) || !existsSync(file('test'))) return null;
  const lines = (split: string) => parseJsonLines(readFileSync(file(split), 'utf8'), `${name}/${split}`) as { text: string; label: string }[];
  const scenario = (label: string) => label.split('_')[0]!;
  const train = lines('train');
  const intents = [...new Set(train.map((l) => l.label))].sort();
  const covered = new Set(intents.filter((_, i) => i % 3 !== 2));
  const departments = [...new Set(intents.map(scenario))].sort();
  const byIntent = new Map<string, string[]>();
  for (const l of train) byIntent.set(l.label, [...(byIntent.get(l.label) ?? []), l.text]);
  const kb: FaqEntry[] = [...covered].map((intent) => ({ id: intent, department: scenario(intent), questions: byIntent.get(intent)!.slice(0, 6), answer: { en: intent } }));
  const base = createFaqTriage(createTfidfMatcher(kb), departments);
  const examples: TriageExample[] = [];
  for (const [intent, texts] of byIntent) {
    for (const text of texts.slice(6, 16)) {
      if ((await base.guess(text)).department !== scenario(intent)) examples.push({ text, department: scenario(intent), priority: null });
    }
  }
  const learnt = createLearntTriage(base, departments, options);
  learnt.learnFrom(examples);
  const test = lines(split).map((l): EvalQuery => ({ text: l.text, expected: [l.label], department: scenario(l.label) }));
  return {
    set: `${name} scenarios`,
    corrections: examples.length,
    evaluated: test.length,
    department: { before: await accuracy(base, test, 'department'), after: await accuracy(learnt, test, 'department') },
    priority: { before: null, after: null },
  };
}

export async function benchTriageLearning(root: string): Promise<TriageLearningRow[]> {
  const kb = parseKnowledgeBase(JSON.parse(readFileSync(join(root, 'kb/sample-kb.json'), 'utf8')));
  const base = createFaqTriage(createTfidfMatcher(kb), DEPARTMENTS);
  const read = (rel: string, name: string) => queriesFrom(parseJsonLines(readFileSync(join(root, rel), 'utf8'), name), name);
  const sets = [
    { set: 'company (ours)', queries: read('test/fixtures/faq/company-queries.jsonl', 'company') },
    { set: 'triage (ours)', queries: read('test/fixtures/triage/triage-queries.jsonl', 'triage') },
  ];
  // One desk: both sets' corrections teach it, as a company's agents would.
  const examples: TriageExample[] = [];
  const counted = new Map<string, number>();
  for (const { set, queries } of sets) {
    let n = 0;
    for (const q of queries.filter((x) => inCorrectionsHalf(x.text))) {
      const guess = await base.guess(q.text);
      const department = q.department && q.department !== guess.department ? q.department : null;
      const priority = q.priority && q.priority !== guess.priority ? q.priority : null;
      if (!department && !priority) continue;
      examples.push({ text: q.text, department, priority });
      n++;
    }
    counted.set(set, n);
  }
  const learnt = createLearntTriage(base, DEPARTMENTS);
  learnt.learnFrom(examples);
  const rows: TriageLearningRow[] = [];
  for (const { set, queries } of sets) {
    const evaluation = queries.filter((q) => !inCorrectionsHalf(q.text));
    rows.push({
      set,
      corrections: counted.get(set) ?? 0,
      evaluated: evaluation.length,
      department: { before: await accuracy(base, evaluation, 'department'), after: await accuracy(learnt, evaluation, 'department') },
      priority: { before: await accuracy(base, evaluation, 'priority'), after: await accuracy(learnt, evaluation, 'priority') },
    });
  }
  return rows;
}

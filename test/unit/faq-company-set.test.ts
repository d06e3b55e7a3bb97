// Our own bilingual company test set: the shipped sample KB (48 entries, three
// Italian and three English phrasings each) against 209 queries we wrote the way
// employees write (paraphrases, typos, chat shorthand, questions the KB does not
// cover), with the default thresholds nobody tuned for this KB.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../app/config.js';
import { createTfidfMatcher } from '../../src/faq/create-tfidf-matcher.js';
import { parseJsonLines, queriesFrom } from '../../src/faq/eval-input.js';
import { report, runQueries, type EvalReport } from '../../src/faq/evaluate.js';
import { createFaqTriage } from '../../src/faq/faq-triage.js';
import { sampleKb } from '../support/desk.js';

const file = new URL('../fixtures/faq/company-queries.jsonl', import.meta.url);
const queries = queriesFrom(parseJsonLines(readFileSync(file, 'utf8'), 'company-queries.jsonl'), 'company-queries.jsonl');

describe('FAQ on the company test set', () => {
  const matcher = createTfidfMatcher(sampleKb);
  const threshold = loadConfig({}).FAQ_ANSWER_THRESHOLD;
  let r: EvalReport;
  beforeAll(async () => {
    r = await report(runQueries(matcher, queries, () => performance.now()), threshold, 0, createFaqTriage(matcher, ['it', 'hr', 'finance', 'facilities']));
  });

  it('is a real test set: 48 bilingual entries, 200+ queries, a quarter out of scope', () => {
    expect(sampleKb).toHaveLength(48);
    expect(sampleKb.every((e) => e.questions.length === 6 && e.answer.it && e.answer.en)).toBe(true);
    expect(r.queries).toBeGreaterThanOrEqual(200);
    expect(r.outOfScope).toBeGreaterThanOrEqual(40);
    expect(r.byLang.it!.queries).toBeGreaterThan(80);
    expect(r.byLang.en!.queries).toBeGreaterThan(80);
  });

  it('answers most questions, rejects most out-of-scope ones, and is rarely wrong', () => {
    expect(r.inScopeAccuracy).toBeGreaterThanOrEqual(0.85);
    expect(r.oosRecall).toBeGreaterThanOrEqual(0.8);
    expect(r.wrongAnswerRate).toBeLessThanOrEqual(0.05);
    expect(r.top3Accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('holds in both languages and routes to the right department', () => {
    for (const lang of ['it', 'en'] as const) {
      expect(r.byLang[lang]!.inScopeAccuracy, lang).toBeGreaterThanOrEqual(0.8);
      expect(r.byLang[lang]!.wrongAnswerRate, lang).toBeLessThanOrEqual(0.05);
    }
    expect(r.departmentAccuracy).toBeGreaterThanOrEqual(0.9);
  });
});

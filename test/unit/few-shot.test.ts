import { describe, expect, it } from 'vitest';
import { metrics, runQueries, type Ranker } from '../../src/faq/evaluate.js';
import { buildFewShotKb, seededRandom, spread, type LabelledLine } from '../../src/faq/few-shot.js';
import { readFaqEntry } from '../../src/faq/knowledge-base.js';
import type { FaqEntry } from '../../src/ports/faq-matcher.js';

const intents = Array.from({ length: 12 }, (_, i) => `intent_${String(i).padStart(2, '0')}`);
const pool: LabelledLine[] = intents.flatMap((label) => Array.from({ length: 20 }, (_, j) => ({ text: `${label} asked the way number ${j}`, label })));
const test: LabelledLine[] = [...intents.map((label) => ({ text: `again ${label}`, label })), { text: 'the weather on mars', label: 'oos' }];
const questions = (entries: readonly FaqEntry[]) => Object.fromEntries(entries.map((e) => [e.id, e.questions]));

describe('few-shot knowledge bases', () => {
  it('gives the same KB for the same seed, whatever the order of the pool, and another KB for another seed', () => {
    const once = buildFewShotKb(pool, test, { k: 6, seed: 1, lang: 'en' });
    const again = buildFewShotKb([...pool].reverse(), test, { k: 6, seed: 1, lang: 'en' });
    expect(again.entries).toEqual(once.entries);
    const kbs = [1, 2, 3, 4, 5].map((seed) => JSON.stringify(questions(buildFewShotKb(pool, test, { k: 6, seed, lang: 'en' }).entries)));
    expect(new Set(kbs).size).toBe(5);
  });

  it('draws the same numbers from a seed on every machine', () => {
    const random = seededRandom(1);
    // The reference mulberry32(1) sequence: a KB sampled here is the KB sampled anywhere.
    expect([random(), random(), random()].map((x) => x.toFixed(8))).toEqual(['0.62707394', '0.00273572', '0.52744704']);
  });

  it('keeps held-out intents out of the KB and counts their questions as unanswerable', () => {
    const chosen = new Set<string>();
    for (const seed of [1, 2, 3, 4, 5]) {
      const kb = buildFewShotKb(pool, test, { k: 6, seed, holdOut: 1 / 3, lang: 'en' });
      expect(kb.heldOut).toHaveLength(4);
      chosen.add(kb.heldOut.join());
      expect(kb.entries.map((e) => e.id).sort()).toEqual(intents.filter((i) => !kb.heldOut.includes(i)));
      for (const e of kb.entries) expect(e.questions.every((q) => !kb.heldOut.some((h) => q.startsWith(`${h} `)))).toBe(true);
      for (const q of kb.queries) {
        const label = test.find((t) => t.text === q.text)!.label;
        expect(q.expected).toEqual(kb.heldOut.includes(label) || label === 'oos' ? [] : [label]);
      }
    }
    // The held-out third changes with the seed.
    expect(chosen.size).toBeGreaterThan(1);
  });

  it('takes k distinct phrasings of the entry itself, or all there are when fewer', () => {
    const short: LabelledLine[] = [...pool, { text: 'rare one', label: 'rare' }, { text: 'Rare  one ', label: 'rare' }, { text: 'rare two', label: 'rare' }];
    const kb = buildFewShotKb(short, test, { k: 6, seed: 3, lang: 'it', department: 'it' });
    for (const e of kb.entries) {
      const own = short.filter((l) => l.label === e.id).map((l) => l.text);
      expect(new Set(e.questions).size).toBe(e.questions.length);
      expect(e.questions.every((q) => own.includes(q))).toBe(true);
      expect(e.questions).toHaveLength(e.id === 'rare' ? 2 : 6);
      // A KB the import would accept, in the set's language.
      expect(readFaqEntry(e, 0)).toEqual(e);
      expect(e.answer.it).toBe(e.id);
    }
    expect(buildFewShotKb(pool, test, { k: 2, seed: 3, lang: 'en' }).entries.every((e) => e.questions.length === 2)).toBe(true);
    expect(kb.queries.every((q) => q.lang === 'it')).toBe(true);
    expect(() => buildFewShotKb(pool, test, { k: 0, seed: 1, lang: 'en' })).toThrow(/k must be/);
  });

  it('summarises a figure over seeds as mean, spread and range', () => {
    expect(spread([0.2, 0.4, 0.6])).toEqual({ mean: 0.4, sd: 0.1633, min: 0.2, max: 0.6 });
  });
});

describe('one-click resolution', () => {
  const entry = (id: string): FaqEntry => ({ id, department: 'general', questions: [id], answer: { en: id } });
  // What the matcher would say for each question: candidates with their confidences.
  const said: Record<string, [string, number][]> = {
    'answered right': [['a', 0.9], ['b', 0.3]],
    'answered wrong, right second': [['b', 0.8], ['a', 0.4]],
    'offered among the choices': [['b', 0.4], ['c', 0.3], ['a', 0.26]],
    'right but below suggest': [['b', 0.4], ['a', 0.2]],
    'nothing offered': [['b', 0.1]],
  };
  const ranker: Ranker = { matchNow: (text) => said[text]!.map(([id, confidence]) => ({ entry: entry(id), confidence })) };

  it('counts the right answer given, or offered as "did you mean" at or above the suggest threshold', () => {
    const outcomes = runQueries(ranker, Object.keys(said).map((text) => ({ text, expected: ['a'] })), () => 0);
    const m = metrics(outcomes, 0.5, 0.25);
    expect(m.oneClickResolution).toBe(0.4);
    expect(m.inScopeAccuracy).toBe(0.2);
    expect(metrics(outcomes, 0.5).oneClickResolution).toBeUndefined();
  });
});

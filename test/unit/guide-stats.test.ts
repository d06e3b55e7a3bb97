import { describe, expect, it } from 'vitest';
import { guideStatsFigures, guideStatsText, type FaqEntry, type GuideStep, type GuideStepCount } from '../../src/index.js';

const step = (id: string, en: string, it = `${en} (it)`): GuideStep => ({ id, title: { en, it }, text: { en: `${en}.`, it: `${it}.` } });
const printer: FaqEntry = {
  id: 'printer',
  department: 'it',
  questions: ['The printer does not print', 'printer broken'],
  answer: { en: 'Restart it.', it: 'Riavviala.' },
  steps: [step('restart', 'Restart'), step('cable', 'Check the cable'), step('driver', 'Reinstall the driver')],
};
const vpn: FaqEntry = { id: 'vpn', department: 'it', questions: ['VPN will not connect'], answer: { en: 'Try again.', it: 'Riprova.' }, steps: [step('wifi', 'Check the Wi-Fi'), step('client', 'Update the client')] };
const plain: FaqEntry = { id: 'hours', department: 'hr', questions: ['Office hours'], answer: { en: '9 to 5', it: 'Dalle 9 alle 17' } };

const count = (entryId: string, stepId: string, c: Partial<Omit<GuideStepCount, 'entryId' | 'stepId'>>): GuideStepCount => ({
  entryId, stepId, reached: 0, solved: 0, moved: 0, stuck: 0, ended: 0, ...c,
});

// 10 runs: 3 leave at step 1, 4 solve at step 2, 3 get stuck at step 3.
const scripted = [
  count('printer', 'restart', { reached: 10, moved: 7 }),
  count('printer', 'cable', { reached: 7, solved: 4, moved: 3 }),
  count('printer', 'driver', { reached: 3, stuck: 3 }),
];

describe('guideStatsFigures', () => {
  it('tells per step how many reached it, solved, gave up, ended or left there, and the guide\'s totals', () => {
    const { guides } = guideStatsFigures(scripted, [printer, plain, vpn]);
    expect(guides.map((g) => g.entryId)).toEqual(['printer', 'vpn']);
    const [p, v] = guides;
    expect(p).toMatchObject({ name: { en: 'The printer does not print' }, started: 10, solved: 4, tickets: 3, left: 3, deflection: 0.4 });
    expect(p!.steps.map((s) => [s.n, s.stepId, s.reached, s.solved, s.stuck, s.ended, s.left, s.failed])).toEqual([
      [1, 'restart', 10, 0, 0, 0, 3, 3],
      [2, 'cable', 7, 4, 0, 0, 0, 0],
      [3, 'driver', 3, 0, 3, 0, 0, 3],
    ]);
    expect(p!.steps.map((s) => s.failShare)).toEqual([0.3, 0, 1]);
    expect(p!.steps[1]!.title).toEqual({ en: 'Check the cable', it: 'Check the cable (it)' });
    // Named by a phrasing in each language, as the chat names the guide.
    const bilingual = { ...printer, questions: ['The printer does not print', 'La stampante non stampa'] };
    expect(guideStatsFigures([], [bilingual]).guides[0]!.name).toEqual({ en: 'The printer does not print', it: 'La stampante non stampa' });
    // A guide nobody ran yet: zeros, no rate, no worst step.
    expect(v).toMatchObject({ started: 0, solved: 0, tickets: 0, left: 0, deflection: null, worst: null });
    expect(v!.steps.map((s) => [s.n, s.reached, s.failShare])).toEqual([[1, 0, null], [2, 0, null]]);
  });

  it('names the step with most failures among those reached often enough, the earlier one on a tie', () => {
    // Steps 1 and 3 both fail 3 times: the first wins; with a minimum of 5, step 3 (3 reached) was never a candidate.
    expect(guideStatsFigures(scripted, [printer]).guides[0]!.worst?.stepId).toBe('restart');
    expect(guideStatsFigures(scripted, [printer], { minReached: 11 }).guides[0]!.worst).toBeNull();
    const more = [...scripted.slice(0, 2), count('printer', 'driver', { reached: 3, stuck: 2, ended: 2 })];
    expect(guideStatsFigures(more, [printer], { minReached: 3 }).guides[0]!.worst).toMatchObject({ stepId: 'driver', failed: 4, reached: 3 });
  });

  it('names the step that fails most across guides, the earlier guide on a tie', () => {
    const counts = [...scripted, count('vpn', 'wifi', { reached: 8, moved: 2, stuck: 5 }), count('vpn', 'client', { reached: 2, solved: 2 })];
    expect(guideStatsFigures(counts, [printer, vpn]).worst).toMatchObject({ entryId: 'vpn', name: { en: 'VPN will not connect', it: 'VPN will not connect' }, step: { stepId: 'wifi', n: 1, failed: 6 } });
    const tie = [...scripted, count('vpn', 'wifi', { reached: 6, moved: 3, stuck: 3 })];
    expect(guideStatsFigures(tie, [printer, vpn]).worst).toMatchObject({ entryId: 'printer', step: { stepId: 'restart' } });
    expect(guideStatsFigures([], [printer, vpn]).worst).toBeNull();
  });

  it('shows the marks of steps an edit removed after the guide\'s own, never as the worst', () => {
    const counts = [...scripted, count('printer', 'toner', { reached: 9, stuck: 9 }), count('printer', 'alpha', { reached: 1, moved: 1 })];
    const [p] = guideStatsFigures(counts, [printer]).guides;
    expect(p!.steps.map((s) => [s.n, s.stepId, s.title])).toEqual([
      [1, 'restart', expect.anything()],
      [2, 'cable', expect.anything()],
      [3, 'driver', expect.anything()],
      [null, 'alpha', null],
      [null, 'toner', null],
    ]);
    expect(p).toMatchObject({ tickets: 12, worst: { stepId: 'restart' } });
    // An entry whose steps were all taken away still shows what was counted.
    const edited = { ...printer, steps: undefined };
    expect(guideStatsFigures(counts, [edited]).guides[0]!.steps.every((s) => s.n === null)).toBe(true);
  });

  it('never counts below nought what was left when marks disagree (one lost, one retried)', () => {
    const [p] = guideStatsFigures([count('printer', 'restart', { reached: 2, moved: 2, stuck: 1 })], [printer]).guides;
    expect(p!.steps[0]).toMatchObject({ left: 0, failed: 1, failShare: 0.5 });
  });

  it('keeps entry and step ids like __proto__ as plain data', () => {
    const odd: FaqEntry = { ...printer, id: '__proto__', steps: [step('constructor', 'Odd')] };
    const figures = guideStatsFigures([count('__proto__', 'constructor', { reached: 1, solved: 1 }), count('__proto__', 'toString', { reached: 1 })], [odd]);
    expect(figures.guides[0]!.steps.map((s) => [s.stepId, s.reached])).toEqual([['constructor', 1], ['toString', 1]]);
    expect(({} as Record<string, unknown>).reached).toBeUndefined();
  });
});

describe('guideStatsText', () => {
  it('prints a table per guide and the step that fails most, in English or Italian', () => {
    const text = guideStatsText('en', guideStatsFigures(scripted, [printer]), 5);
    expect(text).toContain('The printer does not print (printer)');
    expect(text).toContain('Started 10 · solved 4 (40%) · tickets 3 · left without finishing 3');
    const rows = text.split('\n').filter((l) => /^\s+\d/.test(l)).map((l) => l.trim().split(/\s{2,}/));
    expect(rows).toEqual([
      ['1', 'Restart ← fails most', '10', '0', '0', '0', '3', '30%'],
      ['2', 'Check the cable', '7', '4', '0', '0', '0', '0%'],
      ['3', 'Reinstall the driver', '3', '0', '3', '0', '0', '100%'],
    ]);
    expect(text.split('\n').at(-1)).toBe('Fails most: printer step 1 «Restart» (3 of 10)');
    const it = guideStatsText('it', guideStatsFigures(scripted, [printer]), 5);
    expect(it).toContain('Non va più spesso: printer passo 1 «Restart (it)» (3 su 10)');
    expect(guideStatsText('en', guideStatsFigures([], [plain]), 5)).toBe('No entry of the knowledge base is a guided fix.');
    expect(guideStatsText('en', guideStatsFigures([], [printer]), 5)).toContain('No step fails yet');
  });
});

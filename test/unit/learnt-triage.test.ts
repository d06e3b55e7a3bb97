import { describe, expect, it } from 'vitest';
import { createFaqTriage, createKeywordTriage, createLiveLearntTriage, createTfidfMatcher, type TriageCorrection } from '../../src/index.js';
import { createLearntTriage, levelsFor, trainTriageModel, type TriageExample } from '../../src/faq/learnt-triage.js';
import { priorityFrom } from '../../src/tickets/priority.js';
import { makeDraft } from '../support/factories.js';
import { sampleKb } from '../support/desk.js';

const DEPARTMENTS = ['it', 'hr', 'finance', 'facilities'];
const keywords = () => createKeywordTriage(DEPARTMENTS);

// Worded like an IT problem (a "screen"), handled in practice by Facilities: the projectors in meeting rooms are theirs.
const projector = (room: string): TriageExample => ({ text: `the projector in the ${room} shows no picture`, department: 'facilities', priority: null });
const REQUEST = 'projector in the Orione room shows no picture at all';

describe('learnt triage', () => {
  it('follows two agreeing corrections, not one', async () => {
    const triage = createLearntTriage(keywords(), DEPARTMENTS);
    expect((await triage.guess(REQUEST)).department).toBe('it');
    triage.learnFrom([projector('room Vega')]);
    expect((await triage.guess(REQUEST)).department).toBe('it');
    triage.learnFrom([projector('room Vega'), projector('room Lyra')]);
    const guess = await triage.guess(REQUEST);
    expect(guess).toMatchObject({ department: 'facilities', confident: true });
  });

  it('leaves the guess alone for requests worded otherwise, and when close corrections disagree', async () => {
    const triage = createLearntTriage(keywords(), DEPARTMENTS);
    triage.learnFrom([projector('room Vega'), projector('room Lyra')]);
    expect(await triage.guess('my outlook password expired')).toEqual(keywords().guess('my outlook password expired'));
    triage.learnFrom([
      projector('room Vega'), projector('room Lyra'),
      { ...projector('room Andromeda'), department: 'it' }, { ...projector('room Cassiopea'), department: 'it' }, { ...projector('room Orsa'), department: 'it' },
    ]);
    expect((await triage.guess(REQUEST)).department).toBe('it');
  });

  it('learns a priority and gives impact and urgency that make it', async () => {
    const triage = createLearntTriage(keywords(), DEPARTMENTS);
    const label = (text: string): TriageExample => ({ text, department: null, priority: 'P2' });
    const request = 'the label printer in the warehouse jams on every shipment';
    expect((await triage.guess(request)).priority).toBe('P3');
    triage.learnFrom([label('label printer in the warehouse jams'), label('warehouse label printer jams again on shipments')]);
    const guess = await triage.guess(request);
    expect(guess.priority).toBe('P2');
    expect(priorityFrom(guess.impact, guess.urgency)).toBe('P2');
    // Priority corrections say nothing about the department.
    expect(guess.department).toBe('it');
  });

  it('keeps the urgency a person may still change when the matrix allows', () => {
    expect(levelsFor('P2', { impact: 'medium', urgency: 'high' })).toEqual({ impact: 'medium', urgency: 'high' });
    expect(levelsFor('P2', { impact: 'medium', urgency: 'medium' })).toEqual({ impact: 'high', urgency: 'medium' });
    expect(levelsFor('P4', { impact: 'medium', urgency: 'high' })).toEqual({ impact: 'medium', urgency: 'low' });
    for (const p of ['P1', 'P2', 'P3', 'P4'] as const) {
      for (const impact of ['high', 'medium', 'low'] as const) {
        for (const urgency of ['high', 'medium', 'low'] as const) {
          const levels = levelsFor(p, { impact, urgency });
          expect(priorityFrom(levels.impact, levels.urgency)).toBe(p);
        }
      }
    }
  });

  it('never names a department the desk does not have', async () => {
    const triage = createLearntTriage(keywords(), DEPARTMENTS);
    triage.learnFrom([{ ...projector('room Vega'), department: 'legal' }, { ...projector('room Lyra'), department: 'legal' }]);
    expect((await triage.guess(REQUEST)).department).toBe('it');
  });

  it('treats words that are Object.prototype names as words', async () => {
    const words = ['constructor', '__proto__', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
    const model = trainTriageModel(words.flatMap((w) => [`${w} badge`, `${w} stopped again`].map((text) => ({ text, department: 'facilities', priority: 'P4' as const }))));
    for (const w of words) {
      expect(model.department(`${w} badge stopped`)?.label, w).toBe('facilities');
      expect(model.priority(`${w} badge stopped`)?.label, w).toBe('P4');
      expect(trainTriageModel([]).department(w)).toBeNull();
    }
  });

  it('wraps the FAQ triage: a clear KB match can still be overruled by agents', async () => {
    const base = createFaqTriage(createTfidfMatcher(sampleKb), DEPARTMENTS);
    const triage = createLearntTriage(base, DEPARTMENTS);
    const text = 'the printer on the second floor is jammed';
    const before = await base.guess(text);
    expect(before.department).toBe('it');
    triage.learnFrom([
      { text: 'printer on the third floor is jammed with paper', department: 'facilities', priority: null },
      { text: 'printer on the ground floor jammed', department: 'facilities', priority: null },
    ]);
    expect((await triage.guess(text)).department).toBe('facilities');
  });
});

describe('live learnt triage', () => {
  const logger = { debug() {}, info() {}, warn() {}, error() {} };
  const corrected = (code: string, text: string, department: string): TriageCorrection => ({ code, text, department, priority: null, at: 1 });

  it('reads the store once, counts corrections made here at once, and labels a ticket as it stands', async () => {
    let reads = 0;
    const stored = [corrected('IT-1', 'the projector in the Vega room shows no picture', 'facilities')];
    const clock = { now: () => 0 };
    const triage = createLiveLearntTriage({
      base: keywords(), departments: DEPARTMENTS, clock, logger,
      store: { triageCorrections: async () => (reads++, stored) },
    });
    expect((await triage.guess(REQUEST)).department).toBe('it');
    const ticket = { ...makeDraft({ description: 'the projector in the Lyra room shows no picture', department: 'facilities' }), code: 'IT-2', seq: 2, version: 2 };
    triage.corrected(ticket, 'moved');
    expect((await triage.guess(REQUEST)).department).toBe('facilities');
    // Moved back: that ticket now teaches IT, and one correction alone is not enough.
    triage.corrected({ ...ticket, department: 'it', version: 3 }, 'moved');
    expect((await triage.guess(REQUEST)).department).toBe('it');
    expect(reads).toBe(1);
  });

  it('keeps guessing with what it learnt when the store cannot be read', async () => {
    let fail = false;
    let t = 0;
    const triage = createLiveLearntTriage({
      base: keywords(), departments: DEPARTMENTS, clock: { now: () => t }, logger,
      store: {
        triageCorrections: async () => {
          if (fail) throw new Error('store down');
          return [projector('room Vega'), projector('room Lyra')].map((e, i) => ({ ...e, code: `IT-${i}`, at: i }));
        },
      },
    });
    expect((await triage.guess(REQUEST)).department).toBe('facilities');
    fail = true;
    t += 60 * 60_000;
    expect((await triage.guess(REQUEST)).department).toBe('facilities');
  });
});

// A wording someone said "No" to holds its entry back from the next person who
// asks nearly the same: the entry is still offered, but not given as the answer.
import { describe, expect, it } from 'vitest';
import { createTfidfMatcher } from '../../src/faq/create-tfidf-matcher.js';
import { createHybridFaqMatcher } from '../../src/faq/hybrid-matcher.js';
import { standingRefusals, withLearnedPhrasings, withRefusedWordings } from '../../src/faq/learning-rules.js';
import type { FaqEntry } from '../../src/index.js';

const vpn: FaqEntry = { id: 'vpn', department: 'it', questions: ['la vpn non si connette', 'non riesco a collegarmi alla vpn', 'errore vpn'], answer: { it: 'Riavvia il client VPN.' } };
const printer: FaqEntry = { id: 'printer', department: 'it', questions: ['la stampante non stampa', 'stampante inceppata', 'carta bloccata'], answer: { it: 'Apri lo sportello.' } };
const payslip: FaqEntry = { id: 'payslip', department: 'hr', questions: ['dove trovo la busta paga', 'cedolino di marzo', 'busta paga mancante'], answer: { it: 'Nel portale HR.' } };
const KB = [vpn, printer, payslip];

describe('refused wordings', () => {
  it('hold back the lexical answer for the very wording refused, in any case or punctuation, and nothing else', () => {
    const before = createTfidfMatcher(KB).matchNow('VPN lenta da casa', 1)[0]!;
    expect(before.entry.id).toBe('vpn');
    expect(before.held).toBeUndefined();
    const matcher = createTfidfMatcher(withRefusedWordings(KB, [{ entryId: 'vpn', text: 'vpn lenta da casa' }]));
    const held = matcher.matchNow('VPN lenta, da casa!', 1)[0]!;
    expect(held).toMatchObject({ entry: { id: 'vpn' }, held: true });
    expect(held.confidence).toBeCloseTo(before.confidence, 6);
    expect(matcher.matchNow('errore vpn', 1)[0]!.held).toBeUndefined();
  });

  it('stop counting once the wording has become one of the entry’s phrasings', () => {
    const refused = withRefusedWordings(KB, [{ entryId: 'vpn', text: 'vpn lenta da casa' }]);
    expect(standingRefusals(refused[0]!).size).toBe(1);
    const confirmed = withLearnedPhrasings(refused, [{ entryId: 'vpn', text: 'VPN lenta da casa' }]);
    expect(standingRefusals(confirmed[0]!).size).toBe(0);
    expect(createTfidfMatcher(confirmed).matchNow('vpn lenta da casa', 1)[0]!.held).toBeUndefined();
  });

  it('hold back the semantic answer when the question is closer to a refused wording than to any phrasing of the entry', () => {
    // Four directions: the three entries' topics, and "slow at home" (what the VPN entry does not cover).
    const v = (...xs: number[]) => Float32Array.from(xs);
    const docVectors = [v(1, 0, 0, 0.1), v(0.95, 0.1, 0, 0), v(0.9, 0, 0.1, 0), v(0, 1, 0, 0), v(0.1, 0.95, 0, 0), v(0, 0.9, 0.1, 0), v(0, 0, 1, 0), v(0, 0.1, 0.95, 0), v(0.1, 0, 0.9, 0)];
    const answers = [0, 1, 2].map((entry) => ({ entry, vector: docVectors[entry * 3]! }));
    const build = (refused: { entry: number; vector: Float32Array }[]) => createHybridFaqMatcher(KB, createTfidfMatcher(KB), docVectors, answers, refused);
    const slowAtHome = v(0.6, 0, 0, 0.8);
    const refusal = [{ entry: 0, vector: v(0.55, 0, 0, 0.83) }];

    expect(build([]).matchVector('vpn lenta da casa', slowAtHome, 1)[0]).toMatchObject({ entry: { id: 'vpn' } });
    expect(build([]).matchVector('vpn lenta da casa', slowAtHome, 1)[0]!.held).toBeUndefined();
    const held = build(refusal).matchVector('vpn lenta da casa', slowAtHome, 3);
    expect(held[0]).toMatchObject({ entry: { id: 'vpn' }, held: true });
    // The other entries are not concerned, and a question near the entry's own phrasings is answered as before.
    expect(held.slice(1).every((m) => !m.held)).toBe(true);
    expect(build(refusal).matchVector('la vpn non si connette', v(1, 0.05, 0, 0), 1)[0]!.held).toBeUndefined();
  });
});

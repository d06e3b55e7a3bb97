import { describe, expect, it } from 'vitest';
import { createTfidfMatcher } from '../../src/index.js';
import { parseKnowledgeBase } from '../../src/faq/knowledge-base.js';
import { sampleKb } from '../support/desk.js';

describe('knowledge base', () => {
  it('ships a bilingual sample covering every default department', () => {
    expect(new Set(sampleKb.map((e) => e.department))).toEqual(new Set(['it', 'hr', 'finance', 'facilities']));
    expect(sampleKb.every((e) => e.answer.it && e.answer.en)).toBe(true);
  });

  it('reports the first bad entry with its index and id, and accepts numeric ids', () => {
    expect(() => parseKnowledgeBase({ faqs: [{ id: 'a', department: 'it', questions: [], answer: { en: 'x' } }] })).toThrow(
      'entry 0 (id "a"): questions needs at least one question',
    );
    expect(() => parseKnowledgeBase({ faqs: [{ id: 'b', department: 'it', questions: ['q'], answer: {} }] })).toThrow('entry 0 (id "b")');
    expect(() => parseKnowledgeBase({ faqs: [{ id: 'c', department: 'legal', questions: ['q'], answer: { it: 'x' } }] }, ['it'])).toThrow('unknown department "legal"');
    expect(() => parseKnowledgeBase([])).toThrow('knowledge base must be an object with a "faqs" array');
    expect(parseKnowledgeBase({ faqs: [{ id: 7, department: 'it', questions: ['q'], answer: { it: 'x' } }] })[0]!.id).toBe('7');
  });

  it('matches paraphrases above unrelated text', () => {
    const m = createTfidfMatcher(sampleKb);
    expect(m.matchNow('ho dimenticato la password')[0]!.entry.id).toBe('it-password-reset');
    expect(m.matchNow('how do I request vacation')[0]!.entry.id).toBe('hr-vacation-request');
    const unrelated = m.matchNow('the coffee machine makes strange noises')[0];
    expect(unrelated?.confidence ?? 0).toBeLessThan(0.5);
    expect(m.matchNow('   ')).toEqual([]);
  });
});

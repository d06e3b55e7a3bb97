// Guided entries at import: every broken guide refused with the entry and the
// step named, and nothing taken from the file; a valid one read back exactly.
import { describe, expect, it } from 'vitest';
import { checkImport, checkKnowledgeBase, knowledgeBaseJson, parseKnowledgeBase } from '../../src/index.js';
import { BROKEN_GUIDES } from '../support/broken-guides.js';
import { GUIDED_KB } from '../support/guide-runs.js';

const DEPARTMENTS = ['it', 'hr'];

describe('importing guided entries', () => {
  it.each(BROKEN_GUIDES.map((b) => [b.name, b] as const))('refuses %s, naming the entry and the step, and takes none of the file', async (_name, b) => {
    const checked = checkKnowledgeBase(b.kb, DEPARTMENTS);
    expect(checked.entries).toEqual([]);
    expect(checked.problems[0]).toMatchObject({ index: 0, id: 'printer', kind: b.kind, message: b.message });
    expect(checked.problems[0]!.path[0]).toBe('steps');
    // The same through what `faq import` and the console's import box run, with a store already holding entries.
    const imported = await checkImport(b.kb, DEPARTMENTS, parseKnowledgeBase({ faqs: GUIDED_KB.faqs.slice(1) }, DEPARTMENTS));
    expect(imported.entries).toEqual([]);
    expect(imported.problems[0]!.message).toBe(b.message);
  });

  it('reports every problem of a file at once, across entries', () => {
    const kb = { faqs: [BROKEN_GUIDES[0]!.kb.faqs[0], { ...(BROKEN_GUIDES[3]!.kb.faqs[0] as object), id: 'printer-2' }, GUIDED_KB.faqs[1]] };
    expect(checkKnowledgeBase(kb, DEPARTMENTS).problems.map((p) => [p.index, p.kind])).toEqual([[0, 'unreachable-step'], [1, 'unknown-step']]);
  });

  it('refuses a step in only one language when the answer is in two, and takes one in English only when the answer is too', () => {
    const english = structuredClone(GUIDED_KB.faqs[1]) as { answer: Record<string, string>; steps: { text: Record<string, string> }[] };
    delete english.answer.it;
    for (const s of english.steps) delete s.text.it;
    expect(checkKnowledgeBase({ faqs: [english] }, DEPARTMENTS).problems).toEqual([]);
    const half = structuredClone(GUIDED_KB.faqs[1]) as typeof english;
    delete half.steps[1]!.text.en;
    expect(checkKnowledgeBase({ faqs: [half] }, DEPARTMENTS).problems.map((p) => p.message)).toEqual(['entry 0 (id "vpn"): steps.1.text.en has no "en" text (the entry\'s answer has one)']);
  });

  it('reads a valid guided knowledge base and writes it back exactly as given', async () => {
    const { entries, problems } = await checkImport(GUIDED_KB, DEPARTMENTS, []);
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.id, e.steps?.map((s) => s.id)])).toEqual([['printer', ['restart', 'cable', 'driver']], ['vpn', ['wifi', 'client']], ['hours', undefined]]);
    expect(JSON.parse(knowledgeBaseJson(entries))).toEqual(GUIDED_KB);
    expect(knowledgeBaseJson(parseKnowledgeBase(JSON.parse(knowledgeBaseJson(entries)), DEPARTMENTS))).toBe(knowledgeBaseJson(entries));
  });
});

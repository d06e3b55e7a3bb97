// The leads' FAQ form edits an entry's words; a guided entry's steps are not on
// the form, so saving must keep them, and a change that breaks them must say so.
import { describe, expect, it } from 'vitest';
import { checkFaqForm } from '../../adapters/web-console/leads/faq-input.js';
import { sayIn } from '../../adapters/web-console/leads/lead-words.js';
import { LABEL_GUIDE } from '../integration/guided-fix-flows.js';

const formOf = (it: string) => ({
  editing: LABEL_GUIDE.id,
  values: { id: LABEL_GUIDE.id, department: LABEL_GUIDE.department, questions: LABEL_GUIDE.questions.join('\n'), it, en: LABEL_GUIDE.answer.en! },
  errors: new Map(),
});

describe('editing a guided entry on the leads\' FAQ page', () => {
  it('keeps its steps when the words change', async () => {
    const { entry, errors } = await checkFaqForm(sayIn('en'), formOf('Nuova risposta breve.') as never, [LABEL_GUIDE], ['it', 'facilities']);
    expect([...errors.values()]).toEqual([]);
    expect(entry!.answer.it).toBe('Nuova risposta breve.');
    expect(entry!.steps).toEqual(LABEL_GUIDE.steps);
  });

  it('says so when the answer gains a language its steps are not written in', async () => {
    const enOnly = { ...LABEL_GUIDE, answer: { en: LABEL_GUIDE.answer.en! }, steps: LABEL_GUIDE.steps!.map((s) => ({ ...s, text: { en: s.text.en! }, title: { en: s.title!.en! } })) };
    const stored = { ...enOnly, steps: enOnly.steps.slice(0, 1) };
    const form = { ...formOf('Risposta in italiano.'), values: { ...formOf('Risposta in italiano.').values } };
    const { entry, errors } = await checkFaqForm(sayIn('en'), form as never, [stored], ['it', 'facilities']);
    expect(entry).toBeNull();
    const said = [...errors.values()].join(' ');
    expect(said).toMatch(/^The guided steps are not right: /);
    expect(said).toContain('steps.0.text.it has no "it" text');
  });
});

// The pure parts of the leads' pages: their words, search, and who may change whom.
import { describe, expect, it } from 'vitest';
import { readForm } from '../../adapters/web-console/form-body.js';
import { searchFaqs } from '../../adapters/web-console/leads/faq-search.js';
import { removalRefused, saveRefused } from '../../adapters/web-console/leads/lead-rules.js';
import { LEAD_WORDS, say } from '../../adapters/web-console/leads/lead-words.js';
import type { Agent, FaqEntry } from '../../src/index.js';

const agent = (userId: string, role: Agent['role']): Agent => ({ platform: 'web', userId, name: userId, departments: ['it'], tier: 1, role });

describe("leads' pages", () => {
  it('has every label in Italian and in English, none left empty', () => {
    expect(Object.keys(LEAD_WORDS.it).sort()).toEqual(Object.keys(LEAD_WORDS.en).sort());
    for (const words of Object.values(LEAD_WORDS)) for (const text of Object.values(words)) expect(text.trim()).not.toBe('');
    expect(say('it', 'agents.done.saved', { who: 'web:anna' })).toBe('web:anna salvato.');
    // A value is only taken from the values given, never from an object's prototype.
    expect(say('en', 'agents.done.saved', {})).toBe('{who} saved.');
    expect(say('en', 'agents.done.saved', Object.create({ who: 'inherited' }) as Record<string, string>)).toBe('{who} saved.');
  });

  it('reads a form into fields with no prototype, a repeated name as a list', () => {
    const form = readForm('departments=it&departments=hr&__proto__=x&constructor=y&name=Anna+M%C3%BCller');
    expect(Object.getPrototypeOf(form)).toBeNull();
    expect(form.departments).toEqual(['it', 'hr']);
    expect(form['__proto__']).toBe('x');
    expect(form.constructor).toBe('y');
    expect(form.name).toBe('Anna Müller');
  });

  it('finds entries by the beginnings of words in any language, accents and case aside', () => {
    const entries: FaqEntry[] = [
      { id: 'it-printer', department: 'it', questions: ['Come aggiungo una stampante?'], answer: { en: 'Settings > Printers' } },
      { id: 'hr-ferie', department: 'hr', questions: ['Quanti giorni di ferie?'], answer: { it: 'Nel portale, voce Assenze e Festività' } },
    ];
    expect(searchFaqs(entries, 'STAMP').map((e) => e.id)).toEqual(['it-printer']);
    expect(searchFaqs(entries, 'printers settings').map((e) => e.id)).toEqual(['it-printer']);
    expect(searchFaqs(entries, 'festivita').map((e) => e.id)).toEqual(['hr-ferie']);
    expect(searchFaqs(entries, 'ferie stampante')).toEqual([]);
    expect(searchFaqs(entries, '  ?! ')).toHaveLength(2);
  });

  it('never lets a lead lock themselves out, nor touch or make an admin; an admin may', () => {
    const laura = agent('laura', 'lead');
    const root = agent('root', 'admin');
    expect(removalRefused(laura, laura)).toBe('agent.selfRemove');
    expect(removalRefused(laura, root)).toBe('agent.adminUntouchable');
    expect(removalRefused(laura, agent('aldo', 'agent'))).toBeNull();
    expect(removalRefused(root, laura)).toBeNull();
    expect(saveRefused(laura, laura, { ...laura, role: 'agent' })).toEqual({ field: 'role', key: 'agent.selfDemote' });
    expect(saveRefused(laura, laura, { ...laura, tier: 3 })).toBeNull();
    expect(saveRefused(laura, null, agent('new', 'admin'))).toEqual({ field: 'role', key: 'agent.adminOnly' });
    expect(saveRefused(laura, root, { ...root, tier: 2 })).toEqual({ field: 'form', key: 'agent.adminUntouchable' });
    expect(saveRefused(root, null, agent('new', 'admin'))).toBeNull();
    expect(saveRefused(root, root, { ...root, role: 'lead' })).toBeNull();
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import { checkImport, checkKnowledgeBase, createLiveFaqMatcher, createTfidfMatcher, type FaqEntry, type FaqMatcher } from '../../src/index.js';
import { assertMatchable, mergeKnowledgeBase, parseKnowledgeBase } from '../../src/faq/knowledge-base.js';
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

const entry = (id: string, question: string, answer = 'An answer.'): FaqEntry => ({ id, department: 'it', questions: [question], answer: { en: answer } });

describe('a knowledge base the matcher cannot use', () => {
  it('is refused when a phrasing has no word to match on', () => {
    expect(() => parseKnowledgeBase({ faqs: [{ id: 'q', department: 'it', questions: ['vpn', '?!…'], answer: { en: 'x' } }] })).toThrow(
      'entry 0 (id "q"): questions.1 has no word to match on (letters or digits)',
    );
    expect(parseKnowledgeBase({ faqs: [{ id: 'n', department: 'it', questions: ['404?'], answer: { en: 'x' } }] })).toHaveLength(1);
  });

  it('is refused, with the reason, when the matcher fails to build, fails on a question or answers nonsense', async () => {
    const kb = [entry('a', 'printer offline'), entry('b', 'vpn down')];
    await expect(assertMatchable(kb, createTfidfMatcher)).resolves.toBeUndefined();
    await expect(assertMatchable(sampleKb, createTfidfMatcher)).resolves.toBeUndefined();
    const failsToBuild = () => {
      throw new TypeError('expanded.split is not a function');
    };
    await expect(assertMatchable(kb, failsToBuild)).rejects.toThrow('the FAQ matcher cannot be built from this knowledge base: expanded.split is not a function');
    const lexical = createTfidfMatcher(kb);
    const failsOnVpn: FaqMatcher = { ...lexical, match: async (text, limit) => (text.includes('vpn') ? Promise.reject(new Error('boom')) : lexical.match(text, limit)) };
    await expect(assertMatchable(kb, () => failsOnVpn)).rejects.toThrow('entry 1 (id "b"): the FAQ matcher fails on its question "vpn down": boom');
    const nanConfidence: FaqMatcher = { ...lexical, match: async () => [{ entry: kb[0]!, confidence: Number.NaN }] };
    await expect(assertMatchable(kb, () => nanConfidence)).rejects.toThrow('entry 0 (id "a"): the FAQ matcher gives no usable answer');
  });

  it('is judged with the stored entries it would join, replacing them by id', () => {
    const merged = mergeKnowledgeBase([entry('a', 'old'), entry('b', 'kept')], [entry('a', 'new'), entry('c', 'added')]);
    expect(merged.map((e) => `${e.id}:${e.questions[0]}`)).toEqual(['a:new', 'b:kept', 'c:added']);
  });
});

describe('the live matcher', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-live-faq-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const open = (name: string) => {
    const logged: { level: string; obj: Record<string, unknown>; msg?: string }[] = [];
    const log = (level: string) => (obj: object, msg?: string) => void logged.push({ level, obj: obj as Record<string, unknown>, msg });
    const logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
    return { store: createSqliteStore({ file: join(dir, `${name}.db`) }), logger, logged, clock: { now: () => Date.now() } };
  };

  it('keeps answering from the last good index when a new knowledge base fails to build, and logs it', async () => {
    const { store, logger, logged, clock } = open('build');
    // Stands for a matcher bug that some entry sets off (as "constructor" once did).
    const build = (entries: readonly FaqEntry[]) => {
      if (entries.some((e) => e.questions.includes('poison'))) throw new TypeError('expanded.split is not a function');
      return createTfidfMatcher(entries);
    };
    const live = createLiveFaqMatcher(store, build, clock, logger);
    await store.upsertFaqs([entry('printer', 'the printer is offline', 'Restart the printer.'), entry('vpn', 'the vpn does not connect')]);
    await live.refresh({ force: true });
    expect((await live.match('printer offline'))[0]!.entry.id).toBe('printer');
    await store.upsertFaqs([entry('bad', 'poison')]);
    await live.refresh({ force: true });
    expect((await live.match('printer offline again'))[0]!.entry.id).toBe('printer');
    expect(live.entry('bad')).toBeUndefined();
    expect(logged.filter((l) => l.level === 'error')).toEqual([
      expect.objectContaining({ msg: 'knowledge base: the FAQ matcher could not be built; still answering from the last good one', obj: expect.objectContaining({ revision: '2' }) }),
    ]);
    // The same revision is not built again at every message; the next one is, and serves.
    await live.refresh({ force: true });
    expect(logged.filter((l) => l.level === 'error')).toHaveLength(1);
    await store.upsertFaqs([entry('bad', 'the badge reader beeps', 'Call the front desk.')]);
    await live.refresh({ force: true });
    expect((await live.match('badge reader beeps'))[0]!.entry.id).toBe('bad');
    expect(logged.filter((l) => l.level === 'error')).toHaveLength(1);
    await store.close();
  });

  it('answers a question the matcher fails on as if nothing matched, and logs it', async () => {
    const { store, logger, logged, clock } = open('match');
    const build = (entries: readonly FaqEntry[]): FaqMatcher => {
      const lexical = createTfidfMatcher(entries);
      return { ...lexical, match: async (text, limit) => (text.includes('crash') ? Promise.reject(new Error('index out of range')) : lexical.match(text, limit)) };
    };
    const live = createLiveFaqMatcher(store, build, clock, logger);
    await store.upsertFaqs([entry('printer', 'the printer is offline')]);
    await live.refresh({ force: true });
    expect(await live.match('printer crash')).toEqual([]);
    expect(logged).toContainEqual(expect.objectContaining({ level: 'error', msg: 'knowledge base: the FAQ matcher failed on a question; answered as if nothing matched' }));
    expect((await live.match('printer offline'))[0]!.entry.id).toBe('printer');
    await store.close();
  });
});

describe('faq add and promote in chat', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-faq-chat-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuse, in the agent\'s language, an entry the knowledge base rules would leave out', async () => {
    const { createTestDesk, person } = await import('../support/desk.js');
    const desk = await createTestDesk(createSqliteStore({ file: join(dir, 'desk.db') }));
    const anna = await desk.agent({ userId: 'anna', name: 'Anna', locale: 'it' });
    const [wordless] = await desk.say(anna, 'ticket faq add ?!? = Chiedi alla reception.');
    expect(wordless!.text).toBe('Questa non può diventare una voce FAQ: la domanda deve contenere parole da cercare, e domanda e risposta al massimo 4.000 caratteri ciascuna.');
    const [tooLong] = await desk.say({ ...anna, locale: 'en' }, `ticket faq add badge lost = ${'x'.repeat(4001)}`);
    expect(tooLong!.text).toMatch(/^That cannot be a FAQ entry/);
    expect((await desk.store.listFaqs()).some((e) => e.department === 'it' && e.answer.it === 'Chiedi alla reception.')).toBe(false);
    const [ok] = await desk.say(anna, 'ticket faq add dove si trova il defibrillatore = Al piano terra, accanto all\'ascensore.');
    expect(ok!.text).toMatch(/^Voce FAQ it-dove-si-trova-il-defibrillatore salvata/);
    const [answer] = await desk.say(person('mario', 'Mario', 'it'), 'dove si trova il defibrillatore?');
    expect(answer!.text).toContain('Al piano terra');
    expect(desk.logged).toEqual([]);
    await desk.store.close();
  });
});

describe('knowledge base problems', () => {
  it('lists every problem of every entry with its field and kind, and the entries only when there is none', async () => {
    const raw = {
      faqs: [
        { id: 'a', department: 'it', questions: ['vpn?'], answer: { it: 'sì' } },
        { id: 'b', department: 'it', questions: [], answer: {} },
        { id: 'a', department: 'it', questions: ['again'], answer: { en: 'x' } },
        { id: 'c', department: 'legal', questions: ['?!', 'nda'], answer: { en: 'ask' } },
      ],
    };
    const { entries, problems } = checkKnowledgeBase(raw, ['it']);
    expect(entries).toEqual([]);
    expect(problems.map((p) => [p.index, p.path.join('.'), p.kind])).toEqual([
      [1, 'questions', 'no-questions'],
      [1, 'answer', 'no-answer'],
      [2, 'id', 'duplicate-id'],
      [3, 'questions.0', 'no-word'],
      [3, 'department', 'unknown-department'],
    ]);
    const fixed = { faqs: [raw.faqs[0], { ...raw.faqs[3], department: 'it', questions: ['nda'] }] };
    expect(checkKnowledgeBase(fixed, ['it']).problems).toEqual([]);
    expect((await checkImport(fixed, ['it'], [])).entries.map((e) => e.id)).toEqual(['a', 'c']);
    expect((await checkImport({ faqs: [{ id: 'x', department: 'hr', questions: ['q'], answer: { it: 'r' } }] }, ['it'], [])).problems[0]).toMatchObject({
      index: 0, path: ['department'], kind: 'unknown-department', message: 'entry 0 (id "x"): unknown department "hr"',
    });
  });
});

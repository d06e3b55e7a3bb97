import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createFaqTriage, createTfidfMatcher, parseKnowledgeBase } from '../../src/index.js';
import { compareForQueue, createKeywordTriage, formatCode, parseCode, type Ticket } from '../../src/index.js';
import { guessPriority, parsePriority, priorityFrom } from '../../src/tickets/priority.js';
import { alwaysOpenCalendar } from '../../src/sla/business-calendar.js';
import { DEFAULT_POLICIES, targetDue } from '../../src/sla/policies.js';
import { makeDraft } from '../support/factories.js';

describe('ticket codes', () => {
  it('formats and parses what people type', () => {
    expect(formatCode('IT', 1042)).toBe('IT-1042');
    expect(parseCode(' it-42 ')).toBe('IT-42');
    expect(parseCode('#HR-7')).toBe('HR-7');
    for (const bad of ['IT42', 'IT-0', '-4', 'IT-', 'I T-4', '{"$gt":""}', 'IT-1234567890']) expect(parseCode(bad), bad).toBeNull();
  });
});

describe('priority', () => {
  it('follows the impact × urgency matrix', () => {
    expect(priorityFrom('high', 'high')).toBe('P1');
    expect(priorityFrom('high', 'medium')).toBe('P2');
    expect(priorityFrom('medium', 'high')).toBe('P2');
    expect(priorityFrom('medium', 'medium')).toBe('P3');
    expect(priorityFrom('low', 'low')).toBe('P4');
  });

  it('guesses from Italian and English cues', () => {
    expect(guessPriority('la stampante non stampa').priority).toBe('P3');
    expect(guessPriority("URGENTE: tutto l'ufficio è senza rete").priority).toBe('P1');
    expect(guessPriority('sono bloccato, non parte il pc').priority).toBe('P2');
    expect(guessPriority('the file server is down for everyone, ASAP').priority).toBe('P1');
    expect(guessPriority('possible security issue: phishing email').priority).toBe('P1');
    expect(guessPriority('nuovo mouse quando puoi').priority).toBe('P4');
    expect(guessPriority('no rush, cosmetic typo on the intranet').priority).toBe('P4');
    // A cue inside another word does not count.
    expect(guessPriority('download the brochure').priority).toBe('P3');
  });

  it('reads the words agents use for a priority', () => {
    expect(parsePriority('p1')).toBe('P1');
    expect(parsePriority('Critical')).toBe('P1');
    expect(parsePriority('bassa')).toBe('P4');
    expect(parsePriority('P5')).toBeNull();
  });
});

describe('department guess', () => {
  const triage = createKeywordTriage(['it', 'hr', 'finance', 'facilities']);
  it('picks the department whose cues match', () => {
    expect(triage.guess('la VPN non si collega').department).toBe('it');
    expect(triage.guess('vorrei chiedere tre giorni di ferie').department).toBe('hr');
    expect(triage.guess('when is my expense reimbursement paid?').department).toBe('finance');
    expect(triage.guess("l'aria condizionata in sala riunioni è rotta").department).toBe('facilities');
    expect(triage.guess('something odd happened').department).toBe('it');
  });
});

describe('queue order', () => {
  const t = (code: string, priority: Ticket['priority'], due: number, created: number): Ticket => ({
    ...makeDraft({ priority, dueAt: due, createdAt: created }),
    code,
    seq: 1,
    version: 1,
  });
  it('sorts by priority, then SLA due time, then age', () => {
    const list = [t('A-1', 'P3', 10, 5), t('A-2', 'P1', 99, 9), t('A-3', 'P3', 10, 1), t('A-4', 'P3', 5, 7), t('A-5', 'P2', 1, 1)];
    expect(list.sort(compareForQueue).map((x) => x.code)).toEqual(['A-2', 'A-5', 'A-4', 'A-3', 'A-1']);
  });
  it('gives tighter SLA targets to higher priorities', () => {
    const firstResponse = (p: Ticket['priority']) => targetDue(alwaysOpenCalendar('Europe/Rome'), 0, DEFAULT_POLICIES[p].firstResponse);
    expect(firstResponse('P1')).toBeLessThan(firstResponse('P2'));
    expect(firstResponse('P2')).toBeLessThan(firstResponse('P3'));
    expect(firstResponse('P3')).toBeLessThan(firstResponse('P4'));
  });
});

describe('urgency cues (issue 13)', () => {
  const atLeastP2 = (text: string) => expect(['P1', 'P2'], text).toContain(guessPriority(text).priority);
  it('raises a broken work tool with a deadline, in both languages', () => {
    atLeastP2('I need a new laptop, mine is broken and I have a client demo tomorrow!!');
    atLeastP2('mi serve un portatile nuovo, il mio è rotto e domani ho una demo con un cliente!!');
    atLeastP2('la VPN non va e devo consegnare il lavoro entro stasera');
    atLeastP2('the VPN does not connect and I must send the report by tonight');
    atLeastP2('il monitor è rotto e non riesco a lavorare');
    atLeastP2("my screen is broken, I can't work");
  });
  it('raises a phishing e-mail described in plain words', () => {
    atLeastP2("ho ricevuto una e-mail sospetta che mi chiede le credenziali");
    atLeastP2('ho cliccato un link in una mail strana e ho messo la password');
    atLeastP2('mi hanno rubato la password della posta');
    atLeastP2('I clicked a link in a weird email and typed my password');
    atLeastP2('someone stole my credentials');
    expect(guessPriority('my account has been hacked').priority).toBe('P1');
    expect(guessPriority('credo di avere un virus sul pc').priority).toBe('P1');
  });
  it('leaves a broken chair and an ordinary question at P3', () => {
    expect(guessPriority('la sedia è rotta').priority).toBe('P3');
    expect(guessPriority('how do I connect a second monitor').priority).toBe('P3');
  });
});

describe('department by meaning (issue 13)', () => {
  const departments = ['it', 'hr', 'finance', 'facilities'];
  const entries = parseKnowledgeBase(JSON.parse(readFileSync(new URL('../../kb/sample-kb.json', import.meta.url), 'utf8')));
  const triage = createFaqTriage(createTfidfMatcher(entries), departments);
  it('sends pay questions to finance, not IT', async () => {
    for (const text of ['quando arriva la tredicesima?', 'when do I get paid this month', 'the bonus is missing from my paycheck']) {
      const guess = await triage.guess(text);
      expect(guess.department, text).toBe('finance');
      expect(guess.confident, text).toBe(true);
    }
  });
  it('follows a clear knowledge-base match', async () => {
    expect(await triage.guess('quanti giorni di ferie mi restano')).toMatchObject({ department: 'hr', confident: true });
    expect(await triage.guess('Il bagno al secondo piano è sporco')).toMatchObject({ department: 'facilities', confident: true });
  });
  it('says it is unsure instead of claiming IT when nothing points anywhere', async () => {
    expect(await triage.guess('something odd happened')).toMatchObject({ department: 'it', confident: false });
    expect(createKeywordTriage(departments).guess('ciao a tutti').confident).toBe(false);
    expect(createKeywordTriage(departments).guess('la VPN non si collega').confident).toBe(true);
  });
});

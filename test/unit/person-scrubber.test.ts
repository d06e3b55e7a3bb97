import { describe, expect, it } from 'vitest';
import { createPersonScrubber, ERASED_TEXT, newPseudonym, PSEUDONYM_PREFIX, retireTicket, scrubEvent, scrubTicket } from '../../src/index.js';
import { makeDraft, makeEvent } from '../support/factories.js';

const ottavia = { platform: 'slack', userId: 'U0OTT1' };
const s = createPersonScrubber(ottavia, ['Ottavia Quercioli'], 'anon-x1');

describe('what an erase does to a person in stored values', () => {
  it('replaces their id, their participant key and their names in others’ text, leaving longer words and ids alone', () => {
    expect(s.text('Ho scritto a Ottavia Quercioli (U0OTT1, slack:U0OTT1) e a OTTAVIA  QUERCIOLI')).toBe('Ho scritto a anon-x1 (anon-x1, anon-x1) e a anon-x1');
    expect(s.text('U0OTT12 and Ottavia Quercioliana are other people')).toBe('U0OTT12 and Ottavia Quercioliana are other people');
    expect(s.mentions('nothing here')).toBe(false);
  });

  it('matches their full name only, never a part of it another person or word shares; a name alone never makes a row theirs', () => {
    const will = createPersonScrubber({ platform: 'web', userId: 'w-will' }, ['Will Smith'], 'anon-w');
    expect(will.text('The printer will not print; Will Turner and Smith agree')).toBe('The printer will not print; Will Turner and Smith agree');
    expect(will.text('Ask will smith')).toBe('Ask anon-w');
    expect(will.touches('Ask Will Smith')).toBe(true);
    expect(will.mentions('Ask Will Smith')).toBe(false);
    expect(will.mentions('see web:w-will')).toBe(true);
    // Another person's identity keeps its name, whatever it is.
    const namesake = { platform: 'slack', userId: 'U-OTHER', name: 'Will Smith' };
    expect(will.value({ to: namesake, text: 'Will Smith said hi' })).toEqual({ to: namesake, text: 'anon-w said hi' });
    const sameIdElsewhere = { platform: 'slack', userId: 'w-will', name: 'Guglielmo' };
    expect(will.value({ by: sameIdElsewhere })).toEqual({ by: sameIdElsewhere });
  });

  it('moves their report cells to the key their scrubbed tickets count under', () => {
    expect(s.cellKey('agent.held.slack:U0OTT1')).toBe('agent.held.slack:anon-x1');
    expect(s.cellKey('agent.held.slack:U0OTT12')).toBe('agent.held.slack:U0OTT12');
    expect(s.cellKey('opened')).toBe('opened');
  });

  it('turns their identity into the pseudonym wherever a record names them, and keeps data under odd keys as data', () => {
    const stored = JSON.parse('{"to":{"platform":"slack","userId":"U0OTT1","name":"Ottavia Quercioli","locale":"it"},"__proto__":{"polluted":"Ottavia Quercioli"}}');
    const out = s.value(stored) as Record<string, unknown>;
    expect(out.to).toEqual({ platform: 'slack', userId: 'anon-x1', name: 'anon-x1' });
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ polluted: 'anon-x1' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('drops the requester’s own words and rating comment, keeps figures and the score', () => {
    const requester = { ...ottavia, name: 'Ottavia Quercioli' };
    const t = { ...makeDraft({ requester, priority: 'P1', rating: { score: 2, comment: 'lenti', at: 5 } }), code: 'IT-1', seq: 1, version: 3 };
    const next = scrubTicket(t, s);
    expect(next).toMatchObject({ title: ERASED_TEXT, description: ERASED_TEXT, priority: 'P1', department: 'it', rating: { score: 2, at: 5 }, createdAt: t.createdAt });
    expect(next.rating?.comment).toBeUndefined();
    expect(scrubEvent(makeEvent({ actor: requester, text: 'il mio numero è 333' }), s).text).toBe(ERASED_TEXT);
    expect(scrubEvent(makeEvent({ text: 'Ciao Ottavia Quercioli' }), s).text).toBe('Ciao anon-x1');
  });

  it('retention gives each requester one fresh pseudonym, never one computed from who they were', () => {
    const a = newPseudonym();
    expect(a.startsWith(PSEUDONYM_PREFIX)).toBe(true);
    expect(newPseudonym()).not.toBe(a);
    const requester = { ...ottavia, name: 'Ottavia Quercioli' };
    const t = { ...makeDraft({ requester, description: 'Sono Ottavia' }), code: 'IT-1', seq: 1, version: 2 };
    const done = retireTicket(t, [makeEvent({ actor: requester, text: 'Sono Ottavia' })], () => 'anon-r1', 99);
    expect(done.ticket).toMatchObject({ requester: { userId: 'anon-r1' }, pseudonymisedAt: 99, description: ERASED_TEXT });
    expect(done.texts).toContain('Sono Ottavia');
    expect(JSON.stringify(done)).not.toMatch(/U0OTT1"|Quercioli/);
  });
});

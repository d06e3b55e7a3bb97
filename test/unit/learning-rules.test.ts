import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/commands/parse-command.js';
import { keepsFailing, learnableKey, withLearnedPhrasings, wordingKey } from '../../src/faq/learning-rules.js';

describe('the knowledge loop rules', () => {
  it('treats wordings that differ only in case, accents, punctuation or shorthand as one', () => {
    expect(wordingKey('La VPN non và!!')).toBe(wordingKey('la vpn non va'));
    expect(wordingKey("Nn riesco a cambiare la pwd")).toBe('non riesco a cambiare la password');
  });

  it('learns no wording without words, too long to be a way of asking, or already a phrasing of the entry', () => {
    const entry = { questions: ['Come reimposto la password?'] };
    expect(learnableKey('  password scaduta  ', entry)).toBe('password scaduta');
    expect(learnableKey('come reimposto la PASSWORD', entry)).toBeNull();
    expect(learnableKey('?!', entry)).toBeNull();
    expect(learnableKey('parola '.repeat(41), entry)).toBeNull();
    expect(learnableKey('x'.repeat(301), entry)).toBeNull();
  });

  it('flags an entry at 3 "No" or more that outnumber the "Yes" among its latest 20 answers', () => {
    const no = (n: number) => Array<boolean>(n).fill(false);
    const yes = (n: number) => Array<boolean>(n).fill(true);
    expect(keepsFailing(no(2))).toBe(false);
    expect(keepsFailing(no(3))).toBe(true);
    expect(keepsFailing([...no(3), ...yes(3)])).toBe(false);
    expect(keepsFailing([...no(4), ...yes(3)])).toBe(true);
    // Only the latest 20 count: old failures are forgotten.
    expect(keepsFailing([...yes(11), ...no(9), ...no(10)])).toBe(false);
  });

  it('adds approved wordings to their entry once each, after its own phrasings', () => {
    const entries = [{ id: 'a', department: 'it', questions: ['vpn non va'], answer: { it: 'x' } }];
    const learnt = withLearnedPhrasings(entries, [
      { entryId: 'a', text: 'VPN KO' },
      { entryId: 'a', text: 'vpn ko!' },
      { entryId: 'a', text: 'VPN non va' },
      { entryId: 'constructor', text: 'nothing' },
    ]);
    expect(learnt).toEqual([{ id: 'a', department: 'it', questions: ['vpn non va', 'VPN KO'], answer: { it: 'x' } }]);
  });

  it('reads `ticket resolve CODE --faq <id> [resolution]`, the flag anywhere after the code', () => {
    expect(parseCommand('ticket resolve IT-4 --faq it-vpn')).toEqual({ verb: 'resolve', code: 'IT-4', resolution: '', faq: 'it-vpn' });
    expect(parseCommand('ticket risolvi IT-4 profilo rifatto --faq it-vpn')).toEqual({ verb: 'resolve', code: 'IT-4', resolution: 'profilo rifatto', faq: 'it-vpn' });
    expect(parseCommand('ticket resolve IT-4 client --fixed')).toEqual({ verb: 'resolve', code: 'IT-4', resolution: 'client --fixed' });
    expect(() => parseCommand('ticket resolve IT-4 --faq')).toThrow(expect.objectContaining({ code: 'COMMAND.USAGE', params: { usage: 'resolve CODE [--faq <id>] [resolution]' } }));
  });
});

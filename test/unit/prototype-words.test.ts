// Every lookup by a word people type (or an operator configures) answers for
// that word alone: the names Object.prototype carries are words like any other.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../app/config.js';
import { commandFromAction, createKeywordTriage, createTfidfMatcher } from '../../src/index.js';
import { parseCommand } from '../../src/commands/parse-command.js';
import { words } from '../../src/faq/normalise.js';
import { hasKey, t } from '../../src/i18n.js';
import { parsePriority } from '../../src/tickets/priority.js';
import { sampleKb } from '../support/desk.js';

const PROTOTYPE_WORDS = ['constructor', '__proto__', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', '__lookupSetter__'];

describe('words that are Object.prototype names', () => {
  it('are plain words to the FAQ normaliser and matcher', () => {
    for (const word of PROTOTYPE_WORDS) {
      // Underscores separate words; what is left of the name is a word like any other.
      expect(words(`my ${word} is broken`)).toEqual(['my', ...word.toLowerCase().split('_').filter(Boolean), 'is', 'broken']);
    }
    const kb = [...sampleKb, { id: 'it-constructor', department: 'it', questions: ['What does the constructor wizard do?'], answer: { en: 'It sets up a laptop.' }, tags: PROTOTYPE_WORDS }];
    const matcher = createTfidfMatcher(kb);
    expect(matcher.matchNow('what does the constructor wizard do')[0]!.entry.id).toBe('it-constructor');
  });

  it('are no priority, no command verb and no button', () => {
    for (const word of PROTOTYPE_WORDS) {
      expect(parsePriority(word), word).toBeNull();
      expect(() => parseCommand(`ticket ${word}`), word).toThrow(expect.objectContaining({ code: 'COMMAND.UNKNOWN' }));
      expect(commandFromAction(`${word.toLowerCase().replace(/_/g, '-')}:IT-1`), word).toBeNull();
    }
  });

  it('name no message and fill no placeholder', () => {
    for (const word of PROTOTYPE_WORDS) expect(hasKey(word), word).toBe(false);
    expect(t('en', 'claim.done', JSON.parse('{"__proto__": {"code": "IT-9"}}'))).toBe('You claimed {code}.');
  });

  it('can be department ids: the keyword triage has no cues for them and still guesses', () => {
    // Ids are lower-case words, so `constructor` is the one Object.prototype name an operator can give.
    const config = loadConfig({ DEPARTMENTS: 'constructor:CON,it:IT' });
    expect(config.DEPARTMENTS.map((d) => d.id)).toEqual(['constructor', 'it']);
    const triage = createKeywordTriage(config.DEPARTMENTS.map((d) => d.id));
    expect(triage.guess('the printer does not print').department).toBe('it');
    expect(triage.guess('constructor toString').department).toBe('constructor');
  });
});

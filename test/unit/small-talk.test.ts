import { describe, expect, it } from 'vitest';
import { classifyMessage, typoDistance } from '../../src/conversation/small-talk.js';
import { SMALL_TALK_LINES } from '../support/small-talk-lines.js';

function outcome(text: string): string {
  const said = classifyMessage(text);
  return said.kind === 'did-you-mean' ? `did-you-mean:${said.verb}` : said.kind;
}

describe('small talk, command typos and requests told apart', () => {
  it('has enough lines in both languages to mean something', () => {
    expect(SMALL_TALK_LINES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(SMALL_TALK_LINES.map((l) => l.lang))).toEqual(new Set(['it', 'en']));
  });

  for (const line of SMALL_TALK_LINES) {
    it(`"${line.text}" is ${line.expect}`, () => {
      expect(outcome(line.text)).toBe(line.expect);
    });
  }

  it('spells the suggested command right and keeps what followed it', () => {
    expect(classifyMessage('tickte status IT-3')).toEqual({ kind: 'did-you-mean', verb: 'status', suggestion: 'ticket status IT-3' });
    expect(classifyMessage('tiket lista')).toEqual({ kind: 'did-you-mean', verb: 'list', suggestion: 'ticket lista' });
    expect(classifyMessage('ticket lsit')).toEqual({ kind: 'did-you-mean', verb: 'list', suggestion: 'ticket list' });
  });

  it('leaves well-formed commands and unknown verbs to the command grammar', () => {
    for (const text of ['ticket list', 'ticket stato IT-3', '/ticket new printer', 'ticket frobnicate', 'ticket']) {
      expect(classifyMessage(text), text).toEqual({ kind: 'request' });
    }
  });

  it('knows the language of the words, and none for words both languages use', () => {
    expect(classifyMessage('grazie mille')).toMatchObject({ topic: 'thanks', language: 'it' });
    expect(classifyMessage('thank you')).toMatchObject({ topic: 'thanks', language: 'en' });
    expect(classifyMessage('ok')).toMatchObject({ topic: 'ack', language: null });
    expect(classifyMessage('ciao, aiuto')).toMatchObject({ topic: 'help', language: 'it' });
  });

  it('reads a long run of polite words as a request, not as thanks', () => {
    expect(classifyMessage('thanks thanks thanks thanks thanks thanks thanks')).toEqual({ kind: 'request' });
  });

  it('counts two swapped letters as one slip', () => {
    expect(typoDistance('thnaks', 'thanks')).toBe(1);
    expect(typoDistance('grazzie', 'grazie')).toBe(1);
    expect(typoDistance('stampante', 'grazie')).toBeGreaterThan(2);
  });
});

// Real messages are typed in a hurry: with urgency ("urgente!!", "asap",
// "please help"), typos ("pasword"), and where it happens ("al 3° piano").
// None of that changes which answer fits, and none of it may make the FAQ
// answer a question it does not cover.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../app/config.js';
import { createTfidfMatcher } from '../../src/faq/create-tfidf-matcher.js';
import { contentWords } from '../../src/faq/features.js';
import { words } from '../../src/faq/normalise.js';
import { sampleKb } from '../support/desk.js';

const matcher = createTfidfMatcher(sampleKb);
const threshold = loadConfig({}).FAQ_ANSWER_THRESHOLD;
const top = (text: string) => matcher.matchNow(text, 1)[0];

const covered: [string, string][] = [
  // Two messages that went wrong in the web chat.
  ['la stampante al 3 piano è bloccata', 'it-printer-jam'],
  ['ho dimenticato la pasword… urgente!!', 'it-password-reset'],
  // Other jams, wherever the printer is.
  ['la stampante si è inceppata', 'it-printer-jam'],
  ['printer is jammed on floor 2', 'it-printer-jam'],
  ['the printer on the 3rd floor is stuck', 'it-printer-jam'],
  ['la stampante del terzo piano si è inceppata', 'it-printer-jam'],
  ['printer on the 2nd floor jammed, asap', 'it-printer-jam'],
  ['stampante incepata al primo piano', 'it-printer-jam'],
  ['the printer is jamed', 'it-printer-jam'],
  // Urgent, with typos, in both languages.
  ['I forgot my pasword asap!!', 'it-password-reset'],
  ['i forgot my pasword please help!!', 'it-password-reset'],
  ['forgot my passwrod!! urgent', 'it-password-reset'],
  ['URGENTE: ho dimenticato la password!!!', 'it-password-reset'],
  ['la mia password è scadutta, urgente', 'it-password-reset'],
  ['password dimenticata subito per favore', 'it-password-reset'],
  ['il mio acount è bloccato!! urgente', 'it-account-locked'],
  ['my acount is locked, urgent', 'it-account-locked'],
  ['vpn non si conette… urgente!!', 'it-vpn-connect'],
  ['VPN not conecting, urgent!!', 'it-vpn-connect'],
  ['la casella è piena!! urgente', 'it-mailbox-full'],
  ['mailbox full please help asap', 'it-mailbox-full'],
  // A floor is where, not what: "secondo" still counts in "secondo monitor".
  ['il monitor del secondo piano non si accende', 'it-monitor-second'],
  ['come aggiungo una stampante di rete, urgente', 'it-printer-add'],
];

const notCovered = [
  'can I bring my dog to the office, urgent!!',
  'the elevator on floor 3 is stuck, urgent',
  'la macchinetta del caffè al secondo piano è bloccata!!',
  'quando arriva la tredicesima? urgente',
  'how do I reset the router at home asap',
  'il mio cane è bloccato in ascensore, aiuto!!',
  'la stampante fa il caffè?',
  'urgente!!',
];

describe('FAQ answers through urgency, typos and places', () => {
  it.each(covered)('answers "%s" with %s, confidently', (text, id) => {
    const found = top(text)!;
    expect(found.entry.id).toBe(id);
    expect(found.confidence).toBeGreaterThanOrEqual(threshold);
  });

  it.each(notCovered)('does not answer "%s" confidently', (text) => {
    expect(top(text)?.confidence ?? 0).toBeLessThan(threshold);
  });

  it('reads a typo as the word the knowledge base uses, and only one slip away', () => {
    expect(top('ho dimenticato la pasword')!.confidence).toBeCloseTo(top('ho dimenticato la password')!.confidence, 2);
    expect(top('ho dimenticato la pxsswxrd')!.confidence).toBeLessThan(top('ho dimenticato la password')!.confidence);
  });
});

describe('content words', () => {
  it('leave out a floor beside its number, and nothing else about floors or ordinals', () => {
    expect(contentWords(words('la stampante al 3° piano'))).toEqual(['stampante']);
    expect(contentWords(words('printer on the 2nd floor'))).toEqual(['printer']);
    expect(contentWords(words('piano terra, stampante'))).toEqual(['stampante']);
    expect(contentWords(words('please clean the floor'))).toEqual(['clean', 'floor']);
    expect(contentWords(words('secondo monitor'))).toEqual(['secondo', 'monitor']);
    expect(contentWords(words('piano ferie urgente!!'))).toEqual(['piano', 'ferie']);
  });
});

// What people type instead of pressing a step's button, in Italian, English,
// and both, with the typos and filler chat has.
import { describe, expect, it } from 'vitest';
import { readTypedAnswer } from '../../src/commands/guided-fix.js';
import type { GuideStep } from '../../src/faq/guide.js';

const tryThis: GuideStep = { id: 'restart', text: { it: 'Riavvia la stampante.', en: 'Restart the printer.' } };
const yesNo: GuideStep = {
  id: 'light',
  text: { it: 'Guarda la spia.', en: 'Look at the light.' },
  ask: { it: 'La spia è arancione?', en: 'Is the light orange?' },
  choices: [
    { label: { it: 'Sì', en: 'Yes' }, next: 'jam' },
    { label: { it: 'No', en: 'No' }, next: 'driver' },
  ],
};
const named: GuideStep = {
  id: 'phone',
  text: { it: 'Prendi il vecchio telefono.', en: 'Take your old phone.' },
  ask: { it: 'Hai ancora il vecchio telefono?', en: 'Do you still have the old phone?' },
  choices: [
    { label: { it: 'Ce l\'ho ancora', en: 'I still have it' }, next: 'move' },
    { label: { it: 'Perso o rotto', en: 'Lost or broken' }, next: 'ticket' },
  ],
};

describe('typed answers to a step to try', () => {
  it.each([
    ['ora funziona!!', 'done'],
    ['si funziona grazie', 'done'],
    ['ora va', 'done'],
    ['risolto, grazie mille', 'done'],
    ['it works now, thanks!', 'done'],
    ['yes it worked', 'done'],
    ['fixed :)', 'done'],
    ['no', 'next'],
    ['non funziona', 'next'],
    ['no non va ancora', 'next'],
    ['ancora niente', 'next'],
    ['nope, still blank', 'next'],
    ["didn't help", 'next'],
    ["doesn't work", 'next'],
    ['still not working', 'next'],
    ['avanti', 'next'],
    ['sono bloccato', 'stuck'],
    ["I'm stuck", 'stuck'],
    ['non ci riesco', 'stuck'],
    ["can't find the button", 'stuck'],
    ['apri un ticket per favore', 'stuck'],
    ['open a ticket please', 'stuck'],
    ['non so dove sia il pulsante', 'stuck'],
  ])('%s → %s', (text, kind) => {
    expect(readTypedAnswer(text, tryThis)?.press).toEqual({ kind });
  });

  it('a press that says more keeps its words for the ticket; "working" with a but is asked back, not solved', () => {
    expect(readTypedAnswer('no, e ora la spia è rossa', tryThis)).toEqual({ press: { kind: 'next' }, bare: false });
    expect(readTypedAnswer('no non va ancora', tryThis)).toEqual({ press: { kind: 'next' }, bare: true });
    expect(readTypedAnswer("it's working but very very slow", tryThis)).toEqual({ press: 'unsure', bare: false });
    expect(readTypedAnswer("forgot my password, can't log in to my PC", tryThis)).toEqual({ press: { kind: 'stuck' }, bare: false });
  });

  it.each(['fatto', 'ok', 'done', 'ok fatto', 'grazie', 'va bene', 'thanks', 'sì', 'yes'])('%s: done, but did it work? the desk asks', (text) => {
    expect(readTypedAnswer(text, tryThis)?.press).toBe('unsure');
  });

  it.each([
    'dove trovo il tasto di accensione?',
    'the light is blinking orange',
    'la spia lampeggia arancione e fa un bip',
    'ho riavviato ma adesso stampa tutte le pagine a righe nere e il vassoio fa un rumore strano',
    '',
    // Details that once read as "it works".
    'si blocca sempre',
    'si è spenta di nuovo',
    'Outlook va in crash appena lo apro',
    'va in errore',
    'dove va inserito il nastro',
    'great, now it shows error 0x8007',
  ])('%s: a detail or a question, not an answer', (text) => {
    expect(readTypedAnswer(text, tryThis)).toBeNull();
  });
});

describe('typed answers to a question', () => {
  it.each([
    ['sì', 0],
    ['si', 0],
    ['yes', 0],
    ['yep', 0],
    ['Sì, è arancione', 0],
    ['no', 1],
    ['nope', 1],
    ['no, è verde', 1],
  ])('%s picks choice %i of a yes/no question', (text, choice) => {
    expect(readTypedAnswer(text, yesNo)?.press).toEqual({ kind: 'pick', choice });
  });

  it('"yes but it blinks" picks Yes and keeps the rest for the ticket', () => {
    expect(readTypedAnswer('yes but it blinks', yesNo)).toEqual({ press: { kind: 'pick', choice: 0 }, bare: false });
    expect(readTypedAnswer('sì', yesNo)).toEqual({ press: { kind: 'pick', choice: 0 }, bare: true });
  });

  it.each([
    ["ce l'ho ancora", 0],
    ['I still have it', 0],
    ['perso o rotto', 1],
    ['lost or broken', 1],
  ])('%s picks the choice it names (%i)', (text, choice) => {
    expect(readTypedAnswer(text, named)?.press).toEqual({ kind: 'pick', choice });
  });

  it('"sono bloccato" on a question opens the ticket; "it works" answers none of its choices', () => {
    expect(readTypedAnswer('sono bloccato', yesNo)?.press).toEqual({ kind: 'stuck' });
    expect(readTypedAnswer('it works', yesNo)).toBeNull();
    expect(readTypedAnswer('boh', named)).toBeNull();
  });
});

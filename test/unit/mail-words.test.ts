// How the desk reads the words of a mail: SOLVED in either language as the first
// thing said, a bare score, and a subject without what mail clients add to it.
import { describe, expect, it } from 'vitest';
import { cleanSubject, localeOfMail, mailRequestText, saysSolved } from '../../src/index.js';
import { scoreIn, soundsThankful } from '../../src/mail/mail-words.js';

describe('mail words', () => {
  it.each([
    ['SOLVED', true],
    ['Risolto, grazie mille!', true],
    ['solved.\n\nThanks', true],
    ['RISOLTA', true],
    ['Non è risolto, stampa ancora bianco', false],
    ['not solved yet', false],
    ['I solved half of it but the macro still fails', false],
    ['Great, it works now. Thanks a lot!', true],
    ['Yes solved, thanks', true],
    ['Sì, risolto grazie', true],
    ['Ok funziona, grazie mille', true],
    ['Non funziona ancora', false],
    ["It isn't fixed", false],
    ['', false],
  ])('"%s" says it is fixed: %s', (text, solved) => {
    expect(saysSolved(text)).toBe(solved);
  });

  it.each([
    ['Thank you so much Anna, you saved my day!', true],
    ['Grazie mille, perfetto', true],
    ['Grazie, ma la stampante è ancora rotta', false],
    ['Thanks, but it still fails', false],
    [`Thanks. ${'The new laptop also has a problem with the dock. '.repeat(10)}`, false],
  ])('"%s" is only a thank-you: %s', (text, thankful) => {
    expect(soundsThankful(text)).toBe(thankful);
  });

  it.each([
    ['5', 5],
    ['4!', 4],
    ['3/5', 3],
    ['2 \n\n-- \nMario', 2],
    ['10', null],
    ['5 monitors are broken', null],
    ['0', null],
  ])('"%s" is a rating of %s', (text, score) => {
    expect(scoreIn(text)).toBe(score);
  });

  it.each([
    ['Re: R: [IT-42] Stampante', 'Stampante'],
    ['RE: [it-7]   Fwd: VPN lenta', 'VPN lenta'],
    ['I: Inoltro: Badge', 'Badge'],
    ['[HR-3] Re: ferie', 'ferie'],
    ['Report Q3 [draft]', 'Report Q3 [draft]'],
  ])('cleans "%s" to "%s"', (subject, clean) => {
    expect(cleanSubject(subject)).toBe(clean);
  });

  it('puts the subject first unless the body starts with it, and never loses either', () => {
    expect(mailRequestText('Re: Stampante', 'Stampa pagine bianche')).toBe('Stampante\n\nStampa pagine bianche');
    expect(mailRequestText('Stampante', 'Stampante del terzo piano rotta')).toBe('Stampante del terzo piano rotta');
    expect(mailRequestText('', 'Only a body')).toBe('Only a body');
    expect(mailRequestText('Only a subject', '')).toBe('Only a subject');
  });

  it('tells the language from the words when there are some', () => {
    expect(localeOfMail('Buongiorno, la stampante del terzo piano non funziona più da ieri')).toBe('it');
    expect(localeOfMail('Hello, the printer on the third floor has not worked since yesterday')).toBe('en');
    expect(localeOfMail('ZT411')).toBeUndefined();
  });
});

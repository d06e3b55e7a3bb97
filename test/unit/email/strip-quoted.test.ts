import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stripQuoted } from '../../../adapters/channels/email/strip-quoted.js';

describe('stripQuoted', () => {
  it('removes ">" lines and the "On … wrote:" above them, keeping the reply on top', () => {
    const text = 'Yes, done.\n\nOn Tue, 4 Nov 2026 at 09:00, Desk <d@example.com> wrote:\n\n> Can you restart?\n> Thanks\n';
    expect(stripQuoted(text)).toBe('Yes, done.');
  });

  it('removes Italian, Thunderbird and French intros', () => {
    expect(stripQuoted('Fatto.\n\nIl giorno mar 4 nov 2026 alle ore 09:00 Desk <d@example.com> ha scritto:\n> Riavvia\n')).toBe('Fatto.');
    expect(stripQuoted('Fatto.\n\nIl 04/11/2026 09:00, Desk ha scritto:\n> Riavvia\n')).toBe('Fatto.');
    expect(stripQuoted('Fait.\n\nLe mar. 4 nov. 2026 à 09:00, Desk <d@example.com> a écrit :\n> Redémarrez\n')).toBe('Fait.');
  });

  it('removes an intro that mailparser wrapped when it turned Gmail\'s HTML into text', () => {
    const text = 'Grazie mille!\n\nIl giorno lun 3 nov 2026 alle ore 10:02 Help Desk IT <helpdesk-it@example.com\n[helpdesk-it@example.com]> ha scritto:\n\n\n> Ciao';
    expect(stripQuoted(text)).toBe('Grazie mille!');
  });

  it('keeps someone\'s own sentence that merely says who wrote what', () => {
    const text = 'Il tecnico ha scritto:\nriavvia il PC.\nOn the portal, the manager wrote:\nno access.';
    expect(stripQuoted(text)).toBe(text);
  });

  it('cuts an intro with no ">" under it, as clients that quote by indenting produce', () => {
    expect(stripQuoted('Ok.\n\nOn Tue, 4 Nov 2026 at 09:00, Desk wrote:\n\n    Can you restart?\n')).toBe('Ok.');
  });

  it('cuts at Outlook header blocks in English and Italian, and at "-----Messaggio originale-----"', () => {
    expect(stripQuoted('Ok\n\nFrom: Desk <d@example.com>\nSent: Monday, 3 November 2026 10:02\nTo: Me\nSubject: x\n\nold')).toBe('Ok');
    expect(stripQuoted('Ok\n\n*Da:* Desk\n*Inviato:* lunedì\n*A:* Me\n*Oggetto:* x\n\nvecchio')).toBe('Ok');
    expect(stripQuoted('Ok\n\n-----Messaggio originale-----\nDa: Desk\nvecchio')).toBe('Ok');
    expect(stripQuoted('Ok\n________________________________\nDa: Desk\nInviato: lunedì\nA: Me\n')).toBe('Ok');
  });

  it('keeps a lone "Da:" line that starts someone\'s sentence', () => {
    expect(stripQuoted('Da: lunedì il PC non parte.\nA: nessuno ha risposto.')).toBe('Da: lunedì il PC non parte.\nA: nessuno ha risposto.');
  });

  it('cuts at "-- " and at mobile footers, in both languages', () => {
    expect(stripQuoted('Ciao\n-- \nMario\n02 1234')).toBe('Ciao');
    for (const footer of ['Sent from my iPhone', 'Inviato da iPhone', 'Sent from Outlook for Android', 'Inviato da Outlook per Android', 'Get Outlook for iOS', 'Inviato dal mio smartphone Samsung Galaxy.']) {
      expect(stripQuoted(`Ciao\n\n${footer}\n\n> old`)).toBe('Ciao');
    }
  });

  it('keeps a "Sent from my …" that names no device', () => {
    expect(stripQuoted('Sent from my home computer, the VPN is down.\nPlease call me.')).toBe('Sent from my home computer, the VPN is down.\nPlease call me.');
    expect(stripQuoted('Ciao\n\nSent from my Samsung Galaxy smartphone.')).toBe('Ciao');
  });

  it('tidies whitespace: CRLF, trailing spaces, runs of blank lines', () => {
    expect(stripQuoted('\r\n\r\nOne  \r\n\r\n\r\n\r\nTwo\t\r\n\r\n')).toBe('One\n\nTwo');
  });

  it('returns nothing for a mail that is only quote (the caller keeps the full text)', () => {
    expect(stripQuoted('> a\n> b\n')).toBe('');
  });

  it('never throws and never returns more than it was given', () => {
    const line = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.constantFrom('> quoted', '-- ', '--', 'On Mon, 3 Nov 2026 at 10:02, A <a@b> wrote:', 'Il giorno lun 3 nov 2026 alle ore 10:02 A <', 'a@b> ha scritto:', 'Da: x', 'Inviato: y', 'Oggetto: z', 'From: x', 'Sent: y', 'To: z', '-----Original Message-----', 'Inviato da iPhone', '', '   ', '\r', '__________'),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.constantFrom('\n', '\r\n', '\r'), (lines, eol) => {
        const text = lines.join(eol);
        expect(stripQuoted(text).length).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 500 },
    );
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => stripQuoted(text).length <= text.length));
  });

  it('reads a 2 MB text in well under a second', () => {
    const text = `${'On '.repeat(150)}wrote\n`.repeat(2_000) + `Il 12 ${'1 '.repeat(190)}\n`.repeat(2_000) + `Le 3 ${'9 '.repeat(60)}a écrit:\n`.repeat(2_000) + 'x'.repeat(200_000);
    const start = performance.now();
    stripQuoted(text);
    expect(performance.now() - start).toBeLessThan(1_000);
  });
});

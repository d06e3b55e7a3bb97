// Control and bidi characters: gone from names, shown as markers in text,
// whatever channel brought them (the desk cleans every event once).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import { cleanName, MARKERS_MAX, markHiddenCharacters } from '../../src/pipeline/hidden-characters.js';
import { createTestDesk, person } from '../support/desk.js';

const HIDDEN = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

describe('hidden characters', () => {
  it('are shown in text as markers naming them; tabs and line ends stay', () => {
    expect(markHiddenCharacters('invoice\u202Eexe.pdf')).toEqual({ text: 'invoice⟦U+202E⟧exe.pdf', marked: 1 });
    expect(markHiddenCharacters('a\u2066b\u2069c\u0000d\u001Be\u0085f\u007F')).toEqual({ text: 'a⟦U+2066⟧b⟦U+2069⟧c⟦U+0000⟧d⟦U+001B⟧e⟦U+0085⟧f⟦U+007F⟧', marked: 6 });
  });

  it('marks a flood of hidden characters in a few markers, so the text stays about as long as it was sent', () => {
    expect(markHiddenCharacters('\u202E'.repeat(4000))).toEqual({ text: '⟦U+202E ×4000⟧', marked: 4000 });
    const alternating = markHiddenCharacters('a\u202E'.repeat(2000));
    expect(alternating.marked).toBe(2000);
    expect(alternating.text.length).toBeLessThan(4000 + 400);
    expect(alternating.text.endsWith(`⟦+${2000 - MARKERS_MAX} hidden⟧`)).toBe(true);
    expect(markHiddenCharacters('line one\r\nline two\rthree\n\tindented')).toEqual({ text: 'line one\nline two\nthree\n\tindented', marked: 0 });
    // Right-to-left writing itself is text, not a trick: Hebrew and Arabic pass untouched.
    expect(markHiddenCharacters('שלום مرحبا')).toEqual({ text: 'שלום مرحبا', marked: 0 });
  });

  it('are removed from names, which stay on one line; an empty name falls back', () => {
    expect(cleanName('Anna\u202E (IT lead)\u0007\u2066', 'u1')).toBe('Anna (IT lead)');
    expect(cleanName('Mario\nRossi\t', 'u1')).toBe('Mario Rossi');
    expect(cleanName('\u202E\u0000 ', 'U123')).toBe('U123');
    expect(cleanName('\u202E', '\u202E')).toBe('?');
    // The fallback is a platform's user id: just as free, just as cleaned (found by the fuzz suite, FUZZ_SEED=3).
    expect(cleanName('\u202E', 'ab\n\rcd\u0000  e')).toBe('ab cd e');
  });

  describe('through the desk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sportello-hidden-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reach agents marked, in the card, the transcript and a relayed reply, under a clean name', async () => {
      const desk = await createTestDesk(createSqliteStore({ file: join(dir, 'desk.db') }));
      const anna = await desk.agent({ userId: 'anna', name: 'Anna' });
      const mallory = person('mallory', 'Sup\u202Eport\u202C Desk\u0000', 'en');
      const [opened] = await desk.say(mallory, 'ticket new --no-faq --dept it reset my password\u2067 at once');
      const code = opened!.ticket!.code;
      const card = desk.teamInbox('it').at(-1)!;
      expect(card.text).toContain('from Support Desk: reset my password⟦U+2067⟧ at once');
      await desk.press(anna, `claim:${code}`);
      await desk.say(anna, `ticket reply ${code} Which account?`);
      await desk.say(mallory, 'the admin one\u202Egnp.exe');
      const relayed = desk.inbox(anna).at(-1)!;
      expect(relayed.text).toContain('Support Desk');
      expect(relayed.text).toContain('the admin one⟦U+202E⟧gnp.exe');
      const [status] = await desk.say(anna, `ticket status ${code}`);
      expect(status!.text).toContain('• Support Desk: the admin one⟦U+202E⟧gnp.exe');
      for (const reply of [card, relayed, status!]) expect(reply.text).not.toMatch(HIDDEN);
      // A form's fields (a typed command) are cleaned the same way.
      const [formed] = await desk.run(mallory, { verb: 'new', text: 'from a form\u202E', department: 'it' });
      expect(desk.teamInbox('it').at(-1)!.text).toContain(`${formed!.ticket!.code}`);
      expect(desk.teamInbox('it').at(-1)!.text).toContain('from a form⟦U+202E⟧');
      // An agent record named by a platform or a sign-in, read by others when a ticket is assigned to them.
      await desk.agent({ userId: 'bo', name: 'Bo\u202E\u0007 Admin' });
      const [assigned] = await desk.say(anna, `ticket assign ${code} @bo`);
      expect(assigned!.text).toContain('Bo Admin');
      for (const reply of [assigned!, ...desk.sent.slice(-3).map((o) => o.reply)]) expect(reply.text).not.toMatch(HIDDEN);
      await desk.store.close();
    });
  });
});

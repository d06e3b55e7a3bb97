// Requests by e-mail through the desk on a real store: the commands the e-mail
// channel hands in (mail-new, mail-reply, mail-answer) and what the requester
// and the agents get back. The channel's own parts (IMAP, SMTP, threading,
// robots) are tested with Dovecot in email-channel.test.ts.
import { describe, expect, it } from 'vitest';
import { createArchive } from '../../src/archive/archive.js';
import type { Command, Participant, Reply } from '../../src/index.js';
import { createTestDesk, type StoreEnv, type TestDesk, useStore } from '../support/desk.js';

const DAY = 24 * 3600_000;

export function runMailFlows(name: string, openStore: () => Promise<StoreEnv>): void {
  describe(`requests by e-mail on ${name}`, () => {
    let d: TestDesk;
    let agent: Participant;
    let n = 0;
    const sender = (locale: 'it' | 'en' = 'en'): Participant => ({ platform: 'email', userId: `person${++n}@acme.it`, name: `Person ${n}`, locale });
    const mail = (from: Participant, command: Command, id = `m${++n}@mail.acme.it`) => d.handle({ kind: 'command', channel: 'email', from, command, id });
    const newMail = (from: Participant, subject: string, text: string, department?: string) => mail(from, { verb: 'mail-new', subject, text, ...(department ? { department } : {}) });
    const codeIn = (replies: Reply[]) => replies.find((r) => r.ticket)!.ticket!.code;
    const status = async (code: string) => (await d.store.get(code))!.status;

    useStore(openStore, async ({ store }) => {
      d = await createTestDesk(store, { settings: { ticketIntake: 'confirm', reopenClosedMs: 7 * DAY } });
      agent = await d.agent({ userId: 'mail-agent', name: 'Anna', departments: ['it', 'hr', 'facilities', 'finance'], tier: 3 });
    });

    it('answers a mail the FAQ is sure of, with how to say SOLVED, and opens no ticket; SOLVED counts the deflection', async () => {
      const u = sender();
      const [answer] = await newMail(u, 'Mailbox', 'My mailbox is full');
      expect(answer!.text).toMatch(/Reply to this mail with SOLVED, or reply with more details/);
      expect(answer!.ticket).toBeUndefined();
      expect(await d.store.byRequester('email', u.userId, { limit: 5 })).toHaveLength(0);
      const offer = answer!.actions!.find((a) => a.id.startsWith('faq-yes:'))!.id.slice('faq-yes:'.length);
      const deflected = d.counters.deflected;
      const [solved] = await mail(u, { verb: 'mail-answer', offer, text: 'SOLVED\n\nthanks!' });
      expect(solved!.text).toMatch(/no ticket was opened/);
      expect(d.counters.deflected).toBe(deflected + 1);
      expect(await d.store.byRequester('email', u.userId, { limit: 5 })).toHaveLength(0);
    });

    it('opens a ticket with the question, the details and the answer tried when the reply to an answer says more', async () => {
      const u = sender();
      const [answer] = await newMail(u, '', 'My mailbox is full');
      const offer = answer!.actions!.find((a) => a.id.startsWith('faq-yes:'))!.id.slice('faq-yes:'.length);
      const replies = await mail(u, { verb: 'mail-answer', offer, text: 'I emptied the trash and it still says 100%, since Monday.' });
      const tk = (await d.store.get(codeIn(replies)))!;
      expect(tk.description).toBe('My mailbox is full\n\nI emptied the trash and it still says 100%, since Monday.');
      expect(tk.faqTried).toBe('it-mailbox-full');
      // Answered already: a second reply to the same answer mail is a request of its own, never lost.
      const again = await mail(u, { verb: 'mail-answer', offer, text: 'Also the calendar does not sync on the laptop in room 4' });
      expect(codeIn(again)).not.toBe(tk.code);
    });

    it('opens a ticket at once (no "shall I open one?" a mail cannot press), titled by the subject, in the mailbox\'s department', async () => {
      const u = sender('it');
      const replies = await newMail(u, 'R: Perdita aria condizionata sala Verdi', 'Da stamattina il condizionatore della sala Verdi gocciola sul pavimento.', 'facilities');
      const code = codeIn(replies);
      expect(code).toMatch(/^FAC-\d+$/);
      expect(replies[0]!.text).toMatch(new RegExp(`^Ho aperto il ticket ${code} `));
      const tk = (await d.store.get(code))!;
      expect(tk.title).toBe('Perdita aria condizionata sala Verdi');
      expect(tk.channel).toBe('email');
    });

    it('says nothing and opens nothing for a thank-you mail', async () => {
      const u = sender();
      expect(await newMail(u, 'Re: thanks', 'Thanks a lot!')).toEqual([]);
      expect(await d.store.byRequester('email', u.userId, { limit: 5 })).toHaveLength(0);
    });

    it('adds a reply in the thread to the ticket; SOLVED on the resolved ticket closes it; words after a resolution reopen it with them', async () => {
      const u = sender();
      const code = codeIn(await newMail(u, 'VPN', 'The VPN client crashes at start on my laptop since the update'));
      await d.say(agent, `ticket reply ${code} Which version does it show?`);
      const pushed = d.inbox(u).at(-1)!;
      expect(pushed.text).toMatch(/Which version does it show\?/);
      await mail(u, { verb: 'mail-reply', code, text: 'Version 5.2, screenshot attached later' });
      expect((await d.store.events(code)).at(-1)).toMatchObject({ kind: 'message', text: 'Version 5.2, screenshot attached later' });
      expect(await status(code)).toBe('in_progress');

      await d.say(agent, `ticket resolve ${code} Reinstalled 5.3`);
      expect(d.inbox(u).at(-1)!.actions?.map((a) => a.id)).toContain(`confirm:${code}`);
      await mail(u, { verb: 'mail-reply', code, text: 'Thanks!' });
      expect(await status(code)).toBe('resolved');
      await mail(u, { verb: 'mail-reply', code, text: 'Still crashes when I connect from home' });
      expect(await status(code)).toBe('open');
      expect((await d.store.events(code)).at(-1)).toMatchObject({ kind: 'reopened', text: 'Still crashes when I connect from home' });

      await d.say(agent, `ticket resolve ${code} Profile rebuilt`);
      await mail(u, { verb: 'mail-reply', code, text: 'Risolto, grazie mille' });
      expect(await status(code)).toBe('closed');
      // The rating question is answered with a number; it thanks without inviting a comment the next mail would turn into a reopening.
      const [rated] = await mail(u, { verb: 'mail-reply', code, text: '4\n\n-- \nPerson' });
      expect(rated!.text).toBe(`Thank you for rating ${code} 4/5.`);
      expect((await d.store.get(code))!.rating?.score).toBe(4);
      expect(await status(code)).toBe('closed');
    });

    it('reopens a closed ticket written to within the window, and after it opens a new one that says which it follows', async () => {
      const u = sender();
      // The solved archive, as the server keeps it: a reopened ticket is no longer a solution to offer.
      const archive = createArchive({ logger: d.deps.logger });
      d.deps.archive = archive;
      const solved = async () => (await archive.similar('budget workbook macro #REF', 3)).map((h) => [h.ticket.code, h.ticket.resolution]);
      const code = codeIn(await newMail(u, 'Budget macro', 'The budget workbook macro returns #REF since the quarter rollover'));
      await d.say(agent, `ticket resolve ${code} Named range restored`);
      await mail(u, { verb: 'mail-reply', code, text: 'SOLVED' });
      expect(await status(code)).toBe('closed');
      expect(await solved()).toEqual([[code, 'Named range restored']]);
      // A thank-you after the end changes nothing.
      expect(await mail(u, { verb: 'mail-reply', code, text: 'grazie!' })).toEqual([]);
      d.clock.t += 2 * DAY;
      const [back] = await mail(u, { verb: 'mail-reply', code, text: 'The #REF is back since this morning' });
      expect(back!.text).toBe(`${code} is open again; an agent will look at it.`);
      expect(await status(code)).toBe('open');
      expect((await d.store.get(code))!.closedAt).toBeUndefined();
      expect(await solved()).toEqual([]);

      await d.say(agent, `ticket resolve ${code} Macro rewritten for the new quarter`);
      await mail(u, { verb: 'mail-reply', code, text: 'solved' });
      expect(await solved()).toEqual([[code, 'Macro rewritten for the new quarter']]);
      delete d.deps.archive;
      d.clock.t += 8 * DAY;
      const later = await mail(u, { verb: 'mail-reply', code, text: 'The macro fails again on the new quarter', subject: `Re: [${code}] Budget macro` });
      const next = codeIn(later);
      expect(next).not.toBe(code);
      expect(await status(code)).toBe('closed');
      const tk = (await d.store.get(next))!;
      expect(tk.title).toBe('Budget macro');
      expect(tk.description).toMatch(new RegExp(`The macro fails again on the new quarter\\n\\n\\(This follows ${code}, closed on \\d{4}-\\d\\d-\\d\\d\\.\\)$`));
    });

    it('treats a mail in the thread of someone else\'s ticket as a request of its own, telling nothing about that ticket', async () => {
      const owner = sender();
      const other = sender();
      const code = codeIn(await newMail(owner, 'Plotter', 'The label plotter in the warehouse on floor 3 prints blank stickers'));
      const replies = await mail(other, { verb: 'mail-reply', code, text: 'Same here on floor 2, blank stickers from the plotter', subject: `Re: [${code}] Plotter` });
      const theirs = codeIn(replies);
      expect(theirs).not.toBe(code);
      expect(replies.map((r) => r.text).join('\n')).not.toMatch(/floor 3/);
      expect((await d.store.events(code)).map((e) => e.kind)).toEqual(['created']);
    });

    it('lets a mail act for the person\'s chat identities only when its sender was authenticated', async () => {
      const chat: Participant = { platform: 'web', userId: 'mail-linked', name: 'Carla' };
      await d.store.linkAddress(chat, 'carla@acme.it', d.clock.t);
      const [opened] = await d.say(chat, 'ticket new The docking station in room 12 does not charge the laptop');
      const code = opened!.ticket!.code;
      const forged: Participant = { platform: 'email', userId: 'carla@acme.it', name: 'Carla', unverified: true };
      const replies = await mail(forged, { verb: 'mail-reply', code, text: 'Please send my new password to carla.private@evil.example', subject: `Re: [${code}] dock` });
      expect(codeIn(replies)).not.toBe(code);
      expect((await d.store.events(code)).map((e) => e.kind)).toEqual(['created']);
      const proven: Participant = { platform: 'email', userId: 'carla@acme.it', name: 'Carla' };
      expect(await mail(proven, { verb: 'mail-reply', code, text: 'It charges again after the firmware update, thanks' })).toEqual([]);
      expect((await d.store.events(code)).at(-1)).toMatchObject({ kind: 'message', text: 'It charges again after the firmware update, thanks' });
    });

    it('refuses the mail verbs from any other channel', async () => {
      const webUser: Participant = { platform: 'web', userId: 'mail-web', name: 'Web' };
      const [refused] = await d.run(webUser, { verb: 'mail-new', subject: 'x', text: 'The printer is broken again today' });
      expect(refused!.text).toMatch(/^I don't know "mail"/);
      expect(await d.store.byRequester('web', 'mail-web', { limit: 5 })).toHaveLength(0);
    });
  });
}

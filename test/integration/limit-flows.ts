// Limits a person meets at the desk (tickets an hour, messages a minute), end to
// end through HelpDesk on a real store. Exported so they run on SQLite and Mongo.
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/index.js';
import { createTestDesk, person, useStore, type StoreEnv } from '../support/desk.js';

const MINUTE = 60_000;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

export function runLimitFlows(name: string, openStore: () => Promise<StoreEnv>): void {
  describe(`limits on ${name}`, () => {
    let env: StoreEnv;
    let n = 0;
    const someone = (locale?: 'it' | 'en') => person(`limited${++n}`, `Limited ${n}`, locale);

    useStore(openStore, (opened) => (env = opened));

    it('opens 20 of the 300 tickets one person asks for at once; the rest are told why in their language, with their text', async () => {
      // The repro: one user opened 300 tickets in 353 ms.
      const d = await createTestDesk(env.store, { settings: { ticketsPerHour: 20 } });
      const giulia = someone('it');
      const replies = await Promise.all(range(300).map((i) => d.say(giulia, `ticket new --no-faq il monitor numero ${i} è spento`)));
      const opened = replies.filter(([r]) => r!.ticket);
      const refused = replies.map((r, i) => ({ reply: r[0]!, i })).filter(({ reply }) => !reply.ticket);
      expect(opened).toHaveLength(20);
      expect(refused).toHaveLength(280);
      for (const { reply, i } of refused) {
        expect(reply.ephemeral).toBe(true);
        expect(reply.text).toMatch(/^Ticket non aperto: nell'ultima ora hai aperto 20 ticket, il massimo consentito\. Potrai aprirne un altro tra \d+ min\./);
        // Nothing they wrote is lost: it comes back to send again.
        expect(reply.text.endsWith(`\nil monitor numero ${i} è spento`)).toBe(true);
      }
      expect(await env.store.openedSince(giulia, 0, 1000)).toHaveLength(20);
      expect(d.counters.created).toBe(20);
      // Somebody else is not held back by her.
      const [other] = await d.say(someone('en'), 'ticket new --no-faq my keyboard lost two keys');
      expect(other!.ticket).toMatchObject({ status: 'open' });
    });

    it('says how long until the next one, opens it once the oldest is an hour old, and counts across a restart', async () => {
      const d = await createTestDesk(env.store, { settings: { ticketsPerHour: 3 } });
      const paolo = someone('en');
      const codes: string[] = [];
      for (const what of ['mouse', 'screen', 'dock']) {
        const [r] = await d.say(paolo, `ticket new --no-faq broken ${what}`);
        codes.push(r!.ticket!.code);
        d.clock.t += 10 * MINUTE;
      }
      const firstAt = (await env.store.get(codes[0]!))!.createdAt;
      const [refused] = await d.say(paolo, 'ticket new --no-faq broken chair');
      // Opened 30 minutes and a few seconds after the first: its hour ends in 30 minutes.
      expect(refused!.text).toBe(
        'Ticket not opened: you have opened 3 tickets in the last hour, the most allowed. You can open another in 30 min. ' +
          'Here is what you wrote, to send again then:\nbroken chair',
      );

      // A restart (a new desk on the same store) remembers them.
      const again = await createTestDesk(env.store, { settings: { ticketsPerHour: 3 } });
      again.clock.t = firstAt + 60 * MINUTE - 2_000;
      const [stillRefused] = await again.say(paolo, 'ticket new --no-faq broken chair');
      expect(stillRefused!.text).toContain('You can open another in 1 min.');
      const [opened] = await again.say(paolo, 'ticket new --no-faq broken chair');
      expect(opened!.ticket).toMatchObject({ status: 'open' });
      // Cancelling a ticket does not give its place back: the hour counts what was opened.
      await again.say(paolo, `ticket cancel ${opened!.ticket!.code}`);
      const [full] = await again.say(paolo, 'ticket new --no-faq broken lamp');
      expect(full!.ticket).toBeUndefined();
    });

    it('refuses a ticket from free text and from "No, open a ticket" alike, giving back what was written', async () => {
      const d = await createTestDesk(env.store, { settings: { ticketsPerHour: 1 } });
      const ugo = someone('en');
      const [printer] = await d.say(ugo, 'ticket new --no-faq the printer jams');
      // Withdrawn, so the free text below follows no ticket; it still counts against the hour.
      await d.say(ugo, `ticket cancel ${printer!.ticket!.code}`);
      const [answer] = await d.say(ugo, 'My mailbox is full');
      const no = answer!.actions!.find((a) => a.id.startsWith('faq-no:'))!;
      const [refused] = await d.press(ugo, no.id);
      expect(refused!.text).toMatch(/^Ticket not opened: .*\nMy mailbox is full$/s);
      const [free] = await d.say(ugo, 'zebra quokka wombat kangaroo');
      expect(free!.ticket).toBeUndefined();
      expect(free!.text).toMatch(/^Ticket not opened: .*\nzebra quokka wombat kangaroo$/s);
      expect(await env.store.byRequester('web', ugo.userId, { limit: 10 })).toHaveLength(1);
    });

    it('opens as many as asked with the limit off', async () => {
      const d = await createTestDesk(env.store, { settings: { ticketsPerHour: 0 } });
      const ida = someone();
      const replies = await Promise.all(range(25).map((i) => d.say(ida, `ticket new --no-faq laptop ${i} overheats`)));
      expect(replies.filter(([r]) => r!.ticket)).toHaveLength(25);
    });

    it('reads 60 messages a minute from one person, says so once, then reads nothing more until the minute is over', async () => {
      const d = await createTestDesk(env.store, { settings: { messagesPerMinute: 60 } });
      const carla = someone('it');
      const say = (text: string) => {
        const replies = d.say(carla, text);
        d.clock.t -= 1000 - 100; // ten messages a second
        return replies;
      };
      const answered: Reply[][] = [];
      for (let i = 0; i < 60; i++) answered.push(await say('ticket list'));
      expect(answered.every((r) => r.length === 1 && r[0]!.text.length > 0)).toBe(true);

      const [told, ...rest] = await Promise.all(range(40).map((i) => say(`ticket new --no-faq il telefono ${i} non squilla`)));
      // Six seconds in, 54 left of her minute.
      expect(told).toEqual([
        {
          text: 'Stai scrivendo più in fretta di quanto io riesca a leggere: al massimo 60 messaggi al minuto. Per i prossimi 54 secondi non leggerò nulla di quello che mandi; rimandalo dopo.',
          ephemeral: true,
        },
      ]);
      expect(rest.every((r) => r.length === 0)).toBe(true);
      expect(await env.store.byRequester('web', carla.userId, { limit: 10 })).toEqual([]);

      // Others are read meanwhile.
      expect(await d.say(someone(), 'ticket list')).toHaveLength(1);
      d.clock.t += MINUTE;
      const [opened] = await d.say(carla, 'ticket new --no-faq il telefono non squilla');
      expect(opened!.ticket).toMatchObject({ status: 'open' });
    });

    it('counts agents, commands and buttons alike', async () => {
      const d = await createTestDesk(env.store, { settings: { messagesPerMinute: 3 } });
      const anna = await d.agent({ userId: `agent-${++n}`, name: 'Anna', departments: ['it'] });
      await d.say(anna, 'ticket queue');
      await d.press(anna, 'claim:IT-99999');
      await d.say(anna, 'ticket queue');
      const [told] = await d.press(anna, 'claim:IT-99999');
      expect(told!.text).toMatch(/^You are writing faster than I can read: 3 messages a minute at most\./);
      expect(await d.say(anna, 'ticket queue')).toEqual([]);
    });
  });
}

// What people read about a ticket: status, priority, department and agent in
// words, in their own language; and a Resolve that asks what was done, so the
// requester reads the fix. Exported so the same flows run on SQLite and Mongo.
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/index.js';
import { createTestDesk, person, type TestDesk, useStore, type StoreEnv } from '../support/desk.js';

/** Everything a person reads of a reply: its text and the ticket summary under it. */
const shown = (r: Reply) => JSON.stringify({ text: r.text, ticket: r.ticket && [r.ticket.statusLabel, r.ticket.priorityLabel, r.ticket.departmentName, r.ticket.assigneeName] });

export function runWordsFlows(name: string, openStore: () => Promise<StoreEnv>): void {
  describe(`words for people on ${name}`, () => {
    let d: TestDesk;
    let n = 0;
    const someone = (locale: 'it' | 'en') => person(`words${++n}`, `Words ${n}`, locale);

    useStore(openStore, async ({ store }) => {
      d = await createTestDesk(store);
    });

    it('shows an Italian requester her ticket in Italian words, the agent by name', async () => {
      const maria = someone('it');
      const anna = await d.agent({ userId: 'anna-words', name: 'Anna Bianchi', departments: ['hr'], locale: 'it' });
      const [opened] = await d.say(maria, 'ticket nuovo --dept hr --urgency high il cedolino di marzo non compare nel portale');
      const code = opened!.ticket!.code;
      // The promise is the department's policy; during office hours the answer is due within the hour.
      expect(opened!.text).toBe(`Ho aperto il ticket ${code} (P2 – alta, prima risposta entro 1 ora lavorativa, Risorse umane). Puoi aspettarti una prima risposta entro 1 h.`);
      expect(opened!.ticket).toMatchObject({ statusLabel: 'aperto', priorityLabel: 'P2 – alta, prima risposta entro 1 ora lavorativa', departmentName: 'Risorse umane', slaState: 'ok', slaLabel: 'prima risposta: scade tra 1 h' });

      await d.press(anna, `claim:${code}`);
      const told = d.inbox(maria).at(-1)!;
      expect(told.text).toBe(`Anna Bianchi sta lavorando al tuo ticket ${code}.`);
      expect(told.ticket).toMatchObject({ statusLabel: 'in lavorazione', assigneeName: 'Anna Bianchi' });

      const [status] = await d.say(maria, `ticket stato ${code}`);
      // Answered: the ticket now races its resolution.
      expect(status!.text).toMatch(new RegExp(`^${code} · in lavorazione · P2 – alta, prima risposta entro 1 ora lavorativa · Risorse umane L1 · Anna Bianchi · risoluzione: scade tra \\d+ (h|giorni) — `));
      for (const r of [opened!, told, status!]) {
        expect(shown(r)).not.toMatch(/in_progress|waiting_user|anna-words|, hr\)| hr L/);
      }
    });

    it('tells a requester who writes on Saturday night when the desk will answer, and an agent where the ticket stands', async () => {
      const weekend = await createTestDesk(d.store);
      // Saturday 16 January 2027, 22:00 in Rome: the office opens again on Monday at 09:00.
      weekend.clock.t = Date.UTC(2027, 0, 16, 21, 0);
      const sara = someone('it');
      const [opened] = await weekend.say(sara, 'ticket nuovo --no-faq --dept hr --urgency high il badge non apre il tornello');
      expect(opened!.text).toBe(`Ho aperto il ticket ${opened!.ticket!.code} (P2 – alta, prima risposta entro 1 ora lavorativa, Risorse umane). Puoi aspettarti una prima risposta entro lunedì alle 10:00 CET (ora lo sportello è chiuso).`);
      const eva = await weekend.agent({ userId: 'eva-weekend', name: 'Eva', departments: ['hr'], locale: 'en' });
      // Monday 10:12: the hour went by unanswered.
      weekend.clock.t = Date.UTC(2027, 0, 18, 9, 12);
      const [, item] = await weekend.say(eva, 'ticket queue hr');
      expect(item!.text).toMatch(/ · ⚠️ first response breached 12 min ago$/);
      expect(item!.ticket).toMatchObject({ slaState: 'breached', slaLead: '⚠️ first response breached' });
    });

    it('shows an English requester the same ticket in English words', async () => {
      const ben = someone('en');
      const anna = await d.agent({ userId: 'anna-words-en', name: 'Anna Bianchi', departments: ['facilities'] });
      const [opened] = await d.say(ben, 'ticket new --no-faq --dept facilities the meeting room door lock is stuck');
      const code = opened!.ticket!.code;
      expect(opened!.text).toMatch(new RegExp(`^Ticket ${code} opened \\(P[1-4] – (critical|high|normal|low), first response within [^,]+, Facilities\\)\\. You can expect a first response (within|by) `));
      await d.press(anna, `claim:${code}`);
      await d.say(anna, `ticket reply ${code} Which floor is it on?`);
      const asked = d.inbox(ben).at(-1)!;
      expect(asked.ticket).toMatchObject({ statusLabel: 'waiting for you', departmentName: 'Facilities', assigneeName: 'Anna Bianchi' });
      const [, list] = await d.say(ben, 'ticket list');
      expect(list!.text).toContain(`${code} · waiting for you · `);
      expect(list!.text).toContain(' · Facilities · Anna Bianchi — ');
      // The clock waits with the requester, and the list says so.
      expect(list!.text).toMatch(/ · paused: waiting for your answer$/);
      for (const r of [opened!, asked, list!]) expect(shown(r)).not.toMatch(/waiting_user|anna-words-en|facilities L/);
    });

    it('asks the agent who presses Resolve what was done, and tells the requester exactly that', async () => {
      const luca = someone('it');
      const anna = await d.agent({ userId: 'anna-fin', name: 'Anna Bianchi', departments: ['finance'] });
      const [opened] = await d.say(luca, 'ticket nuovo --no-faq --dept finance il rimborso spese è arrivato due volte');
      const code = opened!.ticket!.code;
      expect(code).toMatch(/^FIN-/);
      await d.press(anna, `claim:${code}`);

      const [ask] = await d.press(anna, `resolve:${code}`);
      expect(ask!.text).toContain(`What did you do to fix ${code}? Write it here`);
      expect((await d.store.get(code))!.status).toBe('in_progress');
      expect(d.inbox(luca).some((r) => r.text.includes('risolto'))).toBe(false);

      const [done] = await d.say(anna, 'Ho annullato il secondo bonifico; il rimborso ora compare una volta sola.');
      expect(done!.text).toBe(`${code} resolved; waiting for Words ${n} to confirm.`);
      const told = d.inbox(luca).at(-1)!;
      expect(told.text).toBe(`Anna Bianchi ha risolto ${code}: Ho annullato il secondo bonifico; il rimborso ora compare una volta sola.\nHa risolto il problema?`);
      expect(told.text).not.toContain('Risolto da');
      expect(told.ticket).toMatchObject({ statusLabel: 'risolto' });

      // The question was answered: what the agent writes next is not a resolution again.
      const after = (await d.store.events(code)).filter((e) => e.kind === 'resolved');
      expect(after).toHaveLength(1);
    });

    it('asks for the resolution when `ticket resolve CODE` comes alone, and resolves at once with one', async () => {
      const eva = someone('en');
      const ida = await d.agent({ userId: 'ida-words', name: 'Ida Rossi', departments: ['it'], locale: 'it' });
      const [opened] = await d.say(eva, 'ticket new --no-faq --dept it my second monitor stays black');
      const code = opened!.ticket!.code;
      await d.press(ida, `claim:${code}`);
      const [ask] = await d.say(ida, `ticket risolvi ${code}`);
      expect(ask!.text).toContain(`Cosa hai fatto per risolvere ${code}? Scrivilo qui`);
      // A command moves on from the question: the free text after it is not taken as the fix.
      await d.say(ida, `ticket nota ${code} cavo da controllare`);
      expect((await d.store.get(code))!.status).toBe('in_progress');

      const [now] = await d.say(ida, `ticket risolvi ${code} Replaced the DisplayPort cable`);
      expect(now!.text).toContain(`${code} risolto`);
      expect(d.inbox(eva).at(-1)!.text).toBe(`Ida Rossi resolved ${code}: Replaced the DisplayPort cable\nDid this solve it?`);
    });

    it('forgets a question nobody answered for half an hour, and refuses to ask about a ticket that cannot be resolved', async () => {
      const zoe = someone('en');
      const ugo = await d.agent({ userId: 'ugo-words', name: 'Ugo Neri', departments: ['it'] });
      const [opened] = await d.say(zoe, 'ticket new --no-faq --dept it the docking station does not charge');
      const code = opened!.ticket!.code;
      await d.press(ugo, `claim:${code}`);
      await d.press(ugo, `resolve:${code}`);
      d.clock.t += 31 * 60_000;
      await d.say(ugo, 'printer on floor 2 is fine again, thanks');
      expect((await d.store.get(code))!.status).toBe('in_progress');

      await d.say(ugo, `ticket resolve ${code} New charger`);
      const [again] = await d.press(ugo, `resolve:${code}`);
      expect(again!.text).toBe(`${code} is resolved: it cannot become resolved.`);
    });
  });
}

// Confirm before opening: free text the FAQ cannot answer is offered as a
// ticket with the desk's guess in words, end to end through HelpDesk on a real
// store (SQLite and Mongo). Explicit requests still open at once.
import { describe, expect, it } from 'vitest';
import { commandFromForm } from '../../src/commands/command-from-action.js';
import { t } from '../../src/i18n.js';
import type { Reply } from '../../src/replies.js';
import { priorityLabel } from '../../src/tickets/ticket-words.js';
import { createTestDesk, person, type TestDesk, useStore, type StoreEnv } from '../support/desk.js';

const button = (r: Reply | undefined, label: string) => {
  const found = r?.actions?.find((a) => a.label === label);
  if (!found) throw new Error(`no button "${label}" under: ${r?.text} [${r?.actions?.map((a) => a.label).join(' | ')}]`);
  return found.id;
};

export function runIntakeFlows(name: string, openStore: () => Promise<StoreEnv>): void {
  describe(`confirm before opening, on ${name}`, () => {
    let d: TestDesk;
    let n = 0;
    const someone = (locale: 'it' | 'en') => person(`in${++n}`, `Intake ${n}`, locale);
    const ticketsOf = async (who: { userId: string }) => d.store.byRequester('web', who.userId, { limit: 50 });

    useStore(openStore, async ({ store }) => {
      d = await createTestDesk(store, { settings: { ticketIntake: 'confirm' } });
    });

    it('offers the ticket with department and urgency in words, and one tap opens it there', async () => {
      const anna = someone('it');
      const [offer] = await d.say(anna, 'la stampante del secondo piano fa un rumore strano da ieri e stampa righe nere');
      expect(offer!.text).toBe(t('it', 'intake.offer', { department: 'IT', priority: priorityLabel('it', 'P3') }));
      expect(offer!.text).toContain('Reparto: IT\nUrgenza: P3 – normale, prima risposta entro 4 ore lavorative');
      expect(offer!.ticket).toBeUndefined();
      expect(await ticketsOf(anna)).toHaveLength(0);
      expect(d.teamInbox('it')).toHaveLength(0);

      const [opened] = await d.press(anna, button(offer, 'Apri il ticket'));
      expect(opened!.ticket).toMatchObject({ department: 'it', priority: 'P3', status: 'open' });
      expect(opened!.text).toMatch(/^Ho aperto il ticket IT-\d+/);
      expect(await ticketsOf(anna)).toHaveLength(1);
      // A second tap on the same button finds the offer gone, and opens nothing more.
      const [again] = await d.press(anna, button(offer, 'Apri il ticket'));
      expect(again!.text).toBe(t('it', 'error.OFFER.GONE'));
      expect(await ticketsOf(anna)).toHaveLength(1);
    });

    it('opens on a typed "sì" and drops the offer on "no grazie", opening nothing', async () => {
      const bea = someone('it');
      await d.say(bea, 'il portatile non si accende più da stamattina, ho provato a caricarlo');
      const [opened] = await d.say(bea, 'sì, grazie');
      expect(opened!.ticket).toMatchObject({ department: 'it' });

      const carlo = someone('it');
      await d.say(carlo, 'il portatile non si accende più da stamattina, ho provato a caricarlo');
      const [dropped] = await d.say(carlo, 'no grazie');
      expect(dropped!.text).toBe(t('it', 'intake.cancelled'));
      expect(await ticketsOf(carlo)).toHaveLength(0);
      // Thanks after that is small talk, not a ticket.
      const [thanks] = await d.say(carlo, 'ok grazie mille');
      expect(thanks!.ticket).toBeUndefined();
      expect(await ticketsOf(carlo)).toHaveLength(0);
    });

    it('lets the person change the department or the urgency, opening it as chosen', async () => {
      const dan = someone('en');
      const [offer] = await d.say(dan, 'I need a new laptop, mine is broken and I have a client demo tomorrow!!');
      expect(offer!.text).toContain('Department: IT');
      const [teams] = await d.press(dan, button(offer, 'Change department'));
      expect(teams!.text).toBe(t('en', 'intake.pickTeam'));
      const [opened] = await d.press(dan, button(teams, 'Finance'));
      expect(opened!.ticket).toMatchObject({ department: 'finance' });
      // The earlier offer's buttons no longer act.
      const [stale] = await d.press(dan, button(offer, 'Open ticket'));
      expect(stale!.text).toBe(t('en', 'error.OFFER.GONE'));

      const eve = someone('en');
      const [offer2] = await d.say(eve, 'the external monitor flickers whenever I plug the laptop into the dock');
      expect(offer2!.text).toContain('Urgency: P4 – low');
      const [levels] = await d.press(eve, button(offer2, 'Change urgency'));
      expect(levels!.actions!.map((a) => a.label)).toEqual(['Urgent: I cannot work', 'Normal', 'Low: when you can', 'No, thanks']);
      const [urgent] = await d.press(eve, button(levels, 'Urgent: I cannot work'));
      expect(urgent!.ticket).toMatchObject({ department: 'it', priority: 'P2' });
    });

    it('asks which team when it cannot tell, instead of filing it under IT', async () => {
      const fra = someone('en');
      const [offer] = await d.say(fra, 'can I bring my dog to the office on fridays');
      expect(offer!.text).toBe(t('en', 'intake.whichTeam', { priority: priorityLabel('en', 'P3') }));
      expect(offer!.actions!.map((a) => a.label)).toEqual(['IT', 'Human resources', 'Finance', 'Facilities', 'No, thanks']);
      const [opened] = await d.press(fra, button(offer, 'Human resources'));
      expect(opened!.ticket).toMatchObject({ department: 'hr' });
      // "yes" to a team question names no team: it is asked again.
      const gio = someone('en');
      await d.say(gio, 'can I bring my dog to the office on fridays');
      const [asked] = await d.say(gio, 'yes please');
      expect(asked!.text).toBe(t('en', 'intake.whichTeam', { priority: priorityLabel('en', 'P3') }));
      expect(await ticketsOf(gio)).toHaveLength(0);
    });

    it('shows urgency raised by a deadline or a security cue in the offer', async () => {
      const hal = someone('en');
      const [offer] = await d.say(hal, 'I need a new laptop, mine is broken and I have a client demo tomorrow!!');
      expect(offer!.text).toContain('Urgency: P2 – high');
      // An FAQ answer that covers it is still offered first, urgent or not; "No" then opens it as urgent.
      const ida = someone('it');
      const [phish] = await d.say(ida, 'ho ricevuto una mail strana che mi chiede le credenziali, ho cliccato sul link');
      expect(phish!.text).toContain('Segnala phishing');
      const [opened] = await d.press(ida, button(phish, 'No, apri un ticket'));
      expect(opened!.ticket).toMatchObject({ department: 'it', priority: 'P2' });
    });

    it('asks a short, vague request what is affected and since when, once, with a form', async () => {
      const leo = someone('it');
      // The FAQ's guess comes first; "none of these" on so few words asks for more before any ticket.
      const [guess] = await d.say(leo, 'pc rotto');
      const [asked] = await d.press(leo, button(guess, 'Nessuna di queste: apri un ticket'));
      expect(asked!.text).toBe(t('it', 'intake.clarify'));
      expect(asked!.form?.fields.map((f) => f.id)).toEqual(['affected', 'since']);
      expect(asked!.actions!.map((a) => a.label)).toEqual(['Aprilo così', 'No, grazie']);
      // Typed details: the request, with them, is offered (no second question).
      const [offer] = await d.say(leo, 'il portatile non si accende più da stamattina');
      expect(offer!.text).toMatch(/^Non ho trovato una risposta nelle FAQ/);
      const [opened] = await d.press(leo, button(offer, 'Apri il ticket'));
      expect(opened!.ticket).toMatchObject({ department: 'it' });
      const [created] = await d.store.events(opened!.ticket!.code);
      expect(created!.text).toBe('pc rotto\nil portatile non si accende più da stamattina');

      // The form, filled in, does the same.
      const mia = someone('en');
      const [guess2] = await d.say(mia, 'vpn broken');
      const [q] = await d.press(mia, button(guess2, 'None of these: open a ticket'));
      const command = commandFromForm(q!.form!.id, { affected: 'the VPN client on my laptop', since: 'this morning' });
      const [offer2] = await d.run(mia, command!);
      const [opened2] = await d.press(mia, button(offer2, 'Open ticket'));
      const [created2] = await d.store.events(opened2!.ticket!.code);
      expect(created2!.text).toBe('vpn broken\nAffected: the VPN client on my laptop\nSince: this morning');
    });

    it('answers an FAQ question asked while an offer waits, and keeps the offer', async () => {
      const ned = someone('en');
      const [offer] = await d.say(ned, 'the external monitor flickers whenever I plug the laptop into the dock');
      const [answer] = await d.say(ned, 'my account is locked');
      expect(answer!.text).toContain(t('en', 'faq.answer', { answer: '' }).trim());
      const [opened] = await d.press(ned, button(offer, 'Open ticket'));
      expect(opened!.ticket).toBeDefined();
    });

    it('asks the team after "No, open a ticket" when it cannot tell, and keeps the answer that was tried', async () => {
      const triage = d.deps.triage;
      // A desk unsure of every department: the person's "No" must not file the ticket under the first one.
      d.deps.triage = { guess: async (text) => ({ ...(await triage.guess(text)), confident: false }) };
      try {
        const rita = someone('en');
        const [answer] = await d.say(rita, 'my account is locked');
        const [asked] = await d.press(rita, button(answer, 'No, open a ticket'));
        expect(asked!.text).toMatch(/which team is it for\?$/);
        expect(await ticketsOf(rita)).toHaveLength(0);
        const [opened] = await d.press(rita, button(asked, 'Human resources'));
        expect(opened!.ticket).toMatchObject({ department: 'hr' });
        const [created] = await d.store.events(opened!.ticket!.code);
        expect(created!.data.faqTried).toBeTruthy();
      } finally {
        d.deps.triage = triage;
      }
    });

    it('opens `ticket new` and "No, open a ticket" at once: they are the person\'s choice already', async () => {
      const olga = someone('en');
      const [opened] = await d.say(olga, 'ticket new the external monitor flickers on the dock');
      expect(opened!.ticket).toBeDefined();
      const pia = someone('en');
      const [answer] = await d.say(pia, 'my account is locked');
      const [ticket] = await d.press(pia, button(answer, 'No, open a ticket'));
      expect(ticket!.ticket).toBeDefined();
    });
  });
}

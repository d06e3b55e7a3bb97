// Follow-ups go to the ticket they follow: a requester's free text while tickets
// are under way, end to end through HelpDesk on a real store (SQLite and Mongo).
import { describe, expect, it } from 'vitest';
import { t } from '../../src/i18n.js';
import { createTestDesk, person, type TestDesk, useStore, type StoreEnv } from '../support/desk.js';

const DAY = 24 * 3600_000;

export function runFollowUpFlows(name: string, openStore: () => Promise<StoreEnv>): void {
  describe(`follow-ups on ${name}`, () => {
    let d: TestDesk;
    let n = 0;
    const someone = (locale: 'it' | 'en') => person(`fu${++n}`, `Follow ${n}`, locale);
    const ticketsOf = async (who: { userId: string }) => (await d.store.byRequester('web', who.userId, { limit: 50 })).map((tk) => tk.code).sort();
    const lastEvent = async (code: string) => (await d.store.events(code)).at(-1)!;

    useStore(openStore, async ({ store }) => {
      d = await createTestDesk(store);
    });

    it('sends "ora funziona, grazie" to the reopened ticket an L2 agent answered, not to a new ticket (the IT-14/IT-15 report)', async () => {
      const giulia = someone('it');
      const l1 = await d.agent({ userId: 'fu-l1', name: 'Lea', departments: ['it'], tier: 1 });
      const l2 = await d.agent({ userId: 'fu-l2', name: 'Leo', departments: ['it'], tier: 2 });
      const [opened] = await d.say(giulia, 'ticket new --no-faq il VPN client si disconnette ogni dieci minuti');
      const code = opened!.ticket!.code;
      await d.press(l1, `claim:${code}`);
      await d.say(l1, `ticket escalate ${code} serve L2`);
      await d.press(l2, `claim:${code}`);
      await d.say(l2, `ticket resolve ${code} Aggiornato il client`);
      d.clock.t += 2 * DAY;
      const [reopened] = await d.press(giulia, `reopen:${code}`);
      expect(reopened!.ticket).toMatchObject({ status: 'open', tier: 2 });

      // The L2 agent answers without pressing Claim: the reply claims it.
      const [sent] = await d.say(l2, `ticket reply ${code} Riprova adesso, ho riavviato il concentratore`);
      expect(sent!.text).toBe(t('en', 'followup.replyClaimed', { code, name: giulia.name }));
      expect(sent!.ticket).toMatchObject({ code, status: 'waiting_user', assignee: 'fu-l2' });
      expect(d.inbox(giulia).at(-1)!.text).toContain('Rispondi scrivendo qui');

      const [added] = await d.say(giulia, 'ora funziona, grazie');
      expect(added!.text).toBe(`Aggiunto a ${code}.`);
      expect(added!.ticket).toMatchObject({ code, status: 'in_progress' });
      expect(await ticketsOf(giulia)).toEqual([code]);
      expect(await lastEvent(code)).toMatchObject({ kind: 'message', text: 'ora funziona, grazie' });
      expect(d.inbox(l2).at(-1)!.text).toContain('ora funziona, grazie');
    });

    it('still follows a reopened ticket whose reply left it unclaimed, and tells the agent it is unclaimed', async () => {
      const mia = someone('en');
      const l1 = await d.agent({ userId: 'fu-f1', name: 'Fay', departments: ['finance'], tier: 1 });
      const l2 = await d.agent({ userId: 'fu-f2', name: 'Fred', departments: ['finance'], tier: 2 });
      const [opened] = await d.say(mia, 'ticket new --no-faq my expense refund was paid twice');
      const code = opened!.ticket!.code;
      await d.press(l1, `claim:${code}`);
      await d.say(l1, `ticket escalate ${code}`);
      await d.press(l2, `claim:${code}`);
      await d.say(l2, `ticket resolve ${code} Reversed the second payment`);
      d.clock.t += 2 * DAY;
      await d.press(mia, `reopen:${code}`);

      // A level-1 agent may answer a level-2 ticket but not claim it: it stays in the level-2 queue, and they read so.
      const [sent] = await d.say(l1, `ticket reply ${code} Checking with level 2`);
      expect(sent!.text).toBe(`Sent to ${mia.name} on ${code}. ${code} is still unclaimed: it stays in the queue for an agent of its level.`);
      expect(sent!.ticket).toMatchObject({ code, status: 'open', tier: 2 });
      expect(sent!.ticket!.assignee).toBeUndefined();

      const [added] = await d.say(mia, 'it works now, thanks');
      expect(added!.text).toBe(`Added to ${code}. (For a new request instead, write: ticket new <text>)`);
      expect(await ticketsOf(mia)).toEqual([code]);
      expect(d.teamInbox('finance', 2).at(-1)!.text).toContain('it works now, thanks');
    });

    it('with two tickets under way asks which, and the choice carries the words to that ticket (Italian)', async () => {
      const paolo = someone('it');
      const [a] = await d.say(paolo, 'ticket new --no-faq la stampante del secondo piano non stampa');
      const [b] = await d.say(paolo, 'ticket new --no-faq il badge non apre la porta del magazzino');
      const [codeA, codeB] = [a!.ticket!.code, b!.ticket!.code];

      const [asked] = await d.say(paolo, 'adesso fa un rumore strano');
      expect(asked!.text).toBe('Hai dei ticket in corso. Questo messaggio riguarda uno di questi, o è una nuova richiesta?');
      expect(asked!.ticket).toBeUndefined();
      expect(asked!.actions!.map((x) => x.id)).toEqual([`follow-to:${codeB}`, `follow-to:${codeA}`, 'follow-new:new']);
      expect(asked!.actions!.at(-1)!.label).toBe('Nuova richiesta');
      expect(asked!.actions![1]!.label).toBe(`${codeA}: la stampante del secondo piano non stam…`);
      expect(await ticketsOf(paolo)).toEqual([codeA, codeB].sort());

      const [chosen] = await d.press(paolo, `follow-to:${codeA}`);
      expect(chosen!.text).toBe(`Aggiunto a ${codeA}.`);
      expect(await lastEvent(codeA)).toMatchObject({ kind: 'message', text: 'adesso fa un rumore strano' });
      expect((await lastEvent(codeB)).kind).toBe('created');

      const [again] = await d.press(paolo, `follow-to:${codeB}`);
      expect(again!.text).toBe('A questa domanda hai già risposto.');
      expect((await lastEvent(codeB)).kind).toBe('created');
      expect(await ticketsOf(paolo)).toEqual([codeA, codeB].sort());
    });

    it('keeps everything written before the choice, and "New request" opens a ticket with it (English)', async () => {
      const sam = someone('en');
      const [a] = await d.say(sam, 'ticket new --no-faq the projector in room B flickers');
      const [b] = await d.say(sam, 'ticket new --no-faq my payslip shows the wrong bank account');
      const before = await ticketsOf(sam);

      await d.say(sam, 'the meeting room coffee machine leaks water');
      const [asked] = await d.say(sam, 'since this morning, the floor is wet');
      expect(asked!.text).toBe('You have tickets under way. Is this about one of them, or a new request?');
      expect(asked!.actions!.map((x) => x.id)).toEqual([`follow-to:${b!.ticket!.code}`, `follow-to:${a!.ticket!.code}`, 'follow-new:new']);
      expect(await ticketsOf(sam)).toEqual(before);

      // A new request goes the way of any: the FAQ's guesses first, then the ticket, with all the words.
      const [guesses] = await d.press(sam, 'follow-new:new');
      expect(guesses!.text).toBe('Did you mean one of these?');
      const none = guesses!.actions!.at(-1)!;
      expect(none.label).toBe('None of these: open a ticket');
      const [opened] = await d.press(sam, none.id);
      const code = opened!.ticket!.code;
      expect(before).not.toContain(code);
      expect(opened!.text).toMatch(new RegExp(`^Ticket ${code} opened`));
      expect((await d.store.get(code))!.description).toBe('the meeting room coffee machine leaks water\nsince this morning, the floor is wet');
      const [stale] = await d.press(sam, 'follow-new:new');
      expect(stale!.text).toBe('That question was already answered.');
      expect(await ticketsOf(sam)).toHaveLength(3);
    });

    it('asks even about a single ticket nobody touched for a day, in the person\'s language', async () => {
      const ugo = someone('it');
      const [a] = await d.say(ugo, 'ticket new --no-faq il portatile non si accende');
      d.clock.t += 2 * DAY;
      const [asked] = await d.say(ugo, 'ho provato anche con un altro alimentatore');
      expect(asked!.actions!.map((x) => x.id)).toEqual([`follow-to:${a!.ticket!.code}`, 'follow-new:new']);
      expect(await ticketsOf(ugo)).toEqual([a!.ticket!.code]);
      const [chosen] = await d.press(ugo, `follow-to:${a!.ticket!.code}`);
      expect(chosen!.text).toBe(`Aggiunto a ${a!.ticket!.code}.`);
    });

    it('sends the words to the one ticket waiting for the requester, whatever else is under way', async () => {
      const eva = someone('en');
      const agent = await d.agent({ userId: 'fu-h1', name: 'Hana', departments: ['hr'], tier: 1 });
      const [a] = await d.say(eva, 'ticket new --no-faq my contract renewal letter is missing');
      const [b] = await d.say(eva, 'ticket new --no-faq the laptop fan is very loud');
      const code = a!.ticket!.code;
      expect(code).toMatch(/^HR-/);
      // No Claim pressed: the reply claims the unclaimed ticket and makes it wait for Eva.
      const [sent] = await d.say(agent, `ticket reply ${code} Which year is the contract from?`);
      expect(sent!.text).toBe(`Sent to ${eva.name} on ${code}. Nobody had claimed it, so it is now yours.`);
      expect(sent!.ticket).toMatchObject({ status: 'waiting_user', assignee: 'fu-h1' });
      expect(d.inbox(eva).at(-1)!.text).toContain('Which year is the contract from?');

      const [added] = await d.say(eva, 'it is from 2023');
      expect(added!.text).toBe(`Added to ${code}.`);
      expect(await lastEvent(code)).toMatchObject({ kind: 'message', text: 'it is from 2023' });
      expect((await lastEvent(b!.ticket!.code)).kind).toBe('created');
      expect(d.inbox(agent).at(-1)!.text).toContain('it is from 2023');
    });

    it('still answers small talk and opens tickets for people with nothing under way', async () => {
      const zoe = someone('en');
      const [a] = await d.say(zoe, 'ticket new --no-faq the badge reader at the entrance is dead');
      const [thanks] = await d.say(zoe, 'thanks!');
      expect(thanks!.text).toBe(t('en', 'smalltalk.thanks'));
      expect((await lastEvent(a!.ticket!.code)).kind).toBe('created');
      const newcomer = someone('en');
      const [opened] = await d.say(newcomer, 'the badge reader at the side entrance beeps red');
      expect(opened!.ticket ?? opened!.actions).toBeDefined();
    });
  });
}

// Outage mode and satisfaction through HelpDesk on a real store: links and their
// refusals, the "same problem" button on claim, a parent's replies and resolution
// reaching every linked requester, the banner for a new asker, and the rating
// asked once when a ticket closes.
import { describe, expect, it } from 'vitest';
import { t } from '../../src/i18n.js';
import type { Participant, Reply } from '../../src/index.js';
import { createTestDesk, person, type StoreEnv, type TestDesk, useStore } from '../support/desk.js';

const HOUR = 3600_000;

export function runOutageLinkFlows(name: string, openStore: () => Promise<StoreEnv>): void {
  describe(`outages and ratings on ${name}`, () => {
    let d: TestDesk;
    let anna: Participant;
    let hrAgent: Participant;
    let lead: Participant;
    const codeOf = (replies: Reply[]) => replies[0]!.ticket!.code;
    const open = async (who: Participant, text: string) => codeOf(await d.say(who, `ticket new --no-faq --dept it ${text}`));
    const ids = (replies: Reply[]) => replies.flatMap((r) => r.actions ?? []).map((a) => a.id);

    useStore(openStore, async ({ store }) => {
      d = await createTestDesk(store);
      anna = await d.agent({ userId: 'ol-anna', name: 'Anna', departments: ['it'], tier: 1 });
      hrAgent = await d.agent({ userId: 'ol-hr', name: 'Piero', departments: ['hr'], tier: 1 });
      lead = await d.agent({ userId: 'ol-lead', name: 'Leo', departments: ['it', 'hr'], tier: 3, role: 'lead' });
    });

    it('links, refuses what would make no sense with a clear reason, and unlinks', async () => {
      const mario = person('ol-mario', 'Mario', 'it');
      const giulia = person('ol-giulia', 'Giulia', 'it');
      const parent = await open(mario, 'la stampante del secondo piano non stampa');
      const child = await open(giulia, 'stampante secondo piano bloccata');
      const [linked] = await d.say(anna, `ticket collega ${child} ${parent}`);
      expect(linked!.text).toBe(t('en', 'outage.linked', { code: child, parent, title: 'la stampante del secondo piano non stampa' }));
      expect((await d.store.get(child))!.linkedTo).toBe(parent);
      // Giulia learns her ticket now follows Mario's.
      expect(d.inbox(giulia).at(-1)!.text).toContain(parent);
      const event = (await d.store.events(child)).at(-1)!;
      expect(event).toMatchObject({ kind: 'linked', data: { parent } });

      const refusal = async (who: Participant, text: string) => (await d.say(who, text))[0]!;
      expect((await refusal(anna, `ticket link ${parent} ${parent}`)).text).toBe(t('en', 'outage.refuse.self'));
      expect((await refusal(anna, `ticket link ${child} ${parent}`)).text).toBe(t('en', 'outage.already', { code: child, parent }));
      // Chains: a parent's parent, or a parent linked under another.
      const third = await open(giulia, 'e anche lo scanner');
      expect((await refusal(anna, `ticket link ${third} ${child}`)).text).toBe(t('en', 'outage.refuse.chain', { parent: child, root: parent, code: third }));
      expect((await refusal(anna, `ticket link ${parent} ${third}`)).text).toBe(t('en', 'outage.refuse.hasLinks', { code: parent }));
      // Another department: not for an agent of one; a lead may.
      const hr = codeOf(await d.say(giulia, 'ticket new --no-faq --dept hr la stampante delle buste paga non stampa'));
      expect((await refusal(hrAgent, `ticket link ${hr} ${parent}`)).text).toBe(t('en', 'error.AGENT.NOT_IN_DEPARTMENT', { name: 'Piero', department: 'it' }));
      expect((await refusal(anna, `ticket link ${hr} ${parent}`)).text).toBe(t('en', 'error.AGENT.NOT_IN_DEPARTMENT', { name: 'Anna', department: 'hr' }));
      const [byLead] = await d.say(lead, `ticket link ${hr} ${parent}`);
      expect(byLead!.text).toContain(t('en', 'outage.linked', { code: hr, parent, title: 'la stampante del secondo piano non stampa' }));
      // A closed parent takes no links; requesters cannot link at all.
      const done = await open(mario, 'monitor sfarfalla');
      await d.say(anna, `ticket resolve ${done} cavo sostituito`);
      expect((await refusal(anna, `ticket link ${third} ${done}`)).text).toBe(t('en', 'outage.refuse.parentDone', { parent: done, status: t('en', 'status.resolved') }));
      expect((await refusal(giulia, `ticket link ${third} ${parent}`)).text).toBe(t('it', 'error.AUTH.AGENT_ONLY', { command: 'link' }));

      const [unlinked] = await d.say(anna, `ticket scollega ${child}`);
      expect(unlinked!.text).toBe(t('en', 'outage.unlinked', { code: child, parent }));
      expect((await d.store.get(child))!.linkedTo).toBeUndefined();
      expect((await refusal(anna, `ticket unlink ${child}`)).text).toBe(t('en', 'outage.notLinked', { code: child }));
      expect((await refusal(anna, 'ticket link IT-1')).text).toBe(t('en', 'error.COMMAND.USAGE', { usage: 'link CODE PARENT' }));
    });

    it('offers "same problem" on claim, and a parent\'s reply and resolution reach each linked requester, who confirm and rate', async () => {
      const people = [person('ol-p1', 'Sara', 'it'), person('ol-p2', 'Tom', 'en'), person('ol-p3', 'Ugo', 'it')];
      const parent = await open(people[0]!, 'Outlook non riceve le email da stamattina, la posta è ferma');
      const second = await open(people[1]!, 'outlook is not receiving any email since this morning');
      const third = await open(people[2]!, 'anche a me outlook non riceve email, posta ferma');
      const unrelated = await open(people[2]!, 'il badge non apre la porta del magazzino');

      const claimed = await d.press(anna, `claim:${parent}`);
      const offered = ids(claimed);
      expect(offered).toContain(`link:${third}_${parent}`);
      expect(offered.some((id) => id.includes(unrelated))).toBe(false);
      await d.press(anna, `link:${third}_${parent}`);
      await d.say(anna, `ticket link ${second} ${parent}`);

      d.sent.length = 0;
      await d.say(anna, `ticket reply ${parent} Stiamo riavviando il server di posta, 20 minuti`);
      expect(d.inbox(people[0]!).at(-1)!.text).toContain('Stiamo riavviando');
      expect(d.inbox(people[1]!).at(-1)!.text).toBe(t('en', 'outage.reply', { name: 'Anna', parent, code: second, text: 'Stiamo riavviando il server di posta, 20 minuti' }));
      expect(d.inbox(people[2]!).at(-1)!.text).toContain(third);

      const [, also] = await d.say(anna, `ticket resolve ${parent} Server di posta riavviato, la coda si è svuotata`);
      expect(also!.text).toBe(t('en', 'outage.resolvedLinked', { count: 2, codes: [second, third].sort().join(', ') }));
      for (const [who, code] of [[people[1]!, second], [people[2]!, third]] as const) {
        expect((await d.store.get(code))).toMatchObject({ status: 'resolved', resolution: 'Server di posta riavviato, la coda si è svuotata' });
        expect(ids([d.inbox(who).at(-1)!])).toEqual([`confirm:${code}`, `reopen:${code}`]);
      }

      // Tom confirms and is asked for a rating; he gives 4 and a comment; a second rating is refused.
      const tom = people[1]!;
      const confirmed = await d.press(tom, `confirm:${second}`);
      expect(confirmed[1]!.text).toBe(t('en', 'rating.ask', { code: second }));
      expect(ids(confirmed)).toEqual([1, 2, 3, 4, 5].map((n) => `rate:${second}_${n}`));
      const [thanks] = await d.press(tom, `rate:${second}_4`);
      expect(thanks!.text).toBe(t('en', 'rating.thanks', { code: second, score: 4 }));
      const [noted] = await d.say(tom, 'quick fix, thx!! but took a while to notice');
      expect(noted!.text).toBe(t('en', 'rating.commentThanks', { code: second }));
      expect((await d.store.get(second))!.rating).toEqual({ score: 4, comment: 'quick fix, thx!! but took a while to notice', at: expect.any(Number) });
      const rated = (await d.store.events(second)).filter((e) => e.kind === 'rated');
      expect(rated.map((e) => e.text)).toEqual(['★★★★☆ (4/5)', '★★★★☆ (4/5): quick fix, thx!! but took a while to notice']);
      const [twice] = await d.press(tom, `rate:${second}_1`);
      expect(twice).toMatchObject({ text: t('en', 'rating.twice', { code: second, score: 4 }), ephemeral: true });
      // Only the requester rates; a ticket still open is not rated.
      expect((await d.press(people[2]!, `rate:${second}_5`))[0]!.text).toBe(t('it', 'error.TICKET.NOT_FOUND', { code: second }));
      expect((await d.press(anna, `rate:${second}_5`))[0]!.text).toBe(t('en', 'rating.notYours', { code: second }));
      expect((await d.press(people[2]!, `rate:${unrelated}_5`))[0]!.text).toBe(t('it', 'rating.notClosed', { code: unrelated }));
      // The agent reads the rating in the transcript.
      const [status] = await d.say(anna, `ticket status ${second}`);
      expect(status!.text).toContain('★★★★☆ (4/5): quick fix');
    });

    it('asks a rating when the desk closes a resolved ticket nobody confirmed, and a message long after it goes the usual way', async () => {
      const rosa = person('ol-rosa', 'Rosa', 'it');
      const code = await open(rosa, 'il VPN si disconnette ogni dieci minuti');
      await d.say(anna, `ticket resolve ${code} aggiornato il client VPN`);
      d.sent.length = 0;
      d.clock.t += 80 * HOUR;
      await d.sweep();
      expect((await d.store.get(code))!.status).toBe('closed');
      const ask = d.inbox(rosa).find((r) => r.text.endsWith(t('it', 'rating.ask', { code })));
      expect(ask?.actions?.map((a) => a.id)).toContain(`rate:${code}_5`);
      await d.press(rosa, `rate:${code}_5`);
      d.clock.t += 2 * HOUR;
      const [later] = await d.say(rosa, 'ciao, la stampante non va');
      expect(later!.text).not.toBe(t('it', 'rating.commentThanks', { code }));
      expect((await d.store.get(code))!.rating).toEqual({ score: 5, at: expect.any(Number) });
      // Cancelled: never asked.
      const gone = await open(rosa, 'il mouse non va');
      d.sent.length = 0;
      const cancelled = await d.say(rosa, `ticket annulla ${gone}`);
      expect(ids(cancelled)).toEqual([]);
      expect(d.inbox(rosa)).toEqual([]);
    });

    it('offers a new asker the open outage, opens their ticket linked on "yes", and goes on as usual on "no"', async () => {
      const owner = person('ol-own', 'Nadia', 'it');
      const parent = await open(owner, 'Il wifi del terzo piano non funziona, nessuno si collega');
      const early = await open(person('ol-early', 'Ivo', 'it'), 'wifi terzo piano giù');
      await d.say(anna, `ticket link ${early} ${parent}`);

      const bruno = person('ol-bruno', 'Bruno', 'it');
      const banner = await d.say(bruno, 'ciao, il wifi al terzo piano nn funziona da stamattina');
      expect(banner[0]!.text).toBe(t('it', 'outage.banner', { title: 'Il wifi del terzo piano non funziona, nessuno si collega', parent }));
      const [yes] = banner[0]!.actions!;
      const [joined] = await d.press(bruno, yes!.id);
      const mine = joined!.ticket!.code;
      expect(joined!.text).toBe(t('it', 'outage.joined', { code: mine, parent }));
      expect((await d.store.get(mine))).toMatchObject({ linkedTo: parent, department: 'it' });
      // Pressed again: the offer is gone.
      expect((await d.press(bruno, yes!.id))[0]!.text).toBe(t('it', 'error.OFFER.GONE'));

      const clara = person('ol-clara', 'Clara', 'it');
      const offered = await d.say(clara, 'il wifi non si collega, nessuno in ufficio riesce');
      const no = offered[0]!.actions!.find((a) => a.id.startsWith('outage-no:'))!;
      const [opened] = await d.press(clara, no.id);
      expect(opened!.ticket!.code).not.toBe(parent);
      expect((await d.store.get(opened!.ticket!.code))!.linkedTo).toBeUndefined();
      // Something else, though it "non funziona" too: no banner.
      for (const [who, text] of [['ol-dino', 'devo cambiare la password di SAP'], ['ol-elsa', 'il badge non funziona']]) {
        const [other] = await d.say(person(who!, 'Dino', 'it'), text!);
        expect(other!.text).not.toContain(parent);
      }
    });
  });
}

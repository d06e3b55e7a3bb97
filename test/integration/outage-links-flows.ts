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

    it('keeps links one level deep when two agents link at the same moment, and tells whoever was undone why', async () => {
      const bob = await d.agent({ userId: 'ol-bob', name: 'Bob', departments: ['it'], tier: 1 });
      const people = [person('ol-r1', 'Rita', 'it'), person('ol-r2', 'Remo', 'it'), person('ol-r3', 'Rino', 'it')];
      const [x, y, z] = [
        await open(people[0]!, 'la stampante del primo piano non stampa'),
        await open(people[1]!, 'lo scanner del primo piano non scansiona'),
        await open(people[2]!, 'il fax del primo piano non va'),
      ];
      // x under y and y under z at once: each check passes before the other's commit.
      const [first, second] = await Promise.all([d.say(anna, `ticket link ${x} ${y}`), d.say(bob, `ticket link ${y} ${z}`)]);
      const linkedTo = async (code: string) => (await d.store.get(code))!.linkedTo;
      const tickets = { [x]: await linkedTo(x), [y]: await linkedTo(y), [z]: await linkedTo(z) };
      // Never a chain: a ticket linked to one that is itself linked.
      for (const parent of Object.values(tickets)) if (parent) expect(tickets[parent]).toBeUndefined();
      const undoneX = t('en', 'outage.undone.chain', { code: x, parent: y, root: z });
      const undoneY = t('en', 'outage.undone.hasLinks', { code: y, parent: z, under: x });
      // Whoever lost the race reads why, with what to do instead; the winner (if any) reads the usual.
      expect([undoneX, t('en', 'outage.linked', { code: x, parent: y, title: 'lo scanner del primo piano non scansiona' })]).toContain(first[0]!.text);
      expect([undoneY, t('en', 'outage.linked', { code: y, parent: z, title: 'il fax del primo piano non va' })]).toContain(second[0]!.text);
      expect(first[0]!.text === undoneX || second[0]!.text === undoneY).toBe(true);
      if (tickets[x] === undefined) expect(d.inbox(people[0]!).at(-1)!.text).toBe(t('it', 'outage.untold', { code: x, parent: y }));
      if (tickets[y] === undefined) expect(d.inbox(people[1]!).at(-1)!.text).toBe(t('it', 'outage.untold', { code: y, parent: z }));
      // The agent can then link as the refusal says, and the link holds.
      if (tickets[x]) {
        const [again] = await d.say(bob, `ticket link ${z} ${y}`);
        expect(again!.text).toBe(t('en', 'outage.linked', { code: z, parent: y, title: 'lo scanner del primo piano non scansiona' }));
      } else {
        const [again] = await d.say(anna, `ticket link ${x} ${z}`);
        expect(again!.text).toBe(t('en', 'outage.linked', { code: x, parent: z, title: 'il fax del primo piano non va' }));
      }
    });

    it('reaches and resolves every ticket under an outage even when a chain slipped through', async () => {
      const people = [person('ol-c1', 'Carla', 'it'), person('ol-c2', 'Carlo', 'it'), person('ol-c3', 'Cesare', 'it')];
      const [x, y, z] = [await open(people[0]!, 'la posta non arriva'), await open(people[1]!, 'outlook fermo'), await open(people[2]!, 'server di posta giù')];
      await d.say(anna, `ticket link ${x} ${y}`);
      // y then put under z behind the desk's back (as a crash between a crossed link and its undo would leave it).
      const yTicket = (await d.store.get(y))!;
      const linkedEvent = (await d.store.events(x)).at(-1)!;
      await d.store.update({ ...yTicket, linkedTo: z }, yTicket.version, { at: linkedEvent.at, kind: 'linked', actor: linkedEvent.actor, channel: linkedEvent.channel, text: linkedEvent.text, data: { parent: z } });
      // The banner path and the reply's fan-out read outages afresh after the desk's own links only: wait them out.
      d.clock.t += 60_000;
      await d.say(anna, `ticket reply ${z} Stiamo riavviando il server di posta`);
      expect(d.inbox(people[0]!).at(-1)!.text).toBe(t('it', 'outage.reply', { name: 'Anna', parent: z, code: x, text: 'Stiamo riavviando il server di posta' }));
      expect(d.inbox(people[1]!).at(-1)!.text).toBe(t('it', 'outage.reply', { name: 'Anna', parent: z, code: y, text: 'Stiamo riavviando il server di posta' }));
      const [, also] = await d.say(anna, `ticket resolve ${z} server riavviato`);
      expect(also!.text).toBe(t('en', 'outage.resolvedLinked', { count: 2, codes: [y, x].join(', ') }));
      for (const code of [x, y]) expect(await d.store.get(code)).toMatchObject({ status: 'resolved', resolution: 'server riavviato' });
    });

    it('sends each reply on an outage once per person: not again to its own requester, once for several linked tickets', async () => {
      const mario = person('ol-dmario', 'Mario', 'it');
      const giulia = person('ol-dgiulia', 'Giulia', 'it');
      const parent = await open(mario, 'la posta non funziona');
      const own = await open(mario, 'outlook non riceve posta');
      const g1 = await open(giulia, 'non ricevo email');
      const g2 = await open(giulia, 'la posta sul telefono non arriva');
      for (const code of [own, g1, g2]) await d.say(anna, `ticket link ${code} ${parent}`);
      const [marioBefore, giuliaBefore] = [d.inbox(mario).length, d.inbox(giulia).length];
      await d.say(anna, `ticket reply ${parent} Riavviamo il server di posta`);
      const heardByMario = d.inbox(mario).slice(marioBefore).map((r) => r.text);
      expect(heardByMario).toHaveLength(1);
      expect(heardByMario[0]).toContain('Riavviamo il server di posta');
      expect(heardByMario[0]).not.toBe(t('it', 'outage.reply', { name: 'Anna', parent, code: own, text: 'Riavviamo il server di posta' }));
      expect(d.inbox(giulia).slice(giuliaBefore).map((r) => r.text)).toEqual([t('it', 'outage.reply', { name: 'Anna', parent, code: g1, text: 'Riavviamo il server di posta' })]);
      // The resolution still resolves each ticket, each confirmed or reopened on its own.
      const [, also] = await d.say(anna, `ticket resolve ${parent} server riavviato`);
      expect(also!.text).toBe(t('en', 'outage.resolvedLinked', { count: 3, codes: [own, g1, g2].sort().join(', ') }));
      for (const code of [own, g1, g2]) expect((await d.store.get(code))!.status).toBe('resolved');
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

// One person, many channels: the address Slack's profile gives links a Slack
// user to the tickets they opened by e-mail (and back), so each channel lists
// and works all of them; anyone else still learns nothing of them. E-mail
// tickets are opened through a desk on the same store, as the e-mail channel hands them in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundEvent, Participant, Reply, Store } from '../../src/index.js';
import { createTestDesk, type TestDesk } from '../support/desk.js';
import { slackServerEnv, startFakeSlack, type FakeSlack, type SlackCall } from '../support/fake-slack.js';
import type { StoreEnv } from '../support/server-stores.js';
import { startServer, type RunningServer } from '../support/server.js';
import { messageEvent, postToSlackEndpoint } from '../support/slack-requests.js';
import { shown, startFakeConnector, type ConnectorCall, type FakeConnector } from '../support/fake-teams.js';
import { personalConversation, personalMessage, postActivity, type TeamsPerson } from '../support/teams-activities.js';

const TRIAGE = 'C0TRIAGE07';
const ANNA = 'U0ANNA0001';
const OTTO = 'U0OTTO0001';
const annaByMail: Participant = { platform: 'email', userId: 'anna@acme.it', name: 'Anna' };

const codeIn = (replies: Reply[]) => /[A-Z]+-\d+/.exec(replies.map((r) => r.text).join('\n'))![0];
const said = (replies: Reply[]) => replies.map((r) => r.text).join('\n');

export function runSamePersonFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe(`one person on Slack and by e-mail, on ${name}`, () => {
    let fake: FakeSlack;
    let server: RunningServer;
    let storage: StoreEnv;
    let store: Store;
    let desk: TestDesk;

    beforeAll(async () => {
      fake = await startFakeSlack({
        // Slack gives the address as the person typed it in their profile.
        [ANNA]: { name: 'Anna', locale: 'it-IT', email: 'Anna@Acme.IT' },
        [OTTO]: { name: 'Otto', locale: 'it-IT', email: 'otto@acme.it' },
      });
      storage = await storeEnv();
      server = await startServer({ ...storage.env, ...slackServerEnv(fake, TRIAGE) });
      store = await storage.open(server.dataDir);
      desk = await createTestDesk(store, { defaultLocale: 'it' });
    });
    afterAll(async () => {
      await store?.close();
      await server?.stop();
      await fake?.close();
      await storage?.cleanup();
    });

    const byMail = (from: Participant, text: string) => desk.handle({ kind: 'message', channel: 'email', from, text } satisfies InboundEvent);
    /** What the desk answers a Slack DM: every message it posts back in that DM (refusals are for the sender's eyes only) until one matches `until`. */
    async function dm(user: string, text: string, until: RegExp): Promise<string> {
      const n = fake.calls.length;
      await postToSlackEndpoint(server.base, messageEvent({ user, text, channel: `D${user}`, channelType: 'im' }), 'application/json');
      const mine = (c: SlackCall) => fake.calls.indexOf(c) >= n && ['chat.postMessage', 'chat.postEphemeral'].includes(c.method) && c.args.channel === `D${user}`;
      await fake.waitFor((c) => mine(c) && until.test(String(c.args.text)), `the answer to "${text}"`);
      return fake.calls.filter(mine).map((c) => String(c.args.text)).join('\n');
    }

    it('lists on Slack the ticket Anna opened by e-mail, shows its status, and lets her add to it; Otto is told it does not exist', async () => {
      const code = codeIn(await byMail(annaByMail, 'ticket new la stampante non stampa'));
      const list = await dm(ANNA, 'ticket list', new RegExp(code));
      expect(list).toContain('I tuoi ticket:');
      expect(list).toContain('la stampante non stampa');

      const status = await dm(ANNA, `ticket status ${code}`, new RegExp(code));
      expect(status).toContain('la stampante non stampa');
      expect(status).not.toContain('Nessun ticket');

      await dm(ANNA, `ticket reply ${code} è una HP LaserJet`, new RegExp(`Aggiunto a ${code}`));
      const events = await store.events(code);
      expect(events.at(-1)).toMatchObject({ kind: 'message', text: 'è una HP LaserJet', actor: { platform: 'slack', userId: ANNA } });

      expect(await dm(OTTO, `ticket status ${code}`, /Nessun ticket/)).toContain(`Nessun ticket ${code} trovato.`);
      expect(await dm(OTTO, 'ticket list', /ticket/i)).not.toContain(code);
      expect(await dm(OTTO, `ticket cancel ${code}`, /Nessun ticket/)).toContain(`Nessun ticket ${code} trovato.`);
      expect((await store.get(code))!.status).not.toBe('cancelled');
    });

    it('lists by e-mail, newest first, the tickets Anna opened on Slack as well as her e-mail ones', async () => {
      const onSlack = /[A-Z]+-\d+/.exec(await dm(ANNA, 'ticket new --no-faq --dept it il monitor sfarfalla', /[A-Z]+-\d+/))![0];
      const byMailCode = codeIn(await byMail(annaByMail, 'ticket new --no-faq --dept it il badge non apre la porta'));
      const listed = await byMail(annaByMail, 'ticket list');
      const codes = listed.flatMap((r) => (r.ticket ? [r.ticket.code] : []));
      expect(codes).toContain(onSlack);
      expect(codes).toContain(byMailCode);
      expect(new Set(codes).size).toBe(codes.length);
      // The desk's clock in this test runs ahead of the server's: the e-mail ticket is the newest.
      expect(codes[0]).toBe(byMailCode);
      // And she may withdraw the Slack one from her mailbox.
      expect(said(await byMail(annaByMail, `ticket cancel ${onSlack}`))).toContain(`${onSlack} annullato.`);
    });

    it('moves the link when the platform vouches for another address, and links nothing it cannot trust', async () => {
      const mara = (email?: string): Participant => ({ platform: 'slack', userId: 'U0MARA0001', name: 'Mara', ...(email === undefined ? {} : { email }) });
      const old = codeIn(await byMail({ platform: 'email', userId: 'mara@acme.it', name: 'Mara' }, 'ticket new --no-faq --dept it vecchio indirizzo'));
      const renamed = codeIn(await byMail({ platform: 'email', userId: 'mara.bianchi@acme.it', name: 'Mara' }, 'ticket new --no-faq --dept it nuovo indirizzo'));
      const listOf = async (who: Participant) => (await desk.handle({ kind: 'message', channel: 'slack', from: who, text: 'ticket list' })).flatMap((r) => (r.ticket ? [r.ticket.code] : []));

      expect(await listOf(mara(' MARA@acme.it '))).toEqual([old]);
      expect(await store.addressOf('slack', 'U0MARA0001')).toBe('mara@acme.it');
      // The profile changed: her old mailbox's tickets are no longer hers here.
      expect(await listOf(mara('mara.bianchi@acme.it'))).toEqual([renamed]);
      expect(await store.identitiesOf('mara@acme.it')).toEqual([]);
      // An event without an address, or with something that is not one, keeps the link as it was.
      expect(await listOf(mara())).toEqual([renamed]);
      expect(await listOf(mara('not an address'))).toEqual([renamed]);
      expect(await store.addressOf('slack', 'U0MARA0001')).toBe('mara.bianchi@acme.it');
      // An e-mail sender is never linked to themselves.
      await byMail({ ...annaByMail, email: 'anna@acme.it' }, 'ticket list');
      expect(await store.addressOf('email', 'anna@acme.it')).toBeNull();
    });
  });

  describe(`one person on Teams and by e-mail, on ${name}`, () => {
    const LUCIA: TeamsPerson = { aad: '00000000-0000-0000-0000-0000000000c1', name: 'Lucia', locale: 'it-IT' };
    let fake: FakeConnector;
    let server: RunningServer;
    let storage: StoreEnv;
    let store: Store;

    beforeAll(async () => {
      fake = await startFakeConnector();
      // Teams knows her mailbox; the sign-in name is another address, used only when no mailbox is given.
      fake.members.set(LUCIA.aad, { email: 'Lucia.Verdi@acme.it', userPrincipalName: 'lverdi@acme.onmicrosoft.com' });
      storage = await storeEnv();
      server = await startServer({ ...storage.env, TEAMS_LOCAL: '1' });
      store = await storage.open(server.dataDir);
    });
    afterAll(async () => {
      await store?.close();
      await server?.stop();
      await fake?.close();
      await storage?.cleanup();
    });

    /** Everything the bot posts in Lucia's personal chat after she writes, until one matches `until`. */
    async function say(text: string, until: RegExp): Promise<string> {
      const n = fake.calls.length;
      await postActivity(server.base, personalMessage(fake.serviceUrl, LUCIA, text));
      const mine = (c: ConnectorCall) => fake.calls.indexOf(c) >= n && c.method === 'POST' && c.conversationId === personalConversation(LUCIA);
      await fake.waitFor((c) => mine(c) && until.test(shown(c)), `the answer to "${text}"`);
      return fake.calls.filter(mine).map(shown).join('\n');
    }

    it('lists on Teams the ticket Lucia opened by e-mail, asking Teams who she is once', async () => {
      const desk = await createTestDesk(store, { defaultLocale: 'it' });
      const code = codeIn(await desk.handle({ kind: 'message', channel: 'email', from: { platform: 'email', userId: 'lucia.verdi@acme.it', name: 'Lucia' }, text: 'ticket new --no-faq --dept it il VPN non si collega' }));
      await say('ciao', /./);
      expect(await say('ticket list', new RegExp(code))).toContain('il VPN non si collega');
      expect(await say(`ticket status ${code}`, new RegExp(code))).not.toContain('Nessun ticket');
      expect(await store.addressOf('teams', LUCIA.aad)).toBe('lucia.verdi@acme.it');
      expect(fake.memberLookups).toEqual([`29:mri-${LUCIA.aad}`]);
    });
  });
}

// Teams and what people may not do to each other through the desk: a
// requester's markdown links and HTML reach agents as plain words, and what the
// desk answers someone in a channel goes to their personal chat (Teams has no
// message only one person sees); where Teams will not open one, the answer
// stays in the channel without internal notes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeConnector, shown, type ConnectorCall, type FakeConnector } from '../support/fake-teams.js';
import { post, startServer, type RunningServer } from '../support/server.js';
import { TRIAGE, botAddedToTeam, cardAction, channelMention, invoke, personalConversation, postActivity, type TeamsPerson } from '../support/teams-activities.js';
import type { StoreEnv } from '../support/server-stores.js';

const ANNA: TeamsPerson = { aad: '00000000-0000-0000-0000-0000000000d2', name: 'Anna', locale: 'en-US' };
const BRUNO: TeamsPerson = { aad: '00000000-0000-0000-0000-0000000000d3', name: 'Bruno', locale: 'en-US' };
/** In the triage channel, but no agent. */
const CARLO: TeamsPerson = { aad: '00000000-0000-0000-0000-0000000000d4', name: 'Carlo', locale: 'en-US' };
const GENERAL = '19:general@thread.tacv2';
const TENANT = '00000000-0000-0000-0000-0000000000ff';

/** What the security review sent as a requester: a disguised link, an HTML one, a mention. */
const PAYLOAD = '[https://sso.company.com](https://evil.example/sso) <a href="https://evil.example">https://sso.company.com</a> <at>Anna</at>';
/** In an Adaptive Card TextBlock (markdown, no HTML): the link syntax broken, both addresses on screen. */
const IN_CARD = '[https://sso.company.com] (https://evil.example/sso) <a href="https://evil.example">https://sso.company.com</a> <\u200bat>Anna</at>';
/** In a message's text (markdown with HTML): the HTML escaped too. */
const IN_TEXT = '[https://sso.company.com] (https://evil.example/sso) &lt;a href="https://evil.example"&gt;https://sso.company.com&lt;/a&gt; &lt;at&gt;Anna&lt;/at&gt;';

const NOTE = 'Password temporanea del requester: Estate2024!';

export function runTeamsTrustFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe(`Teams keeps requesters' markup inert and agents' answers private, on ${name}`, () => {
    let fake: FakeConnector;
    let server: RunningServer;
    let storage: StoreEnv;
    let url: string;

    beforeAll(async () => {
      fake = await startFakeConnector();
      url = fake.serviceUrl;
      storage = await storeEnv();
      server = await startServer({ ...storage.env, TEAMS_LOCAL: '1', TEAMS_TRIAGE_CONVERSATION_ID: TRIAGE });
      const store = await storage.open(server.dataDir);
      for (const p of [ANNA, BRUNO]) await store.saveAgent({ platform: 'teams', userId: p.aad, name: p.name, departments: ['it'], tier: 1, role: 'agent' });
      await store.close();
      expect((await postActivity(server.base, botAddedToTeam(url))).status).toBe(200);
    });
    afterAll(async () => {
      await server?.stop();
      await fake?.close();
      await storage?.cleanup();
    });

    const after = (n: number) => (pred: (c: ConnectorCall) => boolean) => (c: ConnectorCall) => fake.calls.indexOf(c) >= n && pred(c);
    const giulia = { id: 'giulia', name: 'Giulia', locale: 'en' };
    async function openTicket(text: string) {
      const n = fake.calls.length;
      const code = (await post(server.base, '/web/api/messages', { user: giulia, text: `ticket new --no-faq --dept it ${text}` })).body.replies[0].ticket.code as string;
      const card = await fake.waitFor(after(n)((c) => c.method === 'POST' && c.conversationId === TRIAGE && shown(c).includes(code)), 'the card');
      return { code, card };
    }

    it('shows a requester\'s markdown links, HTML and <at> mentions to agents as text: in the card and in its thread', async () => {
      const n = fake.calls.length;
      const { code, card } = await openTicket('[https://sso.company.com](https://evil.example/sso)');
      expect(card.body.attachments[0].content.body[0]).toEqual({ type: 'TextBlock', text: `New ticket ${code} [P3] IT L1 from Giulia: [https://sso.company.com] (https://evil.example/sso)`, wrap: true });

      await post(server.base, '/web/api/messages', { user: giulia, text: `ticket reply ${code} ${PAYLOAD}` });
      const thread = `${TRIAGE};messageid=${card.id}`;
      const inThread = (text: string) => fake.waitFor(after(n)((c) => c.conversationId === thread && c.body.text === text), text);
      expect((await inThread(`Giulia on ${code}: ${IN_TEXT}`)).body).toMatchObject({ type: 'message', text: `Giulia on ${code}: ${IN_TEXT}` });
      await inThread(`**Giulia**: ${IN_TEXT}`);

      // An agent's own status shows it in a card, with the link broken there too.
      await postActivity(server.base, channelMention(url, ANNA, `ticket status ${code}`, card.id));
      const status = await fake.waitFor(after(n)((c) => c.conversationId === personalConversation(ANNA) && shown(c).includes('Last messages')), 'the status');
      expect(status.body.attachments[0].content.body[0].text).toContain(`• Giulia: ${IN_CARD}`);
      expect(JSON.stringify(fake.calls.slice(n).map((c) => c.body))).not.toContain('](https://evil.example');
    });

    it('shows a ticket\'s card on a refresh only in the triage channel and only for the card asked on; a press there shows buttons only to the ticket\'s agents', async () => {
      const { code } = await openTicket('the badge reader at the back door is dead');
      const other = await openTicket('the projector in room 4 flickers');
      const refresh = (ticket: string) => ({ action: { type: 'Action.Execute', title: 'Refresh', verb: 'sportelloRefresh', data: { sportelloRefresh: ticket } }, trigger: 'automatic' });
      // Anyone may send the invoke from their personal chat with the bot: no card comes back.
      const fromChat = await postActivity(server.base, invoke(url, CARLO, 'adaptiveCard/action', refresh(code)));
      expect(fromChat.status).toBe(200);
      expect(fromChat.body.type).not.toBe('application/vnd.microsoft.card.adaptive');
      expect(JSON.stringify(fromChat.body)).not.toContain('badge reader');
      // Nor from another card in the triage channel, naming this ticket.
      const onOther = await postActivity(server.base, { ...cardAction(url, ANNA, 'x', { root: other.card.id }), value: refresh(code) });
      expect(onOther.body.type).not.toBe('application/vnd.microsoft.card.adaptive');
      expect(JSON.stringify(onOther.body)).not.toContain('badge reader');
      // On the card itself, the ticket's agent gets their view.
      const own = await postActivity(server.base, { ...cardAction(url, ANNA, 'x', { root: other.card.id }), value: refresh(other.code) });
      expect(own.body.type).toBe('application/vnd.microsoft.card.adaptive');
      expect(JSON.stringify(own.body)).toContain(`claim:${other.code}`);
      // Someone in the channel who is no agent presses Claim: refused, and the card they are shown has no buttons.
      const refused = await postActivity(server.base, cardAction(url, CARLO, `claim:${other.code}`, { root: other.card.id }));
      expect(JSON.stringify(refused.body)).toContain('Only help desk agents can use');
      expect(JSON.stringify(refused.body)).toContain(other.code);
      expect(JSON.stringify(refused.body)).not.toMatch(/"sportello":"(claim|resolve|escalate)/);
    });

    it('answers an agent\'s "ticket status" in a channel in their personal chat, internal notes and all', async () => {
      const { code, card } = await openTicket('the VPN asks for a password I do not have');
      await postActivity(server.base, channelMention(url, ANNA, `ticket note ${code} ${NOTE}`, card.id));
      await fake.waitFor((c) => c.conversationId === personalConversation(ANNA) && shown(c).includes(`Internal note added to ${code}.`), 'the note receipt, in private');
      const n = fake.calls.length;
      // The finding's request: @Sportello ticket status, in a channel everyone reads.
      expect((await postActivity(server.base, channelMention(url, ANNA, `ticket status ${code}`, null, GENERAL))).status).toBe(200);
      const answer = await fake.waitFor(after(n)((c) => c.conversationId === personalConversation(ANNA)), 'the private answer');
      expect(shown(answer)).toContain(`• Anna (internal): ${NOTE}`);
      // Teams was asked for Anna's chat once, at her first command in a channel; it is remembered since.
      const asked = fake.opened.filter((p) => p.members[0].id === `29:mri-${ANNA.aad}`);
      expect(asked).toHaveLength(1);
      expect(asked[0]).toMatchObject({ isGroup: false, bot: { id: '28:00000000-0000-0000-0000-0000000000b0' }, members: [{ id: `29:mri-${ANNA.aad}` }], tenantId: TENANT, channelData: { tenant: { id: TENANT } } });
      await new Promise((r) => setTimeout(r, 200));
      expect(fake.calls.filter((c) => c.conversationId.startsWith(GENERAL))).toEqual([]);
      expect(fake.calls.filter((c) => c.conversationId.startsWith(TRIAGE) && shown(c).includes(NOTE)).map((c) => c.body.text)).toEqual([`**Anna (internal note)**: ${NOTE}`]);
    });

    it('answers in the channel without internal notes where Teams will not open a personal chat', async () => {
      const { code, card } = await openTicket('the shared drive is read-only again');
      await postActivity(server.base, channelMention(url, ANNA, `ticket note ${code} ${NOTE}`, card.id));
      await expect.poll(() => fake.calls.some((c) => shown(c).includes(`Internal note added to ${code}.`))).toBe(true);
      fake.refuseChats();
      try {
        const n = fake.calls.length;
        await postActivity(server.base, channelMention(url, BRUNO, `ticket status ${code}`, null, GENERAL));
        const answer = await fake.waitFor(after(n)((c) => c.conversationId === GENERAL), 'the answer in the channel');
        expect(shown(answer)).toContain(`${code} · open`);
        expect(shown(answer)).toContain('(Internal notes are not shown where others read: ask me in a private chat to see them.)');
        expect(shown(answer)).not.toContain(NOTE);
      } finally {
        fake.allowChats();
      }
    });
  });
}

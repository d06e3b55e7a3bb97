// Slack and what people may not do to each other through the desk: a
// requester's pings and disguised links reach agents as plain words, and what
// the desk answers an agent in a channel (internal notes, other people's
// tickets) is seen by that agent alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreEnv } from '../support/server-stores.js';
import { slackServerEnv, startFakeSlack, type FakeSlack, type SlackCall } from '../support/fake-slack.js';
import { post, startServer, type RunningServer } from '../support/server.js';
import { homeOpened, messageEvent, postToSlackEndpoint } from '../support/slack-requests.js';

const TRIAGE = 'C0TRIAGE02';
const GENERAL = 'C0GENERAL2';
const ANNA = 'U0AGENT001';
const BOT = 'U0FAKEBOT1';

/** What the security review sent as a requester (on the web chat, where nothing strips it). */
const PINGS = '<!here> <!channel> <@U0AGENT001>';
const LINK = '<https://evil.example/sso|https://sso.company.com>';
const PINGS_SHOWN = '&lt;!here&gt; &lt;!channel&gt; &lt;@U0AGENT001&gt;';
const LINK_SHOWN = '&lt;https://evil.example/sso|https://sso.company.com&gt;';

const NOTE = 'Password temporanea del requester: Estate2024!';

export function runSlackTrustFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe(`Slack keeps requesters' markup inert and agents' answers private, on ${name}`, () => {
    let fake: FakeSlack;
    let server: RunningServer;
    let storage: StoreEnv;

    beforeAll(async () => {
      fake = await startFakeSlack({ [ANNA]: { name: 'Anna', locale: 'en-US' } });
      storage = await storeEnv();
      server = await startServer({ ...storage.env, ...slackServerEnv(fake, TRIAGE) });
      const store = await storage.open(server.dataDir);
      await store.saveAgent({ platform: 'slack', userId: ANNA, name: 'Anna', departments: ['it'], tier: 1, role: 'agent' });
      await store.close();
    });
    afterAll(async () => {
      await server?.stop();
      await fake?.close();
      await storage?.cleanup();
    });

    const after = (n: number) => (pred: (c: SlackCall) => boolean) => (c: SlackCall) => fake.calls.indexOf(c) >= n && pred(c);
    const giulia = { id: 'giulia', name: 'Giulia', locale: 'en' };
    const event = (o: { text: string; channel: string; threadTs?: string; type?: string }) => {
      const body = JSON.parse(messageEvent({ user: ANNA, text: o.text, channel: o.channel, channelType: 'channel', ...(o.threadTs ? { threadTs: o.threadTs } : {}) }));
      if (o.type) body.event.type = o.type;
      return postToSlackEndpoint(server.base, JSON.stringify(body), 'application/json');
    };
    async function openTicket(text: string) {
      const n = fake.calls.length;
      const code = (await post(server.base, '/web/api/messages', { user: giulia, text: `ticket new --no-faq --dept it ${text}` })).body.replies[0].ticket.code as string;
      const card = await fake.waitFor(after(n)((c) => c.method === 'chat.postMessage' && c.args.channel === TRIAGE && !c.args.thread_ts && String(c.args.text).includes(code)), 'the card');
      return { code, card };
    }

    it('shows a requester\'s <!here>, <@U…> and <url|label> to agents as text: in the card, its notification, its thread and the App Home', async () => {
      const n = fake.calls.length;
      const { code, card } = await openTicket(PINGS);
      const cardText = `New ticket ${code} [P3] IT L1 from Giulia: ${PINGS_SHOWN}`;
      expect(card.args.text).toBe(cardText);
      expect((card.args.blocks as any)[0].text).toEqual({ type: 'mrkdwn', text: cardText });

      await post(server.base, '/web/api/messages', { user: giulia, text: `ticket reply ${code} ${PINGS} ${LINK}` });
      const ts = card.result.ts;
      const inThread = (text: string) => fake.waitFor(after(n)((c) => c.method === 'chat.postMessage' && c.args.thread_ts === ts && c.args.text === text), text);
      await inThread(`Giulia on ${code}: ${PINGS_SHOWN} ${LINK_SHOWN}`);
      await inThread(`*Giulia*: ${PINGS_SHOWN} ${LINK_SHOWN}`);

      await postToSlackEndpoint(server.base, homeOpened(ANNA), 'application/json');
      const home = await fake.waitFor(after(n)((c) => c.method === 'views.publish' && c.args.user_id === ANNA), "Anna's home");
      expect(JSON.stringify(home.args.view)).toContain(`${code} · P3 — ${PINGS_SHOWN}`);

      // Nothing the desk sent carried Slack markup it had not written itself.
      const sent = JSON.stringify(fake.calls.slice(n).map((c) => c.args));
      for (const raw of ['<!here>', '<!channel>', '<@U0AGENT001>', '<https://evil.example']) expect(sent).not.toContain(raw);
    });

    it('answers an agent\'s "@Sportello ticket status" in a public channel to them alone, internal notes and all', async () => {
      const { code, card } = await openTicket('the VPN asks for a password I do not have');
      let n = fake.calls.length;
      await event({ text: `ticket note ${code} ${NOTE}`, channel: TRIAGE, threadTs: card.result.ts as string });
      // Typed in the card's thread, a command: answered to Anna alone, and not relayed to the requester.
      const noted = await fake.waitFor(after(n)((c) => c.method === 'chat.postEphemeral'), 'the note receipt');
      expect(noted.args).toMatchObject({ channel: TRIAGE, user: ANNA, thread_ts: card.result.ts, text: `Internal note added to ${code}.` });

      // The finding: the mention in a public channel, answered in that channel's thread for all to read.
      n = fake.calls.length;
      await event({ text: `<@${BOT}> ticket status ${code}`, channel: GENERAL, type: 'app_mention' });
      const answer = await fake.waitFor(after(n)((c) => c.method === 'chat.postEphemeral'), 'the status');
      expect(answer.args).toMatchObject({ channel: GENERAL, user: ANNA });
      expect(answer.args).not.toHaveProperty('thread_ts');
      expect(String(answer.args.text)).toContain(`• Anna (internal): ${NOTE}`);

      // In the card's thread, Slack sends the same words twice (a message and an app_mention): one answer, to Anna.
      n = fake.calls.length;
      const text = `<@${BOT}> ticket status ${code}`;
      await event({ text, channel: TRIAGE, threadTs: card.result.ts as string });
      await event({ text, channel: TRIAGE, threadTs: card.result.ts as string, type: 'app_mention' });
      const inThread = await fake.waitFor(after(n)((c) => c.method === 'chat.postEphemeral'), 'the status in the thread');
      expect(inThread.args).toMatchObject({ channel: TRIAGE, user: ANNA, thread_ts: card.result.ts });
      expect(String(inThread.args.text)).toContain(NOTE);
      await new Promise((r) => setTimeout(r, 300));
      expect(fake.calls.slice(n).filter((c) => c.method === 'chat.postEphemeral')).toHaveLength(1);

      // The note reached no channel message but the agents' own mirror in the card's thread.
      const posted = fake.calls.filter((c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && JSON.stringify(c.args).includes(NOTE));
      expect(posted.map((c) => [c.args.channel, c.args.thread_ts])).toEqual([[TRIAGE, card.result.ts]]);
      expect(posted[0]!.args.text).toBe(`*Anna (internal note)*: ${NOTE}`);
      // And the requester heard neither command as an answer from Anna.
      const status = (await post(server.base, '/web/api/messages', { user: giulia, text: `ticket status ${code}` })).body.replies[0].text as string;
      expect(status).not.toMatch(/ticket (status|note)/);
      expect(status).not.toContain(NOTE);
    });
  });
}

// Slack with THREAD_DEFAULT=requester: a desk used to every word in a ticket's
// thread reaching the requester keeps it, and `//` keeps an aside among agents.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreEnv } from '../support/server-stores.js';
import { slackServerEnv, startFakeSlack, type FakeSlack, type SlackCall } from '../support/fake-slack.js';
import { openStream, post, startServer, type RunningServer } from '../support/server.js';
import { messageEvent, postToSlackEndpoint } from '../support/slack-requests.js';

const TRIAGE = 'C0TRIAGE01';
const ANNA = 'U0AGENT001';

export function runSlackThreadDefaultFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe(`Slack with THREAD_DEFAULT=requester on ${name}`, () => {
    let fake: FakeSlack;
    let server: RunningServer;
    let storage: StoreEnv;

    beforeAll(async () => {
      fake = await startFakeSlack({ [ANNA]: { name: 'Anna', locale: 'it-IT' } });
      storage = await storeEnv();
      server = await startServer({ ...storage.env, ...slackServerEnv(fake, TRIAGE), THREAD_DEFAULT: 'requester' });
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

    it('sends plain thread messages to the requester, and keeps `//` ones internal, marked', async () => {
      const giulia = { id: 'giulia', name: 'Giulia', locale: 'it' };
      const stream = await openStream(server.base, 'giulia');
      try {
        const n = fake.calls.length;
        const code = (await post(server.base, '/web/api/messages', { user: giulia, text: 'ticket new --no-faq --dept it il badge non apre la porta' })).body.replies[0].ticket.code as string;
        const card = await fake.waitFor(after(n)((c) => c.method === 'chat.postMessage' && c.args.channel === TRIAGE && !c.args.thread_ts && String(c.args.text).includes(code)), 'the card');
        const say = (text: string) => {
          const raw = messageEvent({ user: ANNA, text, channel: TRIAGE, channelType: 'channel', threadTs: card.result.ts as string });
          return postToSlackEndpoint(server.base, raw, 'application/json').then(() => (JSON.parse(raw) as { event: { ts: string } }).event.ts);
        };
        const aside = await say('// forse il lettore del piano terra');
        const lock = await fake.waitFor(after(n)((c) => c.method === 'reactions.add' && c.args.timestamp === aside), 'the kept-internal mark');
        expect(lock.args.name).toBe('lock');
        const asked = await say('Da quale porta, Giulia?');
        // Giulia's stream carries what reaches her: the question, not the aside.
        let heard = await stream.next();
        while (!String(heard.text).includes('Da quale porta')) {
          expect(String(heard.text)).not.toContain('lettore del piano terra');
          heard = await stream.next();
        }
        const sent = await fake.waitFor(after(n)((c) => c.method === 'reactions.add' && c.args.timestamp === asked), 'the sent mark');
        expect(sent.args.name).toBe('outbox_tray');
        const status = (await post(server.base, '/web/api/messages', { user: giulia, text: `ticket status ${code}` })).body.replies.map((r: { text: string }) => r.text).join('\n');
        expect(status).toContain('Da quale porta, Giulia?');
        expect(status).not.toContain('lettore del piano terra');
        // Anna chose to keep the aside inside: nothing to teach her.
        expect(fake.calls.slice(n).filter((c) => c.method === 'chat.postEphemeral')).toEqual([]);
      } finally {
        stream.close();
      }
    });
  });
}

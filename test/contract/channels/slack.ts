// Slack for the channel contract: signed events into Bolt's receiver, the real
// WebClient against the fake Web API. The requester writes by DM; the agents'
// channel gets one card per ticket, with the conversation in the card's thread.
import { slackServerEnv, startFakeSlack, type FakeSlack, type SlackCall } from '../../support/fake-slack.js';
import type { RunningServer } from '../../support/server.js';
import { messageEvent, postToSlackEndpoint } from '../../support/slack-requests.js';
import type { ChannelHarness } from '../channel-contract.js';

const TRIAGE = 'C0TRIAGE01';
const MARIO = 'U0REQUEST1';
const ANNA = 'U0AGENT001';

export function slackHarness(): ChannelHarness {
  let fake: FakeSlack;
  let base = '';
  let ids = 0;
  const posts = () => fake.calls.filter((c) => c.method === 'chat.postMessage');
  const isCard = (c: SlackCall) => c.method === 'chat.postMessage' && c.args.channel === TRIAGE && !c.args.thread_ts;
  const shown = (c: SlackCall) => `${String(c.args.text)}\n${JSON.stringify(c.args.blocks ?? '')}`;
  const cardOf = (code: string) => fake.calls.find((c) => isCard(c) && new RegExp(`\\b${code}\\b`).test(shown(c)));

  return {
    name: 'slack',
    lacks: {},
    agents: [{ platform: 'slack', userId: ANNA, name: 'Anna', departments: ['it'], tier: 1, role: 'agent' }],

    async up() {
      fake = await startFakeSlack({ [MARIO]: { name: 'Mario', locale: 'en-US' }, [ANNA]: { name: 'Anna', locale: 'en-US' } });
      return slackServerEnv(fake, TRIAGE);
    },
    async ready(server: RunningServer) {
      base = server.base;
    },

    async say(text, deliveryId) {
      const res = await postToSlackEndpoint(base, messageEvent({ user: MARIO, text, channel: `D${MARIO}`, channelType: 'im', ...(deliveryId ? { eventId: deliveryId } : {}) }), 'application/json');
      if (res.status !== 200) throw new Error(`Slack event answered ${res.status}`);
    },
    deliveryId: () => `EvContract${++ids}`,
    toRequester: () => posts().filter((c) => c.args.channel === `D${MARIO}`).map((c) => String(c.args.text)),
    toTeam: () => [],
    cards: () =>
      fake.calls.filter(isCard).map((card) => ({
        text: shown(card),
        edits: fake.calls.filter((c) => c.method === 'chat.update' && c.args.channel === TRIAGE && c.args.ts === card.result.ts).map(shown),
      })),
    thread(code) {
      const card = cardOf(code);
      return card ? posts().filter((c) => c.args.channel === TRIAGE && c.args.thread_ts === card.result.ts).map((c) => String(c.args.text)) : [];
    },
    // Slack and Teams send `>` escaped.
    toRequesterInThread: (text) => `&gt;&gt; ${text}`,
    async typeInThread(code, text) {
      const card = cardOf(code);
      if (!card) throw new Error(`no card for ${code} yet`);
      await postToSlackEndpoint(base, messageEvent({ user: ANNA, text, channel: TRIAGE, channelType: 'channel', threadTs: card.result.ts as string }), 'application/json');
    },
    // Slack reports its own trouble as HTTP 200 with ok:false; see the report on 5xx.
    breakPosts: () => fake.refuse('chat.postMessage', 'internal_error'),
    mendPosts: () => fake.mend('chat.postMessage'),
    refusedPosts: () => fake.refused.length,
    down: async () => fake?.close(),
  };
}

// Teams for the channel contract: activities through botbuilder's CloudAdapter
// (TEAMS_LOCAL: no tokens), every send landing on the fake connector. The
// requester writes in a personal chat; the team channel gets one card per
// ticket, edited in place, with the conversation in the card's reply thread.
import { startFakeConnector, shown, type ConnectorCall, type FakeConnector } from '../../support/fake-teams.js';
import type { RunningServer } from '../../support/server.js';
import { TRIAGE, botAddedToTeam, channelMention, personalConversation, personalMessage, postActivity, type TeamsPerson } from '../../support/teams-activities.js';
import type { ChannelHarness } from '../channel-contract.js';

const MARIO: TeamsPerson = { aad: '00000000-0000-0000-0000-0000000000c1', name: 'Mario', locale: 'en-US' };
const ANNA: TeamsPerson = { aad: '00000000-0000-0000-0000-0000000000c2', name: 'Anna', locale: 'en-US' };

export function teamsHarness(how: number | 'reset' = 'reset'): ChannelHarness {
  let fake: FakeConnector;
  let base = '';
  let ids = 0;
  const isCard = (c: ConnectorCall) => c.method === 'POST' && c.conversationId === TRIAGE;
  const cardOf = (code: string) => fake.calls.find((c) => isCard(c) && new RegExp(`\\b${code}\\b`).test(shown(c)));
  /** What a person reads of a message: its text, or the card's summary. */
  const read = (c: ConnectorCall) => String(c.body?.text ?? c.body?.summary ?? '');

  return {
    name: 'teams',
    lacks: {},
    agents: [{ platform: 'teams', userId: ANNA.aad, name: 'Anna', departments: ['it'], tier: 1, role: 'agent' }],

    async up() {
      fake = await startFakeConnector();
      return { TEAMS_LOCAL: '1', TEAMS_TRIAGE_CONVERSATION_ID: TRIAGE };
    },
    async ready(server: RunningServer) {
      base = server.base;
      // Installing the app in the agents' team teaches the bot where that channel lives.
      const res = await postActivity(base, botAddedToTeam(fake.serviceUrl));
      if (res.status !== 200) throw new Error(`install answered ${res.status}`);
    },

    async say(text, deliveryId) {
      const res = await postActivity(base, personalMessage(fake.serviceUrl, MARIO, text, deliveryId));
      if (res.status !== 200) throw new Error(`activity answered ${res.status}`);
    },
    deliveryId: () => `1900000000${String(++ids).padStart(3, '0')}`,
    toRequester: () => fake.calls.filter((c) => c.method === 'POST' && c.conversationId === personalConversation(MARIO)).map(read),
    toTeam: () => [],
    cards: () =>
      fake.calls.filter(isCard).map((card) => ({
        text: shown(card),
        edits: fake.calls.filter((c) => c.method === 'PUT' && c.activityId === card.id).map(shown),
      })),
    thread(code) {
      const card = cardOf(code);
      return card ? fake.calls.filter((c) => c.method === 'POST' && c.conversationId === `${TRIAGE};messageid=${card.id}`).map(read) : [];
    },
    // Slack and Teams send `>` escaped.
    toRequesterInThread: (text) => `&gt;&gt; ${text}`,
    async typeInThread(code, text) {
      const card = cardOf(code);
      if (!card) throw new Error(`no card for ${code} yet`);
      await postActivity(base, channelMention(fake.serviceUrl, ANNA, text, card.id));
    },
    breakPosts: () => fake.breakSends(how),
    mendPosts: () => fake.mendSends(),
    refusedPosts: () => fake.refused.length,
    down: async () => fake?.close(),
  };
}

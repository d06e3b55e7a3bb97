// The web chat for the channel contract: the JSON API and the event stream. The
// requester's own answers come back in the HTTP response, everything else is
// pushed on their stream; the team's web agents get the new-ticket message on
// theirs. It has no cards, no threads, no delivery ids and no platform API.
import { collectStream, post, type Collected, type RunningServer } from '../../support/server.js';
import type { ChannelHarness } from '../channel-contract.js';

const GIULIA = { id: 'giulia', name: 'Giulia', locale: 'en' };

export function webHarness(): ChannelHarness {
  let base = '';
  const shown: string[] = [];
  let requesterStream: Collected | undefined;
  let teamStream: Collected | undefined;

  return {
    name: 'web',
    lacks: {
      cards: 'the web chat shows no cards',
      threads: 'the web chat has no threads',
      sideTalk: 'the web chat has no threads',
      redelivery: 'a web POST carries no delivery id to repeat',
      failures: 'no platform API: a push goes to open streams or waits for the next one',
    },
    agents: [],

    async up() {
      return {};
    },
    async ready(server: RunningServer) {
      base = server.base;
      requesterStream = await collectStream(base, GIULIA.id, (item) => shown.push(String(item.text)));
      // The contract's web agent, as a member of the team.
      teamStream = await collectStream(base, 'wendy');
    },

    async say(text) {
      const res = await post(base, '/web/api/messages', { user: GIULIA, text });
      if (res.status !== 200) throw new Error(`web chat answered ${res.status}`);
      for (const r of res.body.replies as { text: string }[]) shown.push(r.text);
    },
    deliveryId: () => '',
    toRequester: () => shown,
    toTeam: () => (teamStream?.items ?? []).map((i) => `${i.text}\n${JSON.stringify(i.ticket ?? '')}`),
    cards: () => [],
    thread: () => [],
    async typeInThread() {
      throw new Error('the web chat has no threads');
    },
    toRequesterInThread: (text) => text,
    breakPosts() {},
    mendPosts() {},
    refusedPosts: () => 0,
    async down() {
      requesterStream?.close();
      teamStream?.close();
    },
  };
}

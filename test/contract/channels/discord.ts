// Discord for the channel contract: the real discord.js client on the fake
// gateway and REST API. The requester writes by DM; each of their tickets gets a
// private thread in the support channel where they and the agents talk (the
// bot reads it, and posts there only what was said elsewhere); the triage
// channel gets one embed per ticket, edited in place.
import { SUPPORT, TRIAGE, discordServerEnv, startFakeDiscord, type DiscordCall, type FakeDiscord } from '../../support/fake-discord.js';
import { messageCreate, type DiscordPerson } from '../../support/discord-events.js';
import type { RunningServer } from '../../support/server.js';
import type { ChannelHarness } from '../channel-contract.js';

const MARIO: DiscordPerson = { id: '100000000000000013', name: 'Mario', locale: 'en-US' };
const ANNA: DiscordPerson = { id: '100000000000000016', name: 'Anna', locale: 'en-US', agent: true };

export function discordHarness(): ChannelHarness {
  let fake: FakeDiscord;
  let ids = 500000000000000000n;
  /** What people (not the bot) typed in each thread, and when: its members read it there. */
  const typed = new Map<string, { at: number; text: string }[]>();
  const postsIn = (channel: string) => fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${channel}/messages` && c.result);
  const content = (c: DiscordCall) => String(c.body?.content ?? '');
  const isCard = (c: DiscordCall) => c.method === 'POST' && c.path === `/channels/${TRIAGE}/messages` && !c.body?.message_reference && c.result;
  const threadOf = (code: string): string | undefined =>
    fake.calls.find((c) => c.method === 'POST' && c.path === `/channels/${SUPPORT}/threads` && String(c.body?.name).startsWith(`${code} · `))?.result?.id;
  const member = (thread: string, who: string) => fake.calls.some((c) => c.method === 'PUT' && c.path === `/channels/${thread}/thread-members/${who}`);
  const requesterThreads = () =>
    fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${SUPPORT}/threads`).map((c) => c.result.id as string).filter((t) => member(t, MARIO.id));

  return {
    name: 'discord',
    lacks: { sideTalk: 'the ticket’s thread is shared with the requester: all said there is for them' },
    agents: [],

    async up() {
      fake = await startFakeDiscord();
      // Anna is an agent by her role.
      return discordServerEnv(fake);
    },
    async ready(_server: RunningServer) {
      await fake.ready();
    },

    async say(text, deliveryId) {
      fake.dispatch('MESSAGE_CREATE', { ...messageCreate(MARIO, text, 'dm'), ...(deliveryId ? { id: deliveryId } : {}) });
    },
    deliveryId: () => String(++ids),
    toRequester() {
      // Their DMs and their tickets' threads, in the order things appeared there.
      const dms = [`8${MARIO.id.slice(1)}`, `9${MARIO.id.slice(1)}`].flatMap((ch) => postsIn(ch).map((c) => ({ at: c.at, text: content(c) })));
      const threads = requesterThreads().flatMap((t) => [...postsIn(t).map((c) => ({ at: c.at, text: content(c) })), ...(typed.get(t) ?? [])]);
      return [...dms, ...threads].sort((a, b) => a.at - b.at).map((m) => m.text);
    },
    toTeam: () => [],
    cards: () =>
      fake.calls.filter(isCard).map((card) => ({
        text: JSON.stringify(card.body),
        edits: fake.calls.filter((c) => c.method === 'PATCH' && c.path === `/channels/${TRIAGE}/messages/${card.result.id}`).map((c) => JSON.stringify(c.body)),
      })),
    thread(code) {
      const thread = threadOf(code);
      return thread ? postsIn(thread).map(content) : [];
    },
    toRequesterInThread: (text) => text,
    async typeInThread(code, text) {
      // The thread opens after the card; the requester is in it before anyone talks there.
      await fake.waitFor(() => {
        const t = threadOf(code);
        return !!t && member(t, MARIO.id);
      }, `the thread of ${code}`);
      const thread = threadOf(code)!;
      typed.set(thread, [...(typed.get(thread) ?? []), { at: performance.now(), text }]);
      fake.dispatch('MESSAGE_CREATE', messageCreate(ANNA, text, { channelId: thread }));
    },
    breakPosts: () => fake.breakPosts(500),
    mendPosts: () => fake.mendPosts(),
    refusedPosts: () => fake.refused.length,
    down: async () => fake?.close(),
  };
}

// The platforms, in this process: the test suite's fakes of Slack's Web API, the
// Bot Framework connector and Discord (REST and gateway). Every message they
// receive from the desk is stamped on arrival; those meant for a person (not a
// triage channel) are what the soak counts as delivered.
import { startFakeDiscord, TRIAGE as DISCORD_TRIAGE, discordServerEnv, type FakeDiscord } from '../../test/support/fake-discord.js';
import { slackServerEnv, startFakeSlack, type FakeSlack } from '../../test/support/fake-slack.js';
import { startFakeConnector, type FakeConnector } from '../../test/support/fake-teams.js';
import { TRIAGE as TEAMS_TRIAGE } from '../../test/support/teams-activities.js';

export const SLACK_TRIAGE = 'C0SOAKTRI1';
export const SLACK_PEOPLE = Array.from({ length: 40 }, (_, i) => `U0SOAK${String(i).padStart(4, '0')}`);

/** One message a platform carried to a person, as the fake received it. */
export interface Arrival {
  platform: 'slack' | 'teams' | 'discord';
  /** Everything it says (text, blocks, cards), for finding a token or a ticket code in it. */
  text: string;
  at: number;
}

export interface StandIns {
  slack: FakeSlack;
  teams: FakeConnector;
  discord: FakeDiscord;
  env: Record<string, string>;
  /** Messages to people, in arrival order. */
  arrivals: Arrival[];
  /** Arrival time of each Discord call (interaction callbacks included). */
  discordAt: WeakMap<object, number>;
  /** The platform answers 5xx or 429 to the desk's new messages until `mend`. */
  breakPlatform(which: 'slack' | 'teams' | 'discord', status: number): void;
  mend(which: 'slack' | 'teams' | 'discord'): void;
  close(): Promise<void>;
}

/** Calls `onPush` for each element pushed onto `list` (the fakes record by pushing). */
function watch<T>(list: T[], onPush: (item: T) => void) {
  const push = list.push.bind(list);
  list.push = (...items: T[]) => {
    for (const item of items) onPush(item);
    return push(...items);
  };
}

export async function startStandIns(): Promise<StandIns> {
  const slack = await startFakeSlack(Object.fromEntries(SLACK_PEOPLE.map((id, i) => [id, { name: `Slack Person ${i}`, locale: 'en-US' }])));
  const teams = await startFakeConnector();
  // Like Discord, the fake sends every event to every gateway connection: two instances connected would both answer.
  const discord = await startFakeDiscord();
  const arrivals: Arrival[] = [];
  const discordAt = new WeakMap<object, number>();

  watch(slack.calls, (c) => {
    const channel = String(c.args.channel ?? '');
    // DMs (D…) and answers through a response_url reach the person; the triage channel does not.
    if ((c.method === 'chat.postMessage' || c.method === 'chat.update') && channel.startsWith('D')) arrivals.push({ platform: 'slack', text: JSON.stringify(c.args), at: Date.now() });
    else if (c.method.startsWith('respond/')) arrivals.push({ platform: 'slack', text: JSON.stringify(c.args), at: Date.now() });
  });
  watch(teams.calls, (c) => {
    if ((c.method === 'POST' || c.method === 'PUT') && c.conversationId.startsWith('a:')) arrivals.push({ platform: 'teams', text: JSON.stringify(c.body), at: Date.now() });
  });
  watch(discord.calls, (c) => {
    discordAt.set(c, Date.now());
    const triage = c.path.startsWith(`/channels/${DISCORD_TRIAGE}/`);
    const message = c.path.startsWith('/webhooks/') || (c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path));
    if (message && !triage && c.method !== 'DELETE') arrivals.push({ platform: 'discord', text: JSON.stringify(c.body), at: Date.now() });
  });

  // Slack has no switch for a 5xx spell in its fake: a 429 is armed before each call while broken.
  let slackBroken: NodeJS.Timeout | null = null;
  return {
    slack,
    teams,
    discord,
    env: {
      ...slackServerEnv(slack, SLACK_TRIAGE),
      TEAMS_LOCAL: '1',
      TEAMS_TRIAGE_CONVERSATION_ID: TEAMS_TRIAGE,
      ...discordServerEnv(discord),
    },
    arrivals,
    discordAt,
    breakPlatform(which, status) {
      if (which === 'teams') teams.breakSends(status);
      else if (which === 'discord') discord.breakPosts(status);
      else slackBroken ??= setInterval(() => slack.rateLimitOnce('chat.postMessage'), 20);
    },
    mend(which) {
      if (which === 'teams') teams.mendSends();
      else if (which === 'discord') discord.mendPosts();
      else if (slackBroken) {
        clearInterval(slackBroken);
        slackBroken = null;
      }
    },
    async close() {
      if (slackBroken) clearInterval(slackBroken);
      await Promise.all([slack.close(), teams.close(), discord.close()]);
    },
  };
}

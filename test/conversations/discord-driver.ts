// The conversation fixture through Discord: a real server whose discord.js
// client logs in to the gateway and REST stand-in. A person writes a DM
// (MESSAGE_CREATE); presses a button (INTERACTION_CREATE, the custom_id the
// adapter rendered, on the message that showed it).
// Answers: to a DM, what the bot posts back into that DM channel; to a press,
// the interaction's own answer (its @original edit and follow-ups). Pushes:
// what the bot posts to the person's DM channel it opens itself. With a triage
// channel (the default), a team's news is an embed there, or a message in
// answer to one: a push to every agent, since every agent reads the channel;
// without one, each agent of the team gets a DM. With `supportThreads`, a
// ticket's private thread in the support channel carries its messages instead,
// and posts there are pushes to the thread's members.
import type { ChatDriver, PersonSpec, SeenMessage } from '../support/chat-driver.js';
import { buttonPress, messageCreate, slashCommand, type DiscordPerson } from '../support/discord-events.js';
import { APP, TRIAGE, discordServerEnv, startFakeDiscord, type DiscordCall } from '../support/fake-discord.js';
import { startServer } from '../support/server.js';
import type { StoreEnv } from '../support/server-stores.js';
import { createInboxes, factsFromFields, sameOnEveryPlatform, ticketIn, type Routed } from './platform-inbox.js';
import { FORM_PREFIX } from '../../adapters/channels/discord/form-modal.js';

const BUTTON_PREFIX = 'sportello:';

export interface DiscordDriverOptions {
  /** Agents hear of new tickets as embeds in a triage channel (default), or each by DM when false. */
  triageChannel?: boolean;
  /** Tickets get private threads in the support channel (DISCORD_SUPPORT_CHANNEL_ID); off by default, so pushes are DMs. */
  supportThreads?: boolean;
  /**
   * A DM carries no locale: the adapter learns a person's from their first
   * interaction. By default each person met runs `/ticket list` once (its
   * answer is no part of the conversation), as someone who used the bot's
   * command before. False leaves DM-only people in DEFAULT_LOCALE.
   */
  teachLocale?: boolean;
}

type Embed = { title?: string; fields?: { name: string; value: string }[] };
type Component = { type: number; components?: Component[]; custom_id?: string; label?: string };

/** A Discord message as the person reads it: content, the ticket embed, the buttons. */
export function seenFromDiscord(body: { content?: string; embeds?: Embed[]; components?: Component[] }): SeenMessage {
  const text = (body.content ?? '').replace(/\u200b/g, '');
  const buttons = (body.components ?? [])
    .flatMap((row) => row.components ?? [])
    .filter((b) => b.type === 2 && b.custom_id?.startsWith(BUTTON_PREFIX))
    .map((b) => ({ id: b.custom_id!.slice(BUTTON_PREFIX.length), label: b.label ?? '' }));
  const embed = (body.embeds ?? []).find((e) => e.title && /^[A-Z]+-\d+$/.test(e.title));
  // Fields by their names, which are in the reader's language.
  const facts = embed ? factsFromFields(embed.title!, (embed.fields ?? []).map((f) => ({ name: f.name, value: f.value.replace(/\u200b/g, '') }))) : undefined;
  const ticket = ticketIn(facts, text);
  const formButton = (body.components ?? []).flatMap((row) => row.components ?? []).find((b) => b.custom_id?.startsWith(FORM_PREFIX));
  const form = formButton ? { form: { id: formButton.custom_id!.slice(FORM_PREFIX.length), fields: [] } } : {};
  return { text, buttons, ...(ticket ? { ticket } : {}), ...form };
}

/** A press in a DM: Discord sends the user, and no server, member or server locale. */
function inDm(d: Record<string, any>, dm: boolean): Record<string, any> {
  if (!dm) return d;
  const { guild_id: _guild, member, guild_locale: _locale, ...rest } = d;
  return { ...rest, user: member.user, context: 1, channel: { id: d.channel_id, type: 1, recipients: [member.user] } };
}

export async function makeDiscordDriver(storeEnv: () => Promise<StoreEnv>, options: DiscordDriverOptions = {}): Promise<ChatDriver> {
  const fake = await startFakeDiscord();
  const storage = await storeEnv();
  const env = discordServerEnv(fake);
  if (!options.supportThreads) delete env.DISCORD_SUPPORT_CHANNEL_ID;
  if (options.triageChannel === false) delete env.DISCORD_TRIAGE_CHANNEL_ID;
  const server = await startServer({ ...storage.env, ...env, TICKET_INTAKE: 'confirm', LIMIT_TICKETS_PER_HOUR: '0', LIMIT_MESSAGES_PER_MINUTE: '0' });

  const people = new Map<string, PersonSpec & { discord: DiscordPerson }>();
  /** DM channel ids (the one a DM arrives in, `8…`, and the one the bot opens, `9…`) and interaction tokens -> person. */
  const keyOf = new Map<string, string>();
  const threadMembers = new Map<string, Set<string>>();
  const agents = () => [...people.values()].filter((p) => p.agent).map((p) => p.key);
  /** Per person: desk action id -> the message that showed its button, and where. */
  const shownOn = new Map<string, Map<string, { messageId: string; channelId: string }>>();
  let seq = 0;

  const route = (c: DiscordCall): Routed[] => {
    let keys: string[] = [];
    let pushOnly = false;
    let channelId = '';
    let m: RegExpExecArray | null;
    const put = /^\/channels\/(\d+)\/thread-members\/(\d+)$/.exec(c.path);
    if (put && c.method === 'PUT') {
      const key = keyOf.get(put[2]!);
      if (key) threadMembers.set(put[1]!, new Set([...(threadMembers.get(put[1]!) ?? []), key]));
      return [];
    }
    if ((m = /^\/channels\/(\d+)\/messages$/.exec(c.path)) && c.method === 'POST') {
      channelId = m[1]!;
      if (channelId === TRIAGE) {
        // A card, or a word to its team in answer to it (an escalation): every agent reads the channel.
        keys = agents();
        pushOnly = true;
      } else if (threadMembers.has(channelId)) {
        keys = [...threadMembers.get(channelId)!];
        pushOnly = true;
      } else {
        const key = keyOf.get(channelId);
        if (key) keys = [key];
      }
    } else if ((m = /^\/webhooks\/\d+\/([^/]+)(\/messages\/@original)?$/.exec(c.path)) && (c.method === 'PATCH' || c.method === 'POST')) {
      const key = keyOf.get(m[1]!);
      if (key) keys = [key];
      channelId = String(c.result?.channel_id ?? '');
    }
    if (keys.length === 0) return [];
    const seen = seenFromDiscord(c.body ?? {});
    for (const key of keys) {
      const map = shownOn.get(key) ?? new Map<string, { messageId: string; channelId: string }>();
      for (const b of seen.buttons) map.set(b.id, { messageId: String(c.result?.id ?? ''), channelId });
      shownOn.set(key, map);
    }
    return keys.map((key) => ({ key, messages: [seen], pushOnly }));
  };
  const inbox = createInboxes(fake.calls, route);

  const person = (key: string) => {
    const p = people.get(key);
    if (!p) throw new Error(`the Discord driver has not met "${key}"`);
    return p;
  };

  async function say(key: string, text: string): Promise<SeenMessage[]> {
    const { discord } = person(key);
    await inbox.quiet();
    const from = fake.calls.length;
    const d = messageCreate(discord, text, 'dm');
    fake.dispatch('MESSAGE_CREATE', d);
    const inDm = `/channels/${d.channel_id}/messages`;
    await inbox.settleTurn(from, (c) => c.method === 'POST' && c.path === inDm);
    return inbox.takeAnswers(key, from);
  }

  return {
    channel: 'discord',

    async meet(p) {
      const id = `2000000000000${String(++seq).padStart(5, '0')}`;
      const discord: DiscordPerson = { id, name: p.name, locale: p.locale === 'it' ? 'it' : 'en-US', roles: [] };
      people.set(p.key, { ...p, discord });
      keyOf.set(id, p.key);
      keyOf.set(`8${id.slice(1)}`, p.key);
      keyOf.set(`9${id.slice(1)}`, p.key);
      // A member of the server, holding no mapped role: agents are registered here by hand, which no role check undoes.
      fake.members.set(id, []);
      if (p.agent) {
        const store = await storage.open(server.dataDir);
        try {
          await store.saveAgent({ platform: 'discord', userId: id, name: p.name, departments: p.agent.departments, tier: p.agent.tier, role: 'agent', locale: p.locale });
        } finally {
          await store.close();
        }
      }
      if (options.teachLocale !== false) {
        const d = slashCommand(discord, 'list');
        fake.dispatch('INTERACTION_CREATE', d);
        await fake.waitFor((c) => c.path === `/webhooks/${APP}/${d.token}/messages/@original`, `the answer to ${p.key}'s /ticket list`, 10_000);
      }
    },

    say,

    async press(key, actionId) {
      const { discord } = person(key);
      await inbox.quiet();
      const where = shownOn.get(key)?.get(actionId);
      if (!where || !inbox.wasShown(key, actionId)) throw new Error(`${key} was never shown a button "${actionId}" on Discord`);
      const from = fake.calls.length;
      const d = inDm(buttonPress(discord, BUTTON_PREFIX + actionId, where.messageId, where.channelId), keyOf.get(where.channelId) === key);
      const token = String(d.token);
      keyOf.set(token, key);
      fake.dispatch('INTERACTION_CREATE', d);
      const isAnswer = (c: DiscordCall) => c.path.startsWith(`/webhooks/${APP}/${token}`);
      await inbox.settleTurn(from, isAnswer);
      // A press is answered through its interaction; what reached the DM meanwhile is a push.
      return inbox.takeAnswers(key, from, (at) => isAnswer(fake.calls[at]!));
    },

    ...sameOnEveryPlatform(inbox, person, say, [() => server.stop(), () => fake.close(), () => storage.cleanup()]),
  };
}

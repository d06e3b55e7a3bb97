// Gateway DISPATCH payloads shaped like Discord's (fixtures copied from
// ../shared/fixtures/platforms/discord), with fresh snowflakes each time.
import { AGENT_SUBCOMMANDS } from '../../adapters/channels/discord/ticket-command.js';
import { AGENT_ROLE, APP, GUILD, SUPPORT, fixture, type HostedAttachment } from './fake-discord.js';

export interface DiscordPerson {
  id: string;
  name: string;
  locale: string;
  /** Holds the IT agents' role (what DISCORD_AGENT_ROLES maps in every suite). */
  agent?: boolean;
  /** The member's roles, when a test sets them itself (over `agent`). */
  roles?: string[];
}

let n = 400000000000000000n;
const snowflake = () => String(++n);

const user = (p: DiscordPerson) => ({ id: p.id, username: p.name.toLowerCase(), global_name: p.name, discriminator: '0', avatar: null, public_flags: 0 });
const rolesOf = (p: DiscordPerson) => p.roles ?? (p.agent ? [AGENT_ROLE] : []);
const member = (p: DiscordPerson) => ({ ...fixture('gateway_interaction_create_slash_command.json').d.member, user: user(p), roles: rolesOf(p) });

function interaction(base: string, p: DiscordPerson, extra: Record<string, unknown>) {
  const d = fixture(base).d;
  delete d.message;
  return { ...d, id: snowflake(), token: `fake-interaction-token-${snowflake()}`, application_id: APP, guild_id: GUILD, member: member(p), locale: p.locale, ...extra };
}

/** The command that holds a sub-command, as Discord names it in the interaction. */
const commandOf = (sub: string) => (AGENT_SUBCOMMANDS.includes(sub) ? 'agent' : 'ticket');
/** Where a command is typed: the support channel unless a test says (a ticket's thread). */
const typedIn = (channelId: string | undefined) => {
  if (!channelId) return {};
  const d = fixture('gateway_interaction_create_slash_command.json').d;
  return { channel_id: channelId, channel: { ...d.channel, id: channelId, type: 12 } };
};

/** `/ticket <sub> [options]` (or `/agent <sub>` for the agents' sub-commands); options are the sub-command's string values. */
export function slashCommand(p: DiscordPerson, sub: string, options: Record<string, string> = {}, channelId?: string) {
  const opts = Object.entries(options).map(([name, value]) => ({ type: 3, name, value }));
  return interaction('gateway_interaction_create_slash_command.json', p, {
    data: { type: 1, name: commandOf(sub), id: '100000000000000040', options: [{ type: 1, name: sub, options: opts }] },
    ...typedIn(channelId),
  });
}

/** Discord asking for choices while `focused` is typed in `/… <sub>` (an APPLICATION_COMMAND_AUTOCOMPLETE interaction). */
export function autocomplete(p: DiscordPerson, sub: string, focused: { name: string; value: string }, channelId?: string) {
  return interaction('gateway_interaction_create_slash_command.json', p, {
    type: 4,
    data: { type: 1, name: commandOf(sub), id: '100000000000000040', options: [{ type: 1, name: sub, options: [{ type: 3, name: focused.name, value: focused.value, focused: true }] }] },
    ...typedIn(channelId),
  });
}

export function buttonPress(p: DiscordPerson, customId: string, messageId: string, channelId = SUPPORT) {
  const d = fixture('gateway_interaction_create_button.json').d;
  return {
    ...interaction('gateway_interaction_create_button.json', p, { data: { custom_id: customId, component_type: 2 }, channel_id: channelId, channel: { ...d.channel, id: channelId } }),
    message: { ...d.message, id: messageId, channel_id: channelId },
  };
}

/** The new-ticket modal of earlier versions by default; `customId` for another. A field given as a list is a string select in a Label. */
export function modalSubmit(p: DiscordPerson, fields: Record<string, string | string[]>, customId = 'sportello_new_ticket') {
  const component = ([custom_id, value]: [string, string | string[]]) =>
    Array.isArray(value) ? { type: 18, id: 1, component: { type: 3, id: 2, custom_id, values: value } } : { type: 1, components: [{ type: 4, custom_id, value }] };
  return interaction('gateway_interaction_create_modal_submit.json', p, {
    data: { custom_id: customId, components: Object.entries(fields).map(component) },
  });
}

/** "Create ticket" on a message: a message context menu command, with the message in `resolved`. */
export function messageCommand(p: DiscordPerson, target: { id: string; content: string; author: DiscordPerson }, channelId = SUPPORT) {
  const d = fixture('gateway_message_create.json').d;
  const message = { ...d, reactions: [], id: target.id, channel_id: channelId, content: target.content, author: user(target.author), timestamp: new Date().toISOString() };
  return interaction('gateway_interaction_create_slash_command.json', p, {
    channel_id: channelId,
    data: { type: 3, name: 'Create ticket', id: '100000000000000041', target_id: target.id, resolved: { messages: { [target.id]: message } } },
  });
}

/** A message in a server channel or thread (`channelId`), or a DM (`dm`); `attachments` as the fake hosts them (FakeDiscord.host). */
export function messageCreate(p: DiscordPerson, content: string, where: { channelId: string } | 'dm', attachments: HostedAttachment[] = []) {
  const d = fixture('gateway_message_create.json').d;
  const base = { ...d, reactions: [], id: snowflake(), content, attachments, author: user(p), timestamp: new Date().toISOString() };
  if (where === 'dm') {
    const { guild_id: _g, member: _m, ...dm } = base;
    return { ...dm, channel_id: `8${p.id.slice(1)}`, channel_type: 1 };
  }
  return { ...base, channel_id: where.channelId, guild_id: GUILD, channel_type: 12, member: { ...d.member, roles: rolesOf(p) } };
}

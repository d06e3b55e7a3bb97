// Bot Framework activities as Teams sends them (fixtures copied from
// ../shared/fixtures/platforms/teams), pointed at the fake connector.
import { readFileSync } from 'node:fs';

const fixtures = new URL('../fixtures/platforms/teams/', import.meta.url);
const fixture = (name: string) => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8')) as Record<string, any>;

export const BOT = { id: '28:00000000-0000-0000-0000-0000000000b0', name: 'Helpdesk Bot' };
export const TRIAGE = '19:fake-channel-id@thread.tacv2';

export interface TeamsPerson {
  aad: string;
  name: string;
  locale: string;
}

let seq = 0;
const nextId = () => `17000000${String(++seq).padStart(5, '0')}`;

function from(p: TeamsPerson) {
  return { id: `29:mri-${p.aad}`, name: p.name, aadObjectId: p.aad };
}

export const personalConversation = (p: TeamsPerson) => `a:personal-${p.aad}`;

export function personalMessage(serviceUrl: string, p: TeamsPerson, text: string, id = nextId()) {
  const a = fixture('message_personal.json');
  return { ...a, id, text, serviceUrl, locale: p.locale, from: from(p), conversation: { ...a.conversation, id: personalConversation(p) } };
}

/** An @mention of the bot in a channel; `root` puts it in that message's reply thread. */
export function channelMention(serviceUrl: string, p: TeamsPerson, text: string, root: string | null, channel = TRIAGE) {
  const a = fixture('message_channel_mention.json');
  return {
    ...a,
    id: nextId(),
    text: `<at>Helpdesk Bot</at> ${text}`,
    serviceUrl,
    locale: p.locale,
    from: from(p),
    channelData: { ...a.channelData, channel: { id: channel }, teamsChannelId: channel },
    conversation: { ...a.conversation, id: root ? `${channel};messageid=${root}` : channel },
  };
}

/** Action.Execute pressed on a card: in a personal chat, or on a triage card (`root`). */
export function cardAction(serviceUrl: string, p: TeamsPerson, actionId: string, where: { root: string } | 'personal') {
  const a = fixture('invoke_adaptive_card_action_execute.json');
  const conversation =
    where === 'personal'
      ? { ...a.conversation, id: personalConversation(p) }
      : { id: `${TRIAGE};messageid=${where.root}`, conversationType: 'channel', isGroup: true, tenantId: a.conversation.tenantId };
  return {
    ...a,
    id: `f:${nextId()}`,
    serviceUrl,
    locale: p.locale,
    from: from(p),
    conversation,
    ...(where === 'personal' ? {} : { channelData: { ...a.channelData, channel: { id: TRIAGE } } }),
    value: { action: { type: 'Action.Execute', title: actionId, verb: 'sportello', data: { sportello: actionId } }, trigger: 'manual' },
  };
}

/**
 * Any other invoke (`task/fetch`, `task/submit`, `composeExtension/fetchTask`…)
 * with its `value`, from a personal chat or a channel (`{ channel }`).
 */
export function invoke(serviceUrl: string, p: TeamsPerson, name: string, value: unknown, where: { channel: string } | 'personal' = 'personal') {
  const a = fixture('invoke_adaptive_card_action_execute.json');
  const conversation = where === 'personal' ? { ...a.conversation, id: personalConversation(p) } : { id: where.channel, conversationType: 'channel', isGroup: true, tenantId: a.conversation.tenantId };
  return {
    ...a,
    name,
    id: `f:${nextId()}`,
    serviceUrl,
    locale: p.locale,
    from: from(p),
    conversation,
    ...(where === 'personal' ? {} : { channelData: { ...a.channelData, channel: { id: where.channel } } }),
    value,
  };
}

/**
 * The search message extension's `composeExtension/query` invoke, as Teams sends it
 * while the person types in its box (`typed`), or on opening it (`initialRun`), here
 * from the compose box of a channel conversation.
 */
export function searchQuery(serviceUrl: string, p: TeamsPerson, commandId: string, typed: string | 'initialRun') {
  const parameters = typed === 'initialRun' ? [{ name: 'initialRun', value: 'true' }] : [{ name: 'query', value: typed }];
  return invoke(serviceUrl, p, 'composeExtension/query', { commandId, parameters, queryOptions: { skip: 0, count: 25 } }, { channel: TRIAGE });
}

/** Action.Submit from an older client: a message whose `value` is the button's data. */
export function submitAction(serviceUrl: string, p: TeamsPerson, actionId: string) {
  const a = fixture('message_action_submit_messageback.json');
  const { text: _text, ...rest } = a;
  return { ...rest, id: nextId(), serviceUrl, locale: p.locale, from: from(p), conversation: { conversationType: 'personal', id: personalConversation(p) }, channelData: { tenant: a.channelData.tenant }, value: { sportello: actionId } };
}

export function botAddedToTeam(serviceUrl: string, teamId = TRIAGE) {
  const a = fixture('conversation_update_members_added.json');
  return { ...a, id: `f:${nextId()}`, serviceUrl, conversation: { ...a.conversation, id: teamId }, channelData: { ...a.channelData, team: { id: teamId } } };
}

export function botInstalledPersonally(serviceUrl: string, p: TeamsPerson) {
  const a = fixture('conversation_update_members_added_personal.json');
  return { ...a, id: `f:${nextId()}`, serviceUrl, from: from(p), locale: p.locale, membersAdded: [BOT, from(p)], conversation: { ...a.conversation, id: personalConversation(p) } };
}

export async function postActivity(base: string, activity: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(activity) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as any) : null };
}

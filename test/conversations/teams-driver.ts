// The conversation fixture through Teams: a real server with the Teams adapter
// (botbuilder's CloudAdapter, channel tokens checked against the stand-in's
// OpenID keys) and the connector stand-in. A person writes in their personal
// chat with the bot; presses a card button as Teams sends Action.Execute (an
// `adaptiveCard/action` invoke, answered in the HTTP response's card).
// Answers: to a message, what the bot sends to that personal chat while the
// turn settles; to a press, the invoke's card (or, when the desk took longer
// than the invoke allows, what follows in the chat). Everything else sent to
// the personal chat is a push. With a triage channel (the default), a team's
// news is a card there, or a message in a card's thread: a push to every
// agent, since every agent reads the channel. Without one, the desk messages
// each agent of the team in their personal chat.
import type { ChatDriver, PersonSpec, SeenMessage } from '../support/chat-driver.js';
import { startFakeConnector, type ConnectorCall } from '../support/fake-teams.js';
import { startServer } from '../support/server.js';
import type { StoreEnv } from '../support/server-stores.js';
import { TRIAGE, botAddedToTeam, botInstalledPersonally, cardAction, personalConversation, personalMessage, postActivity, type TeamsPerson } from '../support/teams-activities.js';
import { createInboxes, factsFromFields, sameOnEveryPlatform, ticketIn, type Routed } from './platform-inbox.js';
import { FORM_KEY } from '../../adapters/channels/teams/render-reply.js';

const APP_ID = '00000000-0000-0000-0000-0000000000b0';
/** What the adapter's invoke answer shows when the desk's answer comes later, in the chat. */
const LATER = '…';
/** How the adapter mirrors the conversation into a card's thread: `**Name**: text`. */
const MIRROR = /^\*\*[^*\n]+\*\*: /;

export interface TeamsDriverOptions {
  /** Agents hear of new tickets as cards in a triage channel (default), or each in their personal chat when false. */
  triageChannel?: boolean;
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

type CardElement = { type: string; id?: string; text?: string; isSubtle?: boolean; weight?: string; facts?: { title: string; value: string }[]; actions?: CardAction[] };
type CardAction = { type: string; title: string; data?: { sportello?: string; [FORM_KEY]?: string } };

/** An Adaptive Card as the person reads it: one SeenMessage per text, its facts line and buttons under it. */
export function seenFromCard(card: { body?: CardElement[]; actions?: CardAction[] }): SeenMessage[] {
  const out: SeenMessage[] = [];
  const facts = new Map<SeenMessage, string>();
  const inputs: string[] = [];
  let heading: string | undefined;
  const buttons = (actions: CardAction[] | undefined) => (actions ?? []).filter((a) => a.data?.sportello).map((a) => ({ id: a.data!.sportello!, label: a.title }));
  for (const e of card.body ?? []) {
    const current = out[out.length - 1];
    if (e.type === 'TextBlock' && e.isSubtle && current) facts.set(current, e.text ?? '');
    // The ticket's heading (`CODE · title`) and its FactSet, under the reply's text.
    else if (e.type === 'TextBlock' && e.weight === 'Bolder' && current && /^[A-Z]+-\d+\b/.test(e.text ?? '')) heading = /^[A-Z]+-\d+/.exec(e.text!)![0];
    else if (e.type === 'FactSet' && current && heading) {
      facts.set(current, factsFromFields(heading, (e.facts ?? []).map((f) => ({ name: f.title, value: f.value.replace(/<\/?at>/g, '') }))));
      heading = undefined;
    } else if (e.type === 'TextBlock') out.push({ text: e.text ?? '', buttons: [] });
    else if (e.type === 'ActionSet' && current) {
      current.buttons.push(...buttons(e.actions));
      // A form's own submit button names the form; its inputs stand above it.
      const submit = e.actions?.find((a) => a.data?.[FORM_KEY]);
      if (submit) current.form = { id: submit.data![FORM_KEY]!, fields: inputs.splice(0) };
    } else if (e.type === 'Input.Text' && e.id) inputs.push(e.id);
  }
  out[out.length - 1]?.buttons.push(...buttons(card.actions));
  for (const m of out) {
    const ticket = ticketIn(facts.get(m), m.text);
    if (ticket) m.ticket = ticket;
  }
  return out;
}

/** A message activity the bot sent, as the person reads it. */
export function seenFromActivity(body: { text?: string; attachments?: { contentType: string; content: any }[] }): SeenMessage[] {
  const cards = (body.attachments ?? []).filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  if (cards.length > 0) return cards.flatMap((a) => seenFromCard(a.content));
  const text = unescape(body.text ?? '');
  const ticket = ticketIn(undefined, text);
  return [{ text, buttons: [], ...(ticket ? { ticket } : {}) }];
}

export async function makeTeamsDriver(storeEnv: () => Promise<StoreEnv>, options: TeamsDriverOptions = {}): Promise<ChatDriver> {
  const triage = options.triageChannel !== false;
  const fake = await startFakeConnector();
  const url = fake.serviceUrl;
  const storage = await storeEnv();
  // Offline, Azure AD cannot issue the bot's outbound token: a stand-in signs the connector calls.
  const teamsCredentials = {
    isValidAppId: async (id: string) => id === APP_ID,
    isAuthenticationDisabled: async () => false,
    createCredentials: async () => ({
      signRequest: async (req: { headers: { set(k: string, v: string): void } }) => (req.headers.set('authorization', 'Bearer outbound-test-token'), req),
    }),
  };
  const server = await startServer(
    {
      ...storage.env,
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_PASSWORD: 'not-used-offline',
      TEAMS_OPENID_METADATA_URL: fake.openIdUrl,
      ...(triage ? { TEAMS_TRIAGE_CONVERSATION_ID: TRIAGE } : {}),
      TICKET_INTAKE: 'confirm',
      LIMIT_TICKETS_PER_HOUR: '0',
      LIMIT_MESSAGES_PER_MINUTE: '0',
    },
    { teamsCredentials: teamsCredentials as never },
  );
  const now = () => Math.floor(Date.now() / 1000);
  /** Every activity comes with a channel token the adapter checks, as Teams sends them. */
  const send = async (activity: unknown) => {
    const token = fake.token({ iss: 'https://api.botframework.com', aud: APP_ID, serviceurl: url, nbf: now() - 60, exp: now() + 3600 });
    const res = await postActivity(server.base, activity, { authorization: `Bearer ${token}` });
    if (res.status !== 200) throw new Error(`Teams' POST /api/messages answered ${res.status}`);
    return res;
  };

  const people = new Map<string, PersonSpec & { teams: TeamsPerson }>();
  const keyOfChat = new Map<string, string>();
  const agents = () => [...people.values()].filter((p) => p.agent).map((p) => p.key);
  /** Per person: desk action id -> where its button was shown (a triage card's root, or the personal chat). */
  const shownAt = new Map<string, Map<string, { root: string } | 'personal'>>();
  let seq = 0;

  /** Agents whose Teams client shows them their own view of a card (its refresh.userIds). */
  const refreshedFor = (c: ConnectorCall): Set<string> => new Set<string>(c.body?.attachments?.[0]?.content?.refresh?.userIds ?? []);
  const keyOfMri = (mri: string) => [...people.values()].find((p) => `8:orgid:${p.teams.aad}` === mri)?.key;

  const route = (c: ConnectorCall): Routed[] => {
    // A card's first showing, as one agent's client asked for it: what that agent reads of the card.
    const ownView = c.method === 'REFRESH' && c.of === 'POST' && c.body ? keyOfMri(c.userId ?? '') : undefined;
    if (ownView) return routeTo([ownView], { root: c.activityId! }, true, c);
    if (c.method !== 'POST' || c.body?.type !== 'message') return [];
    let keys: string[] = [];
    let where: { root: string } | 'personal' = 'personal';
    let pushOnly = false;
    if (c.conversationId === TRIAGE) {
      // Agents whose client refreshes the card read their own view of it instead.
      const own = refreshedFor(c);
      keys = agents().filter((k) => !own.has(`8:orgid:${people.get(k)!.teams.aad}`));
      where = { root: c.id };
      pushOnly = true;
    } else if (c.conversationId.startsWith(`${TRIAGE};messageid=`)) {
      if (MIRROR.test(String(c.body.text ?? ''))) return [];
      keys = agents();
      where = { root: c.conversationId.slice(c.conversationId.indexOf('=') + 1) };
      pushOnly = true;
    } else {
      const key = keyOfChat.get(c.conversationId);
      if (key) keys = [key];
    }
    return routeTo(keys, where, pushOnly, c);
  };
  function routeTo(keys: string[], where: { root: string } | 'personal', pushOnly: boolean, c: ConnectorCall): Routed[] {
    const messages = seenFromActivity(c.body);
    for (const key of keys) {
      const map = shownAt.get(key) ?? new Map<string, { root: string } | 'personal'>();
      for (const b of messages.flatMap((m) => m.buttons)) map.set(b.id, where);
      shownAt.set(key, map);
    }
    return keys.map((key) => ({ key, messages, pushOnly }));
  }
  const inbox = createInboxes(fake.calls, route);

  const person = (key: string) => {
    const p = people.get(key);
    if (!p) throw new Error(`the Teams driver has not met "${key}"`);
    return p;
  };
  const toChat = (p: TeamsPerson) => (c: ConnectorCall) => c.method === 'POST' && c.conversationId === personalConversation(p);

  async function say(key: string, text: string): Promise<SeenMessage[]> {
    const { teams } = person(key);
    await inbox.quiet();
    const from = fake.calls.length;
    await send(personalMessage(url, teams, text));
    await inbox.settleTurn(from, toChat(teams));
    return inbox.takeAnswers(key, from);
  }

  // Installing the app in the agents' team teaches the bot where the triage channel lives.
  if (triage) await send(botAddedToTeam(url));
  // Agents' Teams clients ask the bot for their own view of each triage card they show.
  fake.clients(server.base, APP_ID);

  return {
    channel: 'teams',

    async meet(p) {
      const teams: TeamsPerson = { aad: `00000000-0000-0000-0000-${(0xa00 + ++seq).toString(16).padStart(12, '0')}`, name: p.name, locale: p.locale === 'it' ? 'it-IT' : 'en-US' };
      people.set(p.key, { ...p, teams });
      keyOfChat.set(personalConversation(teams), p.key);
      if (p.agent) {
        const store = await storage.open(server.dataDir);
        try {
          await store.saveAgent({ platform: 'teams', userId: teams.aad, name: p.name, departments: p.agent.departments, tier: p.agent.tier, role: 'agent', locale: p.locale });
        } finally {
          await store.close();
        }
      }
      // Everyone has the app installed, so the desk can reach them before they write; its welcome is no part of the conversation.
      const from = fake.calls.length;
      await send(botInstalledPersonally(url, teams));
      await inbox.settleTurn(from, toChat(teams));
      inbox.takePushes(p.key);
    },

    say,

    async press(key, actionId) {
      const { teams } = person(key);
      await inbox.quiet();
      const where = shownAt.get(key)?.get(actionId);
      if (!where || !inbox.wasShown(key, actionId)) throw new Error(`${key} was never shown a button "${actionId}" on Teams`);
      const from = fake.calls.length;
      const res = await send(cardAction(url, teams, actionId, where));
      const card = seenFromCard(res.body?.value ?? {});
      if (card.length === 1 && card[0]!.text === LATER) {
        // The desk took longer than an invoke may: its answer follows in the personal chat.
        await inbox.settleTurn(from, toChat(teams));
        return inbox.takeAnswers(key, from);
      }
      // What the press set off (pushes to others) lands after its answer: let it settle, as the other turns do.
      inbox.touch();
      await inbox.quiet();
      inbox.remember(key, card);
      for (const b of card.flatMap((m) => m.buttons)) shownAt.get(key)!.set(b.id, where);
      return card;
    },

    ...sameOnEveryPlatform(inbox, person, say, [() => server.stop(), () => fake.close(), () => storage.cleanup()]),
  };
}

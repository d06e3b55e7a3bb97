// The conversation fixture through Slack: a real server with the Slack adapter
// (HTTP receiver, Bolt's signature check on) against the Web API stand-in.
// A person writes by a signed DM event; presses a button by a signed
// block_actions payload carrying the button as the adapter rendered it.
// Answers: to a DM, what the server posts to that DM while the turn settles;
// to a press, what it sends to the press's response_url. Everything else
// posted to the person's DM is a push. With a triage channel (the default, as
// SLACK_TRIAGE_CHANNEL sets one), a team's news is a card there, or a message
// in a card's thread: a push to every agent, since every agent reads the
// channel. Without one, the desk messages each agent of the team by DM.
import type { ChatDriver, PersonSpec, SeenMessage } from '../support/chat-driver.js';
import { slackServerEnv, startFakeSlack, type SlackCall } from '../support/fake-slack.js';
import { startServer } from '../support/server.js';
import type { StoreEnv } from '../support/server-stores.js';
import { buttonPress, messageEvent, postToSlackEndpoint } from '../support/slack-requests.js';
import { createInboxes, factsFromFields, sameOnEveryPlatform, ticketIn, type Routed } from './platform-inbox.js';
import { FORM_BUTTON } from '../../adapters/channels/slack/render-reply.js';

const TRIAGE = 'C0TRIAGE01';
/** How the adapter mirrors the conversation into a card's thread: `*Name*: text`. */
const MIRROR = /^\*[^*\n]+\*: /;

export interface SlackDriverOptions {
  /** Agents hear of new tickets as cards in a triage channel (default), or each by DM when false. */
  triageChannel?: boolean;
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

type Block = { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: { type?: string; text?: unknown; value?: string; action_id?: string }[] };

/** A section's ticket fields (`*Name*\nvalue`, the first `*CODE*\ntitle`) as a facts line. */
function slackFacts(fields: { text: string }[]): string | undefined {
  const [head, ...rest] = fields.map((f) => unescape(f.text));
  const code = /^\*([A-Z]+-\d+)\*/.exec(head ?? '')?.[1];
  if (!code) return undefined;
  const named = rest.map((f) => {
    const m = /^\*([^*\n]+)\*\n([\s\S]*)$/.exec(f);
    return m ? { name: m[1]!, value: m[2]! } : { name: '', value: f };
  });
  return factsFromFields(code, named);
}

/** A Slack message as the person reads it: one SeenMessage per reply under each divider. */
export function seenFromSlack(args: Record<string, unknown>): SeenMessage[] {
  const blocks = Array.isArray(args.blocks) ? (args.blocks as Block[]) : [];
  if (blocks.length === 0) {
    const text = unescape(String(args.text ?? ''));
    const ticket = ticketIn(undefined, text);
    return [{ text, buttons: [], ...(ticket ? { ticket } : {}) }];
  }
  const out: SeenMessage[] = [];
  let current: SeenMessage | null = null;
  let facts: string | undefined;
  const close = () => {
    if (!current) return;
    const ticket = ticketIn(facts, current.text);
    if (ticket) current.ticket = ticket;
    out.push(current);
  };
  for (const b of blocks) {
    if (b.type === 'divider') {
      close();
      current = null;
      facts = undefined;
    } else if (b.type === 'section') {
      close();
      current = { text: unescape(b.text?.text ?? ''), buttons: [] };
      facts = b.fields ? slackFacts(b.fields) : undefined;
    } else if (b.type === 'context' && current) {
      facts = unescape((b.elements?.[0]?.text as string | undefined) ?? '');
    } else if (b.type === 'actions' && current) {
      for (const e of b.elements ?? []) {
        if (e.type !== 'button' || !e.value) continue;
        // The button that opens a form carries the form itself.
        if (e.action_id === FORM_BUTTON) {
          const form = JSON.parse(e.value) as { id: string; fields: { id: string }[] };
          current.form = { id: form.id, fields: form.fields.map((f) => f.id) };
        } else current.buttons.push({ id: e.value, label: (e.text as { text: string }).text });
      }
    }
  }
  close();
  return out;
}

/** The Slack action id each desk action id was rendered with, from a message's actions blocks. */
function slackButtons(args: Record<string, unknown>): [string, string][] {
  const blocks = Array.isArray(args.blocks) ? (args.blocks as Block[]) : [];
  return blocks.flatMap((b) => (b.type === 'actions' ? (b.elements ?? []).filter((e) => e.value && e.action_id).map((e): [string, string] => [e.value!, e.action_id!]) : []));
}

export async function makeSlackDriver(storeEnv: () => Promise<StoreEnv>, options: SlackDriverOptions = {}): Promise<ChatDriver> {
  const users: Record<string, { name: string; locale: string }> = {};
  const fake = await startFakeSlack(users);
  const storage = await storeEnv();
  const triage = options.triageChannel !== false;
  const env = slackServerEnv(fake, TRIAGE);
  if (!triage) delete env.SLACK_TRIAGE_CHANNEL;
  const server = await startServer({ ...storage.env, ...env, TICKET_INTAKE: 'confirm', LIMIT_TICKETS_PER_HOUR: '0', LIMIT_MESSAGES_PER_MINUTE: '0' });

  const people = new Map<string, PersonSpec & { userId: string }>();
  const keyOf = new Map<string, string>();
  const agents = () => [...people.values()].filter((p) => p.agent).map((p) => p.key);
  /** Per person: desk action id -> the Slack action id of the button showing it. */
  const rendered = new Map<string, Map<string, string>>();
  let seq = 0;

  const route = (c: SlackCall): Routed[] => {
    let keys: string[] = [];
    let pushOnly = false;
    if (c.method === 'chat.postMessage' || c.method === 'chat.postEphemeral') {
      const channel = String(c.args.channel);
      if (channel === TRIAGE) {
        // A card, or a word to its team under it (an escalation); the conversation mirrored into the thread is not news to agents.
        if (c.args.thread_ts && MIRROR.test(String(c.args.text))) return [];
        keys = agents();
        pushOnly = true;
      } else if (channel.startsWith('D')) {
        const key = keyOf.get(channel.slice(1));
        if (key) keys = [key];
      }
    } else if (c.method.startsWith('respond/')) {
      const key = keyOf.get(c.method.slice('respond/'.length).split('-')[0]!);
      if (key) keys = [key];
    }
    for (const key of keys) {
      const map = rendered.get(key) ?? new Map<string, string>();
      for (const [value, actionId] of slackButtons(c.args)) map.set(value, actionId);
      rendered.set(key, map);
    }
    return keys.map((key) => ({ key, messages: seenFromSlack(c.args), pushOnly }));
  };
  const inbox = createInboxes(fake.calls, route);

  const person = (key: string) => {
    const p = people.get(key);
    if (!p) throw new Error(`the Slack driver has not met "${key}"`);
    return p;
  };

  async function say(key: string, text: string): Promise<SeenMessage[]> {
    const { userId } = person(key);
    await inbox.quiet();
    const from = fake.calls.length;
    const res = await postToSlackEndpoint(server.base, messageEvent({ user: userId, text, channel: `D${userId}`, channelType: 'im' }), 'application/json');
    if (res.status !== 200) throw new Error(`Slack's Events API post answered ${res.status}`);
    const toDm = (c: SlackCall) => (c.method === 'chat.postMessage' || c.method === 'chat.postEphemeral') && c.args.channel === `D${userId}`;
    await inbox.settleTurn(from, toDm);
    return inbox.takeAnswers(key, from);
  }

  return {
    channel: 'slack',

    async meet(p) {
      const userId = `U0P${String(++seq).padStart(7, '0')}`;
      people.set(p.key, { ...p, userId });
      keyOf.set(userId, p.key);
      users[userId] = { name: p.name, locale: p.locale === 'it' ? 'it-IT' : 'en-US' };
      if (p.agent) {
        const store = await storage.open(server.dataDir);
        try {
          await store.saveAgent({ platform: 'slack', userId, name: p.name, departments: p.agent.departments, tier: p.agent.tier, role: 'agent', locale: p.locale });
        } finally {
          await store.close();
        }
      }
    },

    say,

    async press(key, actionId) {
      const { userId } = person(key);
      await inbox.quiet();
      if (!inbox.wasShown(key, actionId)) throw new Error(`${key} was never shown a button "${actionId}" on Slack`);
      const name = `${userId}-${++seq}`;
      const from = fake.calls.length;
      const raw = buttonPress({ user: userId, value: actionId, responseUrl: fake.respondUrl(name), actionId: rendered.get(key)?.get(actionId) ?? 'sportello:0' });
      const res = await postToSlackEndpoint(server.base, raw, 'application/x-www-form-urlencoded');
      if (res.status !== 200) throw new Error(`Slack's interactivity post answered ${res.status}`);
      await inbox.settleTurn(from, (c) => c.method === `respond/${name}`);
      // A press is answered at its response_url; what reached the DM meanwhile is a push.
      return inbox.takeAnswers(key, from, (at) => fake.calls[at]!.method === `respond/${name}`);
    },

    ...sameOnEveryPlatform(inbox, person, say, [() => server.stop(), () => fake.close(), () => storage.cleanup()]),
  };
}

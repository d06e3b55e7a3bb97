// Microsoft Teams through botbuilder's CloudAdapter at POST /api/messages.
// Personal chats talk to the desk; a team channel gets one card per ticket,
// edited in place, with the conversation in the card's reply thread. Every
// message the desk starts goes out proactively from stored conversation
// references, after the HTTP response (Teams allows 15 s a turn, 5 s an invoke).
import type { FastifyInstance } from 'fastify';
import { RecipientUnreachableError, isCommandText, type InboundEvent, type Logger, type Outbound, type Reply, type StateStore, type TicketChange } from '../../../src/index.js';
import type { ChannelAdapter } from '../channel-adapter.js';
import { rememberEntry, rememberKey } from '../short-memory.js';
import { createKeyedQueue } from '../work-queue.js';
import { BadActivityError, createBotConnection, type TeamsAuth, type TurnResult } from './bot-connection.js';
import { cardAttachment, invokeCard, renderReply } from './render-card.js';
import { actionIdOf, botWasAdded, fromAction, fromThreadReply, isFromChannel, isPersonal, plainText, problemWith, splitConversation, teamsUser } from './to-inbound-event.js';
import type { ConversationRef, OutgoingActivity, TeamsActivity } from './teams-types.js';
import { withRetry } from './with-retry.js';

export interface TeamsAdapterOptions {
  auth: TeamsAuth;
  /** The agents' channel (`19:…@thread.tacv2`); its serviceUrl is learnt from its traffic. */
  triageConversationId?: string | undefined;
  /** Overrides the learnt serviceUrl of the triage channel. */
  serviceUrl?: string | undefined;
  handle: (event: InboundEvent) => Promise<Reply[]>;
  refs: Pick<StateStore, 'getRef' | 'setRef'>;
  logger: Logger;
}

/** Invokes must be answered within 5 s; past this the answer follows as a message. */
const INVOKE_BUDGET_MS = 4000;
/** Cards, stored references and typed echoes kept in memory, each. */
const REMEMBERED = 5000;
/** Connector attempts on 429/5xx and the first back-off (doubling; Retry-After wins). */
const RETRY = { attempts: 5, baseDelayMs: 500 };

const personKey = (userId: string) => `teams:conv:${userId}`;
const cardKey = (code: string) => `teams:card:${code}`;
const threadKey = (rootId: string) => `teams:thread:${rootId}`;
const TRIAGE_KEY = 'teams:triage';

export interface TeamsAdapter extends ChannelAdapter {
  /** One activity, already authenticated: what a turn answers (unit tests drive it through TestAdapter). */
  handleActivity(activity: TeamsActivity): Promise<TurnResult>;
}

export function createTeamsAdapter(opts: TeamsAdapterOptions): TeamsAdapter {
  const bot = createBotConnection(opts.auth, opts.logger);
  let responding = 0;
  const sends = createKeyedQueue('teams', opts.logger, () => responding > 0);
  /** References already stored, so a chatty user does not cost a write per message. */
  const stored = new Map<string, string>();
  /** The latest card of each ticket, shown again to whoever pressed a button on it. */
  const cards = new Map<string, Reply>();
  const typedInThread = new Set<string>();
  let triage: ConversationRef | null = null;

  const send = (ref: ConversationRef, activity: OutgoingActivity) => withRetry(RETRY, opts.logger, () => bot.send(ref, activity));
  const inThread = (ref: ConversationRef, rootId: string): ConversationRef => ({ ...ref, conversation: { ...ref.conversation, id: `${ref.conversation.id};messageid=${rootId}` } });

  async function storeOnce(key: string, value: string) {
    if (stored.get(key) === value) return;
    await opts.refs.setRef(key, value);
    rememberEntry(stored, key, value, REMEMBERED);
  }

  async function learn(a: TeamsActivity) {
    if (isPersonal(a)) await storeOnce(personKey(teamsUser(a).userId), JSON.stringify(bot.referenceOf(a)));
    const channelId = opts.triageConversationId;
    if (channelId && !opts.serviceUrl && isFromChannel(a, channelId)) {
      const ref = { ...bot.referenceOf(a), conversation: { id: channelId, conversationType: 'channel', isGroup: true, ...(a.conversation.tenantId ? { tenantId: a.conversation.tenantId } : {}) } };
      triage = ref;
      await storeOnce(TRIAGE_KEY, JSON.stringify(ref));
    }
  }

  async function triageRef(): Promise<ConversationRef | null> {
    const channelId = opts.triageConversationId;
    if (!channelId) return null;
    if (triage) return triage;
    if (opts.serviceUrl) {
      triage = { channelId: 'msteams', serviceUrl: opts.serviceUrl, conversation: { id: channelId, conversationType: 'channel', isGroup: true }, bot: { id: `28:${opts.auth.appId}` } };
      return triage;
    }
    const saved = await opts.refs.getRef(TRIAGE_KEY);
    triage = saved ? (JSON.parse(saved) as ConversationRef) : null;
    return triage;
  }

  async function personRef(userId: string): Promise<ConversationRef | null> {
    const saved = await opts.refs.getRef(personKey(userId));
    return saved ? (JSON.parse(saved) as ConversationRef) : null;
  }

  async function sendAll(ref: ConversationRef, replies: Reply[]) {
    for (const r of replies) await send(ref, renderReply(r));
  }

  function onMessage(a: TeamsActivity) {
    const from = teamsUser(a);
    const ref = bot.referenceOf(a);
    const base = { ...(a.id ? { id: a.id } : {}), channel: 'teams', from };
    sends.push(`conv:${a.conversation.id}`, async () => {
      const actionId = actionIdOf(a.value);
      if (actionId) return sendAll(ref, await opts.handle(fromAction(a, actionId)));
      const text = plainText(a.text);
      if (!text) return;
      const { root } = splitConversation(a.conversation.id);
      const code = !isPersonal(a) && root ? await opts.refs.getRef(threadKey(root)) : null;
      if (code && !isCommandText(text)) {
        // An agent answering in a ticket's thread: the thread already shows it.
        rememberKey(typedInThread, `${code}\u0000${text}`, REMEMBERED);
        const replies = await opts.handle(fromThreadReply(a, code, text));
        return sendAll(ref, replies.filter((r) => r.ephemeral));
      }
      return sendAll(ref, await opts.handle({ ...base, kind: 'message', text }));
    });
  }

  async function onCardAction(a: TeamsActivity): Promise<TurnResult> {
    const actionId = actionIdOf(a.value);
    if (!actionId) {
      return { status: 200, body: { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'This button carries no help desk action.' } } };
    }
    const work = opts.handle(fromAction(a, actionId));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((r) => (timer = setTimeout(() => r(null), INVOKE_BUDGET_MS)));
    const replies = await Promise.race([work, late]).finally(() => clearTimeout(timer));
    const code = actionId.slice(actionId.indexOf(':') + 1);
    const card = opts.triageConversationId && isFromChannel(a, opts.triageConversationId) ? cards.get(code) : undefined;
    if (replies === null) {
      const ref = bot.referenceOf(a);
      sends.push(`conv:${a.conversation.id}`, async () => sendAll(ref, await work));
      return invokeCard(card ? [card] : [{ text: '…' }]);
    }
    // On a triage card the presser keeps seeing the ticket, under what their press did.
    const notes = card ? replies.map((r): Reply => ({ text: r.text, ...(r.ephemeral ? { ephemeral: true } : {}) })) : replies;
    return invokeCard(card ? [...notes, card] : notes);
  }

  async function onActivity(a: TeamsActivity): Promise<TurnResult> {
    const problem = problemWith(a);
    if (problem) throw new BadActivityError(problem);
    if (a.from.id === a.recipient.id) return;
    await learn(a);
    if (a.type === 'invoke') return a.name === 'adaptiveCard/action' ? onCardAction(a) : { status: 501 };
    if (a.type === 'message') return onMessage(a);
    if (botWasAdded(a) && isPersonal(a)) {
      const ref = bot.referenceOf(a);
      const welcome = { kind: 'command' as const, ...(a.id ? { id: a.id } : {}), channel: 'teams', from: teamsUser(a), command: { verb: 'help' as const } };
      sends.push(`conv:${a.conversation.id}`, async () => {
        const replies = (await opts.handle(welcome)).map((r): Reply => ({ text: r.text }));
        if (replies.length > 0) await send(ref, { type: 'message', summary: replies[0]!.text, attachments: [cardAttachment(replies)] });
      });
    }
  }

  async function toTeam(outbound: Outbound & { to: { kind: 'team' } }) {
    const code = outbound.reply.ticket?.code;
    const channel = await triageRef();
    if (channel && code) {
      sends.push(`ticket:${code}`, async () => {
        const root = await opts.refs.getRef(cardKey(code));
        if (root) {
          await send(inThread(channel, root), { type: 'message', text: outbound.reply.text });
          return;
        }
        const id = await send(channel, renderReply(outbound.reply));
        if (!id) return;
        await opts.refs.setRef(cardKey(code), id);
        await opts.refs.setRef(threadKey(id), code);
      });
      return;
    }
    for (const agent of outbound.to.agents.filter((p) => p.platform === 'teams')) {
      const ref = await personRef(agent.userId);
      if (ref) sends.push(`person:${agent.userId}`, () => send(ref, renderReply(outbound.reply)).then(() => undefined));
    }
  }

  return {
    name: 'teams',
    handleActivity: onActivity,

    register(server: FastifyInstance) {
      server.post('/api/messages', async (req, reply) => {
        responding++;
        reply.raw.once('close', () => responding--);
        const out = await bot.process(req.body, req.headers, onActivity);
        reply.code(out.status);
        return out.body ?? '';
      });
    },

    async deliver(outbound) {
      if (outbound.to.kind === 'team') return toTeam(outbound as Outbound & { to: { kind: 'team' } });
      const { person } = outbound.to;
      if (person.platform !== 'teams') return;
      const ref = await personRef(person.userId);
      if (!ref) throw new RecipientUnreachableError('teams', person.userId);
      sends.push(`person:${person.userId}`, () => send(ref, renderReply(outbound.reply)).then(() => undefined));
    },

    async ticketChanged(change: TicketChange) {
      const code = change.card.ticket?.code;
      if (!code) return;
      rememberEntry(cards, code, change.card, REMEMBERED);
      const channel = await triageRef();
      if (!channel) return;
      sends.push(`ticket:${code}`, async () => {
        const root = await opts.refs.getRef(cardKey(code));
        if (!root) return;
        if (change.event.kind !== 'created') await withRetry(RETRY, opts.logger, () => bot.update(channel, root, renderReply(change.card)));
        const { kind, text, actor } = change.event;
        if (!text || (kind !== 'reply' && kind !== 'message' && kind !== 'note')) return;
        if (kind === 'reply' && typedInThread.delete(`${code}\u0000${text}`)) return;
        const label = kind === 'note' ? `${actor.name} (internal note)` : actor.name;
        await send(inThread(channel, root), { type: 'message', text: `**${label}**: ${text}` });
      });
    },

    stop: () => sends.idle(),
  };
}

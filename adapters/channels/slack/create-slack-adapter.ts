// Slack through @slack/bolt: events, /ticket, buttons and the triage channel.
// HTTP mode mounts Bolt's receiver on the one server at POST /slack/events;
// Socket Mode (SLACK_APP_TOKEN) needs no public URL. Thin: Slack in, desk
// replies out; the ticket rules stay in the core.
import { createHash } from 'node:crypto';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { FastifyInstance } from 'fastify';
import { NEW_TICKET_FORM, TICKET_THREAD, asksForNewTicketForm, commandFromForm, deskForm, formErrors, isCommandText, keptInternalLine, newTicketForm, peopleConcerned, reactionOutcome, type ChangeRecord, type FileKeeper, type Locale, type InboundEvent, type Logger, type Overview, type Participant, type Reply, type ReplyForm, type StateStore, type ThreadDefault } from '../../../src/index.js';
import type { ChannelAdapter, DeliveryStep } from '../channel-adapter.js';
import { cardKey, planDelivery, type CardVerbs } from '../plan-delivery.js';
import { rememberEntry } from '../short-memory.js';
import { ACTION_PREFIX, FORM_BUTTON, escape, renderReplies, renderReply, retirePressed } from './render-reply.js';
import { FORM_CALLBACK, deskFormIdFromButton, formFromButton, formModal, formValues } from './form-modal.js';
import { filesInForm, fromButton, fromMessage, fromSlashCommand, fromThreadReply, fromTicketReaction, isPersonMessage, messageForForm, participant, plainText, toLocale, type SlackFile, type SlackMessageEvent, type SlackUser } from './to-inbound-event.js';
import { ALL_DEPARTMENTS, HOME_DEPARTMENT, HOME_NEW_TICKET, NEW_TICKET_CALLBACK, commandFromModal, overviewHome } from './views.js';
import { createWorkQueue } from '../work-queue.js';
import { sendPatiently } from '../delivery-retry.js';
import { createSlackFileFetcher, withFiles } from './fetch-files.js';
import { createSlackUploader } from './upload-files.js';
import { newTicketModal } from './file-input.js';


export interface SlackAdapterOptions {
  botToken: string;
  signingSecret: string;
  /** Socket Mode when set. */
  appToken?: string | undefined;
  apiUrl?: string | undefined;
  triageChannel?: string | undefined;
  /** Where a plain message in a ticket's thread goes: kept among agents (the default) or to the requester. */
  threadDefault?: ThreadDefault | undefined;
  /** Department ids, for the new-ticket form. */
  departments: readonly string[];
  /** The forms' language for people whose Slack locale the desk does not speak (the desk's own; English when absent). */
  defaultLocale?: Locale | undefined;
  /** Known bot ids skip the auth.test call at start-up. */
  botId?: string | undefined;
  botUserId?: string | undefined;
  handle: (event: InboundEvent) => Promise<Reply[]>;
  /** A person's tickets and queue (narrowed to `department` when given), for their App Home. */
  overview: (person: Participant, department?: string) => Promise<Overview>;
  refs: Pick<StateStore, 'getRef' | 'setRef'>;
  logger: Logger;
  /** Checks and keeps the files people share; its limits bound each download. */
  files: FileKeeper;
  /** Quick Web API retries of one call (429 Retry-After is honoured either way); the change relay retries deliveries on top. */
  retries?: number;
}

const USER_TTL_MS = 60 * 60 * 1000;
/** A modal opens from a trigger_id that lives 3 s, and a submission is acked within 3 s: a person's language is waited for this long at most. */
const LOCALE_WAIT_MS = 1200;
/** The message shortcut ("Create a ticket" on a message) and the global one, as the app manifest names them. */
export const MESSAGE_SHORTCUT = 'sportello_ticket_from_message';
export const GLOBAL_SHORTCUT = 'sportello_new_ticket';
/** Longer than Slack ever takes to answer; a hung call then fails and is retried. */
const API_TIMEOUT_MS = 30_000;
/** Events handled at once after their acks. */
const CONCURRENT_WORK = 8;
/** People and DM channels kept in memory, each. */
const REMEMBERED = 5000;
/** The reactions that say where a thread message went: kept among agents, or sent to the requester. */
export const KEPT_INTERNAL_REACTION = 'lock';
export const SENT_TO_REQUESTER_REACTION = 'outbox_tray';

function boltLogger(logger: Logger) {
  const say = (level: 'debug' | 'info' | 'warn' | 'error') => (...msg: unknown[]) => logger[level]({ component: 'slack' }, msg.map(String).join(' '));
  return { debug: say('debug'), info: say('info'), warn: say('warn'), error: say('error'), setLevel() {}, getLevel: () => LogLevel.INFO, setName() {} };
}

export function createSlackAdapter(opts: SlackAdapterOptions): ChannelAdapter & { start(): Promise<void> } {
  const socketMode = !!opts.appToken;
  const receiver = socketMode ? undefined : new HTTPReceiver({ signingSecret: opts.signingSecret, endpoints: '/slack/events', logger: boltLogger(opts.logger) });
  // A call that hangs gives up after a while, so one stuck request cannot hold a ticket's deliveries forever.
  const clientOptions: Record<string, unknown> = { retryConfig: { retries: opts.retries ?? 2, minTimeout: 200, maxTimeout: 1000 }, timeout: API_TIMEOUT_MS };
  if (opts.apiUrl) clientOptions.slackApiUrl = opts.apiUrl;
  const app = new App({
    token: opts.botToken,
    ...(receiver ? { receiver } : { socketMode: true, appToken: opts.appToken }),
    ...(opts.botId && opts.botUserId ? { botId: opts.botId, botUserId: opts.botUserId } : {}),
    clientOptions,
    logger: boltLogger(opts.logger),
  });
  const client = app.client;
  const fetcher = createSlackFileFetcher({ botToken: opts.botToken, apiUrl: opts.apiUrl, keeper: opts.files, logger: opts.logger });
  const uploader = createSlackUploader({ client, keeper: opts.files, refs: opts.refs, logger: opts.logger });
  let awaitingAck = 0;
  const work = createWorkQueue('slack', CONCURRENT_WORK, opts.logger, () => awaitingAck > 0);
  const users = new Map<string, SlackUser & { until: number }>();
  const dms = new Map<string, string>();

  async function who(userId: string): Promise<SlackUser> {
    const hit = users.get(userId);
    if (hit && hit.until > Date.now()) return hit;
    // Without users.info (missing scope, Slack down) the person is still served, by id.
    const res = await client.users.info({ user: userId, include_locale: true }).catch((err: unknown) => {
      opts.logger.warn({ err, user: userId }, 'users.info failed; using the user id as the name');
      return { user: undefined };
    });
    const u = res.user as { real_name?: string; name?: string; locale?: string; profile?: { display_name?: string; email?: string } } | undefined;
    const user: SlackUser = { userId, name: u?.profile?.display_name || u?.real_name || u?.name || userId };
    const locale = toLocale(u?.locale);
    if (locale) user.locale = locale;
    // Present only with the users:read.email scope; the desk checks its shape.
    if (typeof u?.profile?.email === 'string') user.email = u.profile.email;
    rememberEntry(users, userId, { ...user, until: Date.now() + USER_TTL_MS }, REMEMBERED);
    return user;
  }

  /** The person's language for a form, without keeping Slack waiting: the desk's when Slack is slow to say. */
  async function localeOf(userId: string): Promise<Locale> {
    const fallback = opts.defaultLocale ?? 'en';
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), LOCALE_WAIT_MS)));
    const user = await Promise.race([who(userId), late]).finally(() => clearTimeout(timer));
    return user?.locale ?? fallback;
  }

  // The new-ticket form takes files too (Slack's file_input); other forms are words only.
  const openForm = (triggerId: string, form: ReplyForm, c: typeof client, locale: Locale = opts.defaultLocale ?? 'en') =>
    c.views.open({ trigger_id: triggerId, view: (form.id === NEW_TICKET_FORM ? newTicketModal(form, locale) : formModal(form)) as never });
  /** The new-ticket form in the person's language. */
  const openNewTicket = async (triggerId: string, userId: string, c: typeof client, prefill?: string) => {
    const locale = await localeOf(userId);
    await openForm(triggerId, newTicketForm(locale, opts.departments, prefill), c, locale);
  };

  async function dmChannel(userId: string): Promise<string> {
    const known = dms.get(userId);
    if (known) return known;
    const res = await client.conversations.open({ users: userId });
    const id = (res.channel as { id: string }).id;
    rememberEntry(dms, userId, id, REMEMBERED);
    return id;
  }

  const threadDefault = opts.threadDefault ?? 'internal';
  /** The department each person narrowed their App Home's queue to. */
  const homeFilters = new Map<string, string>();
  /** Agents already told, in a thread, that their plain messages there stay internal. */
  const taught = new Map<string, true>();

  /** A reaction on the agent's own message says where it went; without the reactions:write scope the message still went. */
  async function markThreadMessage(channel: string, ts: string, name: string) {
    await client.reactions.add({ channel, timestamp: ts, name }).catch((err: unknown) => {
      opts.logger.warn({ err, component: 'slack' }, 'reactions.add failed: the thread message is not marked (is the reactions:write scope granted?)');
    });
  }

  const threadKey = (channel: string, ts: string) => `slack:thread:${channel}:${ts}`;
  /** A card's reference is `<channel>|<ts>`. */
  const cardAt = (ref: string) => {
    const [channel = '', ts = ''] = ref.split('|');
    return { channel, ts };
  };

  async function postReplies(replies: Reply[], where: { channel: string; user: string; thread_ts?: string }, ephemeralOnly = false) {
    // Replies in a row that everyone (or only the asker) sees go as one message: a queue page is a header
    // and a reply per ticket, which is one notification, not eleven, and stays clear of Slack's rate limit.
    for (const run of runsOf(replies, (r) => ephemeralOnly || r.ephemeral === true)) {
      const message = { channel: where.channel, ...renderReplies(run.items), ...(where.thread_ts ? { thread_ts: where.thread_ts } : {}) };
      // Answers in the turn (the outbox does not carry them): Slack answering 5xx or 429 for a while is waited out.
      const retrying = (err: unknown, waitMs: number) => opts.logger.warn({ err, waitMs }, 'Slack did not take an answer; trying again');
      if (run.key) await sendPatiently(() => client.chat.postEphemeral({ ...message, user: where.user }), retrying);
      else await sendPatiently(() => client.chat.postMessage(message), retrying);
    }
  }

  app.event('message', async ({ event, body, context }) => work.push(async () => {
    const e = event as unknown as SlackMessageEvent;
    if (!isPersonMessage(e)) return;
    const eventId = (body as { event_id: string }).event_id;
    const text = e.text ?? '';
    if (e.channel_type === 'im') {
      const user = await who(e.user);
      const replies = await opts.handle(withFiles(fromMessage(text, eventId, user), await fetcher.fetch(eventId, e.files)));
      await postReplies(replies, { channel: e.channel, user: e.user });
      return;
    }
    // An agent answering in a ticket's thread in the triage channel.
    if (e.thread_ts && e.channel === opts.triageChannel) {
      // Addressed to the bot: app_mention brings the same words, answered from there.
      if (context.botUserId && text.includes(`<@${context.botUserId}>`)) return;
      const code = await opts.refs.getRef(threadKey(e.channel, e.thread_ts));
      if (!code) return;
      const where = { channel: e.channel, user: e.user, thread_ts: e.thread_ts };
      // A command typed there is the agent's own business, answered to them alone.
      if (isCommandText(plainText(text))) return postReplies(await opts.handle(fromMessage(text, eventId, await who(e.user))), where, true);
      // The thread shows it already: its place keeps it from being mirrored back.
      const user = await who(e.user);
      const event = withFiles(fromThreadReply(text, eventId, user, code, threadDefault), await fetcher.fetch(eventId, e.files));
      const { notice, rest } = splitFilesNotice(await opts.handle(event), event);
      const refusals = rest.filter((r) => r.ephemeral);
      if (refusals.length > 0) return postReplies([...refusals, ...notice], where, true);
      // Words that went, files that did not: the agent alone hears which and why.
      if (notice.length > 0) await postReplies(notice, where, true);
      const replies = rest;
      const internal = event.command.verb === 'note';
      await markThreadMessage(e.channel, e.ts, internal ? KEPT_INTERNAL_REACTION : SENT_TO_REQUESTER_REACTION);
      // Once per agent and thread, the agent alone is told how to reach the requester instead
      // (where plain messages reach the requester, the agent chose to keep this one: nothing to teach).
      const taughtKey = `${e.thread_ts}:${e.user}`;
      if (internal && threadDefault === 'internal' && !taught.has(taughtKey)) {
        rememberEntry(taught, taughtKey, true, REMEMBERED);
        const locale = replies[0]?.ticket?.locale ?? user.locale ?? 'en';
        await client.chat.postEphemeral({ ...where, text: escape(keptInternalLine(locale, true)) });
      }
    }
  }));

  // Said in a channel, answered to the speaker alone: a status may carry internal notes, a queue other people's tickets.
  app.event('app_mention', async ({ event, body }) => work.push(async () => {
    const e = event as unknown as SlackMessageEvent;
    if (!e.user || !e.text) return;
    const replies = await opts.handle(fromMessage(e.text, (body as { event_id: string }).event_id, await who(e.user)));
    await postReplies(replies, { channel: e.channel, user: e.user, ...(e.thread_ts ? { thread_ts: e.thread_ts } : {}) }, true);
  }));

  app.command('/ticket', async ({ command, ack, respond, client: c }) => {
    await ack();
    // The form opens at once: its trigger_id expires 3 s after the command.
    if (asksForNewTicketForm(command.text)) {
      await openNewTicket(command.trigger_id, command.user_id, c);
      return;
    }
    work.push(async () => {
      const replies = await opts.handle(fromSlashCommand(command, await who(command.user_id)));
      if (replies.length > 0) await respond({ response_type: 'ephemeral', ...renderReplies(replies) });
    });
  });

  app.action({ action_id: new RegExp(`^${ACTION_PREFIX}`) }, async ({ body, action, ack, respond }) => {
    await ack();
    work.push(async () => {
      const presser = await who(body.user.id);
      const event = fromButton(body as { trigger_id: string }, action as { value?: string; action_ts?: string }, presser);
      if (!event) return;
      const replies = await opts.handle(event);
      // A button on the App Home has no message to answer under: the answer goes by DM, and the tab is drawn again.
      if ((body as { view?: { type?: string } }).view?.type === 'home') {
        if (replies.length > 0) await postReplies(replies, { channel: await dmChannel(body.user.id), user: body.user.id });
        await publishHome(body.user.id);
        return;
      }
      const pressed = body as PressedOn;
      // An answer only its asker sees is replaced by what the press did: nothing there is left to press twice.
      if (pressed.container?.is_ephemeral) {
        if (replies.length > 0) await respond({ response_type: 'ephemeral', replace_original: true, ...renderReplies(replies) });
        return;
      }
      // A message others read keeps its text; the pressed buttons give way to what was pressed.
      // The triage card is left to its own update, which shows the ticket as it is now.
      const onCard = pressed.container?.channel_id === opts.triageChannel && !pressed.message?.thread_ts;
      // A refusal (said to the presser alone) leaves the buttons as they were.
      const retired = replies[0] && !replies[0].ephemeral && pressed.message?.blocks && !onCard ? retirePressed(pressed.message.blocks, action as { block_id?: string; value?: string }, buttonLabel(action), pressed.container?.channel_id?.startsWith('D') ? undefined : presser.name) : null;
      if (retired) await respond({ replace_original: true, text: pressed.message!.text ?? '', blocks: retired as never });
      if (replies.length > 0) await respond({ response_type: 'ephemeral', replace_original: false, ...renderReplies(replies) });
    });
  });

  // The App Home's "New ticket": the same form as `/ticket new`, in the presser's language, opened while the press's trigger_id is good.
  app.action(HOME_NEW_TICKET, async ({ body, ack, client: c }) => {
    await ack();
    await openNewTicket((body as { trigger_id: string }).trigger_id, body.user.id, c);
  });

  // The App Home's queue filter: kept for the person, so the tab drawn after a change shows the same department.
  app.action(HOME_DEPARTMENT, async ({ body, action, ack }) => {
    await ack();
    const chosen = (action as { selected_option?: { value?: string } }).selected_option?.value;
    if (chosen && chosen !== ALL_DEPARTMENTS) rememberEntry(homeFilters, body.user.id, chosen, REMEMBERED);
    else homeFilters.delete(body.user.id);
    work.push(() => publishHome(body.user.id));
  });

  // The English-only modal of earlier versions, still open on someone's screen across an upgrade.
  app.view(NEW_TICKET_CALLBACK, async ({ ack, body, view }) => {
    const command = commandFromModal(view.state.values as never);
    if (!command) {
      await ack({ response_action: 'errors', errors: { title: 'Please give the ticket a title.' } });
      return;
    }
    await ack();
    work.push(async () => {
      const user = await who(body.user.id);
      const replies = await opts.handle({ kind: 'command', id: `view:${view.id}:${view.hash}`, channel: 'slack', from: participant(user), command });
      await postReplies(replies, { channel: await dmChannel(user.userId), user: user.userId });
    });
  });

  // A reply's form: the modal opens at once, while the press's trigger_id is still good.
  app.action(FORM_BUTTON, async ({ body, action, ack, client: c }) => {
    await ack();
    const value = (action as { value?: string }).value;
    const trigger = (body as { trigger_id: string }).trigger_id;
    const named = deskFormIdFromButton(value);
    const locale = named ? await localeOf(body.user.id) : undefined;
    const form = named ? deskForm(named, locale!, opts.departments) : formFromButton(value);
    if (form) await openForm(trigger, form, c, locale);
  });

  // "Create a ticket" on a message, and the global "New ticket": the form, prefilled with the message's words.
  // Who files it is whoever submits the form, as Slack signs it; the message's author is not asked.
  app.shortcut({ callback_id: MESSAGE_SHORTCUT, type: 'message_action' }, async ({ shortcut, ack, client: c }) => {
    await ack();
    const s = shortcut as unknown as { trigger_id: string; user: { id: string }; message?: { text?: string } };
    await openNewTicket(s.trigger_id, s.user.id, c, messageForForm(s.message?.text ?? ''));
  });
  app.shortcut({ callback_id: GLOBAL_SHORTCUT, type: 'shortcut' }, async ({ shortcut, ack, client: c }) => {
    await ack();
    await openNewTicket(shortcut.trigger_id, shortcut.user.id, c);
  });

  app.view(FORM_CALLBACK, async ({ ack, body, view }) => {
    const values = formValues(view.state.values as never);
    // The desk's own forms are checked before Slack closes the modal: what is wrong shows under each field.
    const locale = await localeOf(body.user.id);
    const form = deskForm(view.private_metadata, locale, opts.departments);
    const errors = form ? formErrors(locale, form, values) : {};
    if (Object.keys(errors).length > 0) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    work.push(async () => {
      const user = await who(body.user.id);
      const id = `view:${view.id}:${view.hash}`;
      const base = { id, channel: 'slack', from: participant(user) };
      const command = commandFromForm(view.private_metadata, values);
      // A form the desk did not make goes in as an action: the desk says what is wrong with it.
      const event: InboundEvent = command ? { ...base, kind: 'command', command } : { ...base, kind: 'action', actionId: view.private_metadata };
      const replies = await opts.handle(command ? withFiles(event, await fetcher.fetch(id, filesInForm(view.state.values as never))) : event);
      await postReplies(replies, { channel: await dmChannel(user.userId), user: user.userId });
    });
  });

  // :ticket: on any message in a channel the bot is in: a ticket for the message's author.
  app.event('reaction_added', async ({ event, body }) => work.push(async () => {
    if (event.reaction !== 'ticket' || event.item.type !== 'message' || !event.item_user) return;
    const { channel, ts } = event.item;
    const history = await client.conversations.history({ channel, latest: ts, inclusive: true, limit: 1 });
    const message = (history.messages ?? [])[0] as { text?: string; ts?: string; bot_id?: string; files?: SlackFile[] } | undefined;
    // A bot's message (a ticket card, another app's alert) has no person to file it for.
    if (!message?.text || message.ts !== ts || message.bot_id) return;
    const author = await who(event.item_user);
    const eventId = (body as { event_id: string }).event_id;
    // The message's files come with it: the ticket shows what its author shared.
    const replies = await opts.handle(withFiles(fromTicketReaction(message.text, eventId, author), await fetcher.fetch(eventId, message.files)));
    const opened = replies.find((r) => r.ticket);
    if (opened?.ticket) await client.chat.postMessage({ channel, thread_ts: ts, text: `:ticket: ${opened.ticket.code}` });
    await postReplies(replies, { channel: await dmChannel(author.userId), user: author.userId });
    // Whoever reacted hears what their reaction did, there and to them alone.
    const locale = (await who(event.user)).locale ?? opts.defaultLocale ?? 'en';
    const said = reactionOutcome(locale, author.name, opened?.ticket?.code ?? null, event.user === event.item_user ? (replies[0]?.text ?? '') : null);
    await client.chat.postEphemeral({ channel, user: event.user, thread_ts: ts, text: escape(said) });
  }));

  async function publishHome(userId: string) {
    const overview = await opts.overview(participant(await who(userId)), homeFilters.get(userId));
    await client.views.publish({ user_id: userId, view: overviewHome(overview) as never });
  }

  app.event('app_home_opened', async ({ event }) => {
    if (event.tab === 'home') work.push(() => publishHome(event.user));
  });

  /**
   * A message by DM, its files right after it in the same conversation. With
   * files the step may run again when an upload fails: the text, once sent for
   * this change, is not sent again.
   */
  const toPerson = async (person: { userId: string }, reply: Reply, record?: ChangeRecord) => {
    const channel = await dmChannel(person.userId);
    const files = reply.files ?? [];
    if (files.length === 0) {
      await client.chat.postMessage({ channel, ...renderReply(reply) });
      return;
    }
    const key = record ? `slack:sent:${record.id}:${person.userId}:${textTag(reply.text)}` : undefined;
    if (!key || !(await opts.refs.getRef(key))) {
      await client.chat.postMessage({ channel, ...renderReply(reply) });
      if (key) await opts.refs.setRef(key, 'text');
    }
    await uploader.upload(files, { channel }, key ? `${key}:files` : undefined);
  };

  const cards: CardVerbs | undefined = opts.triageChannel
    ? {
        async post(reply, code) {
          const channel = opts.triageChannel!;
          const posted = await client.chat.postMessage({ channel, ...renderReply(reply) });
          const ts = posted.ts as string;
          // Agents answer in the card's thread: its replies must find their ticket.
          await opts.refs.setRef(threadKey(channel, ts), code);
          return `${channel}|${ts}`;
        },
        async update(ref, reply) {
          await client.chat.update({ ...cardAt(ref), ...renderReply(reply) });
        },
        async postUnder(ref, text) {
          const { channel, ts } = cardAt(ref);
          await client.chat.postMessage({ channel, thread_ts: ts, text: escape(text) });
        },
        async mirror(ref, label, text) {
          const { channel, ts } = cardAt(ref);
          await client.chat.postMessage({ channel, thread_ts: ts, text: `*${escape(label)}*: ${escape(text)}` });
        },
      }
    : undefined;

  /** Home tabs of the Slack people the change concerns show the ticket as it is now. */
  function homeSteps(record: ChangeRecord): DeliveryStep[] {
    const onSlack = new Set(peopleConcerned(record).filter((p) => p.platform === 'slack').map((p) => p.userId));
    return [...onSlack].map((userId) => ({ what: `home of ${userId}`, run: () => publishHome(userId) }));
  }

  /**
   * The files a change brought, into its card's thread after the card or the
   * mirrored message: agents see what the requester sent. Files typed in that
   * thread are there already.
   */
  function cardFileSteps(record: ChangeRecord): DeliveryStep[] {
    if (!cards) return [];
    if (record.origin.channel === 'slack' && record.origin.place === TICKET_THREAD) return [];
    const files = (record.ticket.files ?? []).filter((f) => f.version === record.ticket.version);
    if (files.length === 0) return [];
    return [{
      what: `files under card ${record.ticket.code}`,
      run: async () => {
        const ref = await opts.refs.getRef(cardKey('slack', record.ticket.code));
        if (!ref) return;
        const { channel, ts } = cardAt(ref);
        await uploader.upload(files, { channel, thread_ts: ts }, `slack:card-files:${record.id}`);
      },
    }];
  }

  const verbs = { name: 'slack', refs: opts.refs, toPerson, cards, extraSteps: (record: ChangeRecord) => [...cardFileSteps(record), ...homeSteps(record)] };

  return {
    name: 'slack',

    register(server: FastifyInstance) {
      if (!receiver) return;
      // Bolt checks the signature over the raw body, so it gets the request before fastify reads it.
      server.post('/slack/events', {
        onRequest: (req, res, done) => {
          res.hijack();
          awaitingAck++;
          res.raw.once('close', () => awaitingAck--);
          receiver.requestListener(req.raw, res.raw);
          done();
        },
        handler: async () => undefined,
      });
    },

    async start() {
      if (socketMode) await app.start();
    },

    stepsFor: (record) => planDelivery(verbs, record),
    sendDirect: toPerson,
    busy: () => awaitingAck > 0,

    async stop() {
      await work.idle();
      if (socketMode) await app.stop();
    },
  };
}

/** Where a button was pressed, as block_actions says: the message (absent for an ephemeral one) and its place. */
interface PressedOn {
  container?: { channel_id?: string; is_ephemeral?: boolean };
  message?: { text?: string; thread_ts?: string; blocks?: Record<string, unknown>[] };
}

function buttonLabel(action: unknown): string {
  const text = (action as { text?: { text?: unknown } }).text?.text;
  return typeof text === 'string' ? text : '';
}

/**
 * The desk's word on files it did not keep comes last, said only to the
 * sender, naming them: it is not the message being refused, which still went.
 */
export function splitFilesNotice(replies: Reply[], event: InboundEvent): { notice: Reply[]; rest: Reply[] } {
  const names = [...(event.files ?? []).map((f) => f.name), ...(event.refusedFiles ?? []).map((f) => f.name)];
  const last = replies[replies.length - 1];
  if (names.length === 0 || !last?.ephemeral || !names.some((n) => last.text.includes(n))) return { notice: [], rest: replies };
  return { notice: [last], rest: replies.slice(0, -1) };
}

/** A short tag of a message's text, telling apart two messages to one person in one change. */
function textTag(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

/** Consecutive items with the same key, in order. */
function runsOf<T, K>(items: readonly T[], key: (item: T) => K): { key: K; items: T[] }[] {
  const runs: { key: K; items: T[] }[] = [];
  for (const item of items) {
    const k = key(item);
    const last = runs[runs.length - 1];
    if (last && last.key === k) last.items.push(item);
    else runs.push({ key: k, items: [item] });
  }
  return runs;
}

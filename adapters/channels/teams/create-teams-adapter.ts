// Microsoft Teams through botbuilder's CloudAdapter at POST /api/messages.
// Personal chats talk to the desk; a team channel gets one card per ticket,
// edited in place, with the conversation in the card's reply thread. Every
// message the desk starts goes out proactively from stored conversation
// references, after the HTTP response (Teams allows 15 s a turn, 5 s an invoke).
// Teams has no message only one person sees: what the desk answers someone who
// wrote in a channel goes to their personal chat with the bot.
import type { FastifyInstance } from 'fastify';
import { RecipientUnreachableError, SHARED_PLACE, TICKET_THREAD, teamsFileWords, deskForm, formErrorSummary, formErrors, formGone, isCommandText, keptInternalLine, newTicketForm, type ChangeRecord, type FileKeeper, type InboundEvent, type Locale, type TicketFile, type Logger, type Participant, type PeopleStore, type PersonRef, type Reply, type StateStore, type ThreadDefault, type TicketSearch } from '../../../src/index.js';
import type { ChannelAdapter, DeliveryStep } from '../channel-adapter.js';
import { cardKey, planDelivery, type CardVerbs } from '../plan-delivery.js';
import { rememberEntry } from '../short-memory.js';
import { createKeyedQueue } from '../work-queue.js';
import { BadActivityError, createBotConnection, type TeamsAuth, type TurnResult } from './bot-connection.js';
import { CARD_TYPE, cardAttachment, cardText, dialogMessage, dialogResponse, invokeCard, messageText, refreshOf, renderReply, sharedActivity, sharedCard, userMri } from './render-reply.js';
import { actionIdOf, botWasAdded, dialogFormIdOf, dialogSubmission, filesOf, fromCard, fromForm, fromThreadReply, isFromChannel, messageActionOf, isPersonal, plainText, problemWith, splitConversation, teamsUser, type TeamsFileRef } from './to-inbound-event.js';
import { receiveFiles } from './receive-files.js';
import type { Attachment, ConversationRef, OutgoingActivity, TeamsActivity } from './teams-types.js';
import { CONSENT_INVOKE, consentCard, consentOf, fileInfoCard, inlineImage, sendsInline, upload } from './send-files.js';
import { withRetry } from './with-retry.js';
import { createMemberAddresses } from './member-addresses.js';
import { SEARCH_INVOKE, searchOf, searchResult } from './search-extension.js';
import type { GraphInstaller } from './graph-install.js';

export interface TeamsAdapterOptions {
  auth: TeamsAuth;
  /** The agents' channel (`19:…@thread.tacv2`); its serviceUrl is learnt from its traffic. */
  triageConversationId?: string | undefined;
  /** Overrides the learnt serviceUrl of the triage channel. */
  serviceUrl?: string | undefined;
  /** Where a plain message in a ticket's thread goes: kept among agents (the default) or to the requester. */
  threadDefault?: ThreadDefault | undefined;
  handle: (event: InboundEvent) => Promise<Reply[]>;
  /** Tickets for the search message extension (Unassigned, Mine); without it, the extension answers 501. */
  searchTickets?: ((person: Participant, which: TicketSearch, typed: string) => Promise<Reply[]>) | undefined;
  refs: Pick<StateStore, 'getRef' | 'setRef'>;
  /** With it, a triage card shows its buttons only to the ticket's agents (per-user views through refresh.userIds). */
  people?: Pick<PeopleStore, 'getAgent' | 'listAgents'> | undefined;
  logger: Logger;
  /** Department ids, for the forms' choices. */
  departments?: readonly string[] | undefined;
  /** The forms' language for people whose Teams locale the desk does not speak (the desk's own; English when absent). */
  defaultLocale?: Locale | undefined;
  /** Installs the app for someone the bot cannot reach yet and finds their chat with it (Graph); without it, the agent is told they cannot be reached. */
  graphInstall?: GraphInstaller | undefined;
  /** Checks and keeps the files people send, and reads those the desk sends; without it, files are not fetched. */
  files?: FileKeeper | undefined;
  /** A ticket's file for whoever accepted it in a file consent card, when they may open it (the desk decides). */
  openFile?: ((person: Participant, code: string, fileId: string) => Promise<{ file: TicketFile; bytes: Uint8Array } | null>) | undefined;
}

/** The message action ("…" → Create ticket on a message), as the app manifest names it. */
export const MESSAGE_ACTION = 'createTicket';

/** Invokes must be answered within 5 s; past this the answer follows as a message. */
const INVOKE_BUDGET_MS = 4000;
/** Cards and stored references kept in memory, each. */
const REMEMBERED = 5000;
/** Connector attempts on 429/5xx and the first back-off (doubling; Retry-After wins). */
const RETRY = { attempts: 5, baseDelayMs: 500 };

const personKey = (userId: string) => `teams:conv:${userId}`;
const threadKey = (rootId: string) => `teams:thread:${rootId}`;
const TRIAGE_KEY = 'teams:triage';
/** The latest agents' view of a ticket's triage card, for refreshes after a restart. */
const viewKey = (code: string) => `teams:card-view:${code}`;

export interface TeamsAdapter extends ChannelAdapter {
  /** One activity, already authenticated: what a turn answers (unit tests drive it through TestAdapter). */
  handleActivity(activity: TeamsActivity): Promise<TurnResult>;
}

export function createTeamsAdapter(opts: TeamsAdapterOptions): TeamsAdapter {
  const bot = createBotConnection(opts.auth, opts.logger);
  const addresses = createMemberAddresses((a) => bot.memberOf(a), opts.logger);
  /** Every event goes to the desk with the address Teams holds for its sender, when one is known: it links their other channels. */
  const handle = async (event: InboundEvent): Promise<Reply[]> => {
    const email = event.from.platform === 'teams' ? await addresses.of(event.from.userId) : null;
    return opts.handle(email ? { ...event, from: { ...event.from, email } } : event);
  };
  let responding = 0;
  const sends = createKeyedQueue('teams', opts.logger, () => responding > 0);
  /** References already stored, so a chatty user does not cost a write per message. */
  const stored = new Map<string, string>();
  /** The latest card of each ticket, shown again to whoever pressed a button on it. */
  const cards = new Map<string, Reply>();
  let triage: ConversationRef | null = null;
  /** Agents already told, in a thread, how to write to the requester from there. */
  const taught = new Map<string, true>();
  /** Where Teams last reached the bot from: the connector a chat opened through Graph is written through. */
  let lastServiceUrl: string | null = null;
  /** Triage cards being posted, by ticket code: settled once the card's id is stored. */
  const posting = new Map<string, Promise<void>>();

  const send = (ref: ConversationRef, activity: OutgoingActivity) => withRetry(RETRY, opts.logger, () => bot.send(ref, activity));
  const inThread = (ref: ConversationRef, rootId: string): ConversationRef => ({ ...ref, conversation: { ...ref.conversation, id: `${ref.conversation.id};messageid=${rootId}` } });

  async function storeOnce(key: string, value: string) {
    if (stored.get(key) === value) return;
    // A store that is away must not fail the turn (the desk keeps the message): the reference is written at the next activity.
    await opts.refs.setRef(key, value).then(
      () => rememberEntry(stored, key, value, REMEMBERED),
      (err: unknown) => opts.logger.warn({ err }, 'could not keep a Teams conversation reference; it is kept at the next activity'),
    );
  }

  async function learn(a: TeamsActivity) {
    lastServiceUrl = a.serviceUrl;
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

  /** The sender's personal chat: the one stored, or one Teams opens now (kept, so the desk can reach them later too); null when Teams refuses. */
  async function privateChat(a: TeamsActivity): Promise<ConversationRef | null> {
    const { userId } = teamsUser(a);
    const known = await personRef(userId);
    if (known) return known;
    try {
      const ref = await bot.openChat(a);
      await storeOnce(personKey(userId), JSON.stringify(ref));
      return ref;
    } catch (err) {
      opts.logger.warn({ err, component: 'teams', user: userId }, 'Teams gave no private chat: answering in the channel, without internal notes');
      return null;
    }
  }

  /** Where the answers to an activity go; `shared` when everyone there reads them. */
  async function answerPlace(a: TeamsActivity): Promise<{ ref: ConversationRef; shared: boolean }> {
    const here = bot.referenceOf(a);
    if (isPersonal(a)) return { ref: here, shared: false };
    const own = await privateChat(a);
    return own ? { ref: own, shared: false } : { ref: here, shared: true };
  }

  /** The message's files, downloaded and checked: those kept and those refused, as the event carries them. */
  async function fetchFiles(a: TeamsActivity, sent: TeamsFileRef[]): Promise<Pick<InboundEvent, 'files' | 'refusedFiles'>> {
    const got = await receiveFiles(sent, { files: opts.files!, serviceUrl: a.serviceUrl, tokenHeaders: () => bot.tokenHeaders(bot.referenceOf(a)), logger: opts.logger });
    return { ...(got.files.length > 0 ? { files: got.files } : {}), ...(got.refusedFiles.length > 0 ? { refusedFiles: got.refusedFiles } : {}) };
  }

  function onMessage(a: TeamsActivity) {
    const from = teamsUser(a);
    const base = { ...(a.id ? { id: a.id } : {}), channel: 'teams', from };
    sends.push(`conv:${a.conversation.id}`, async () => {
      const text = plainText(a.text);
      const { root } = splitConversation(a.conversation.id);
      const pressed = fromCard(a);
      const sent = pressed || !opts.files ? [] : filesOf(a);
      const code = !isPersonal(a) && root && (text || sent.length > 0) && !pressed ? await opts.refs.getRef(threadKey(root)) : null;
      // Fetched after the ack (Teams allows a turn 15 s): a file is a message too, even without words.
      const attached = sent.length > 0 ? await fetchFiles(a, sent) : {};
      if (code && !isCommandText(text)) {
        // An agent writing in a ticket's thread: the thread already shows it; only a refusal comes back.
        const threadDefault = opts.threadDefault ?? 'internal';
        const event = { ...fromThreadReply(a, code, text, threadDefault), ...attached };
        const replies = await handle(event);
        const refusals = replies.filter((r) => r.ephemeral);
        if (refusals.length > 0) return sendAll((await answerPlace(a)).ref, refusals);
        // A bot cannot react to a message in Teams: a short line under it says it stayed among agents,
        // the first time in a thread with how to write to the requester instead.
        if (event.kind === 'command' && event.command.verb === 'note') {
          const taughtKey = `${root}:${from.userId}`;
          // Where plain messages reach the requester, the agent chose to keep this one: nothing to teach.
          const teach = threadDefault === 'internal' && !taught.has(taughtKey);
          rememberEntry(taught, taughtKey, true, REMEMBERED);
          const locale = replies[0]?.ticket?.locale ?? from.locale ?? 'en';
          await send(bot.referenceOf(a), { type: 'message', text: messageText(keptInternalLine(locale, teach)) });
        }
        return;
      }
      if (!pressed && !text && sent.length === 0) return;
      const { ref, shared } = await answerPlace(a);
      const where = shared ? { place: SHARED_PLACE } : {};
      const event: InboundEvent = pressed ? { ...pressed, ...where } : { ...base, kind: 'message', text, ...where, ...attached };
      return sendAll(ref, await handle(event));
    });
  }

  async function onCardAction(a: TeamsActivity): Promise<TurnResult> {
    const pressed = fromCard(a);
    if (!pressed) {
      return { status: 200, body: { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'This button carries no help desk action.' } } };
    }
    const actionId = actionIdOf(a.value) ?? '';
    const work = handle(pressed);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((r) => (timer = setTimeout(() => r(null), INVOKE_BUDGET_MS)));
    const replies = await Promise.race([work, late]).finally(() => clearTimeout(timer));
    const code = actionId.slice(actionId.indexOf(':') + 1);
    const kept = opts.triageConversationId && isFromChannel(a, opts.triageConversationId) ? cards.get(code) : undefined;
    // The presser sees the card as a refresh would show them: buttons only for the ticket's agents.
    const card = kept ? { ...kept, actions: (await worksOn(a, kept.ticket?.department)) ? kept.actions : [] } : undefined;
    if (replies === null) {
      sends.push(`conv:${a.conversation.id}`, async () => sendAll((await answerPlace(a)).ref, await work));
      return invokeCard(card ? [card] : [{ text: '…' }]);
    }
    // On a triage card the presser keeps seeing the ticket, under what their press did.
    const notes = card ? replies.map((r): Reply => ({ text: r.text, ...(r.ephemeral ? { ephemeral: true } : {}), ...(r.form ? { form: r.form } : {}) })) : replies;
    return invokeCard(card ? [...notes, card] : notes);
  }

  const departments = opts.departments ?? [];
  const localeOf = (a: TeamsActivity): Locale => teamsUser(a).locale ?? opts.defaultLocale ?? 'en';

  /** A desk form's button pressed (task/fetch): the form as a dialog, in the presser's language. */
  function onTaskFetch(a: TeamsActivity): TurnResult {
    const locale = localeOf(a);
    const id = dialogFormIdOf(a.value);
    const form = id ? deskForm(id, locale, departments) : null;
    return form ? dialogResponse(form) : dialogMessage(formGone(locale));
  }

  /** "Create ticket" on a message: the new-ticket dialog with the message's words in it. */
  function onMessageAction(a: TeamsActivity): TurnResult {
    const action = messageActionOf(a.value);
    if (!action || action.commandId !== MESSAGE_ACTION) return { status: 400 };
    return dialogResponse(newTicketForm(localeOf(a), departments, action.text));
  }

  /**
   * A dialog sent (task/submit, or a message action's submitAction): checked
   * first, and shown again with what is wrong; once right, the dialog closes and
   * the desk's answer goes to the sender's chat. Who sent it is the activity's
   * sender, whom the connector's token vouches for.
   */
  function onDialogSubmit(a: TeamsActivity): TurnResult {
    const locale = localeOf(a);
    const sent = dialogSubmission(a.value);
    if (!sent) return dialogMessage(formGone(locale));
    const form = deskForm(sent.formId, locale, departments);
    if (!form) return dialogMessage(formGone(locale));
    const errors = formErrors(locale, form, sent.values);
    if (Object.keys(errors).length > 0) {
      const refilled = { ...form, fields: form.fields.map((f) => (Object.hasOwn(sent.values, f.id) ? { ...f, value: sent.values[f.id]! } : f)) };
      return dialogResponse(refilled, formErrorSummary(locale, errors), errors);
    }
    const event = fromForm(a, sent.formId, sent.values);
    sends.push(`conv:${a.conversation.id}`, async () => {
      const { ref, shared } = await answerPlace(a);
      const replies = await handle(shared ? { ...event, place: SHARED_PLACE } : event);
      if (replies.length > 0) await sendAll(ref, replies);
    });
    return { status: 200 };
  }

  function onInvoke(a: TeamsActivity): Promise<TurnResult> | TurnResult {
    switch (a.name) {
      case 'adaptiveCard/action': {
        const refreshed = refreshOf(a.value);
        return refreshed ? onRefresh(a, refreshed) : onCardAction(a);
      }
      case 'task/fetch':
        return onTaskFetch(a);
      case 'task/submit':
      case 'composeExtension/submitAction':
        return onDialogSubmit(a);
      case 'composeExtension/fetchTask':
        return onMessageAction(a);
      case SEARCH_INVOKE:
        return onSearch(a);
      case CONSENT_INVOKE:
        return onFileConsent(a);
      default:
        return { status: 501 };
    }
  }

  /** The search message extension: found tickets as cards, inside the invoke's 5 s (the store answers in milliseconds). */
  async function onSearch(a: TeamsActivity): Promise<TurnResult> {
    const query = searchOf(a.value);
    if (!opts.searchTickets || !query) return { status: 501 };
    return searchResult(await opts.searchTickets(teamsUser(a), query.which, query.typed));
  }

  async function onActivity(a: TeamsActivity): Promise<TurnResult> {
    const problem = problemWith(a);
    if (problem) throw new BadActivityError(problem);
    if (a.from.id === a.recipient.id) return;
    await learn(a);
    // Asked in the background: an invoke has 5 s, and a message's work waits for the answer only a moment.
    if (a.type === 'message') addresses.learn(a);
    if (a.type === 'invoke') return onInvoke(a);
    if (a.type === 'message') return onMessage(a);
    if (botWasAdded(a) && isPersonal(a)) {
      const ref = bot.referenceOf(a);
      const welcome = { kind: 'command' as const, ...(a.id ? { id: a.id } : {}), channel: 'teams', from: teamsUser(a), command: { verb: 'help' as const } };
      sends.push(`conv:${a.conversation.id}`, async () => {
        const replies = (await handle(welcome)).map((r): Reply => ({ text: r.text }));
        if (replies.length > 0) await send(ref, { type: 'message', summary: cardText(replies[0]!.text), attachments: [cardAttachment(replies)] });
      });
    }
  }

  /** Teams people who work a department's tickets, as refresh.userIds names them. */
  async function agentIds(department: string | undefined): Promise<string[]> {
    if (!opts.people || !department) return [];
    const agents = await opts.people.listAgents({ department });
    return agents.filter((x) => x.platform === 'teams').map((x) => userMri(x.userId));
  }

  /** Whether the activity's sender is an agent of this department. */
  async function worksOn(a: TeamsActivity, department: string | undefined): Promise<boolean> {
    const agent = opts.people ? await opts.people.getAgent('teams', teamsUser(a).userId) : null;
    return !!agent && !!department && agent.departments.includes(department);
  }

  /** The triage card as the channel sees it, the agents' own view kept for their refreshes. */
  async function triageCard(reply: Reply, code: string): Promise<OutgoingActivity> {
    if (!opts.people) return renderReply(reply);
    await opts.refs.setRef(viewKey(code), JSON.stringify(reply));
    return sharedActivity(reply, code, await agentIds(reply.ticket?.department));
  }

  /** A client showing a triage card asks for its person's view: buttons for the ticket's agents, the plain card for anyone else. */
  async function onRefresh(a: TeamsActivity, asked: string): Promise<TurnResult> {
    // The ticket is the one whose card the invoke is on, never whatever code the invoke names: anyone may send one.
    const root = splitConversation(a.conversation.id).root ?? a.replyToId;
    const fromTriage = !!opts.triageConversationId && isFromChannel(a, opts.triageConversationId) && !!root;
    // A client may ask as soon as the card shows, before the card's id is stored: its post is waited for.
    const stored = () => opts.refs.getRef(threadKey(root!));
    const code = fromTriage ? ((await stored()) ?? (posting.has(asked) ? await posting.get(asked)!.then(stored) : null)) : null;
    const saved = code !== asked || !code ? undefined : cards.get(code) ?? (await opts.refs.getRef(viewKey(code)).then((v) => (v ? (JSON.parse(v) as Reply) : undefined)));
    if (!saved || !code) return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'The card is as it was.' } };
    const department = saved.ticket?.department;
    const works = await worksOn(a, department);
    return { status: 200, body: { statusCode: 200, type: CARD_TYPE, value: sharedCard(saved, code, await agentIds(department), works) } };
  }

  async function toPerson(person: PersonRef, reply: Reply, record?: ChangeRecord) {
    const ref = (await personRef(person.userId)) ?? (await installedChat(person.userId));
    if (!ref) throw new RecipientUnreachableError('teams', person.userId);
    if (!reply.files?.length) return void (await send(ref, renderReply(reply)));
    const code = record?.ticket.code ?? reply.ticket?.code;
    const words = teamsFileWords(person.locale ?? reply.ticket?.locale ?? opts.defaultLocale ?? 'en');
    const inline: Attachment[] = [];
    const offers: OutgoingActivity[] = [];
    const unsent: string[] = [];
    for (const file of reply.files) {
      const bytes = sendsInline(file) && opts.files ? await opts.files.read(file.id) : null;
      if (bytes) inline.push(inlineImage(file, bytes));
      else if (code) offers.push({ type: 'message', summary: cardText(file.name), attachments: [consentCard(file, code, words)] });
      else unsent.push(words.fileLine(file.name, file.size));
    }
    const rendered = renderReply(unsent.length > 0 ? { ...reply, text: [reply.text, ...unsent].join('\n') } : reply);
    await send(ref, inline.length > 0 ? { ...rendered, attachments: [...(rendered.attachments ?? []), ...inline] } : rendered);
    for (const offer of offers) await send(ref, offer);
  }

  /**
   * The person's answer to a file consent card. Accepted: the file goes to the
   * upload URL Teams gave, if the sender (as the channel's token names them)
   * may open it on that ticket, then Teams' file card follows; declined: noted
   * in the log, nothing said. Answered at once; the upload follows the ack.
   */
  function onFileConsent(a: TeamsActivity): TurnResult {
    const consent = isPersonal(a) ? consentOf(a.value) : null;
    const person = teamsUser(a);
    if (!consent) return { status: 200 };
    if (consent.action === 'decline') {
      opts.logger.info({ component: 'teams', user: person.userId, ticket: consent.code }, 'a file offered in Teams was declined');
      return { status: 200 };
    }
    const ref = bot.referenceOf(a);
    sends.push(`conv:${a.conversation.id}`, async () => {
      const opened = opts.openFile ? await opts.openFile(person, consent.code, consent.fileId) : null;
      if (!opened) {
        opts.logger.warn({ component: 'teams', user: person.userId, ticket: consent.code }, 'a file consent named a file its sender may not open: nothing sent');
        return;
      }
      try {
        await upload(consent.upload.uploadUrl, opened.bytes);
      } catch (err) {
        opts.logger.warn({ err, component: 'teams', user: person.userId, ticket: consent.code }, 'could not upload a file to the person\'s OneDrive');
        const words = teamsFileWords(person.locale ?? opts.defaultLocale ?? 'en');
        return void (await send(ref, { type: 'message', text: messageText(words.uploadFailed(opened.file.name, consent.code)) }));
      }
      await send(ref, { type: 'message', attachments: [fileInfoCard(consent.upload)] });
    });
    return { status: 200 };
  }

  /** Someone who never opened a chat with the bot: with Graph the app installs itself for them, and the chat is kept as if they had opened it. */
  async function installedChat(userId: string): Promise<ConversationRef | null> {
    const serviceUrl = opts.serviceUrl ?? lastServiceUrl ?? (await triageRef())?.serviceUrl;
    if (!opts.graphInstall || !serviceUrl) return null;
    try {
      const chatId = await opts.graphInstall.chatWith(userId);
      const tenantId = opts.auth.tenantId;
      const ref: ConversationRef = {
        channelId: 'msteams',
        serviceUrl,
        conversation: { id: chatId, conversationType: 'personal', ...(tenantId ? { tenantId } : {}) },
        bot: { id: `28:${opts.auth.appId}` },
      };
      await storeOnce(personKey(userId), JSON.stringify(ref));
      opts.logger.info({ component: 'teams', user: userId }, 'installed the app for someone the bot could not reach yet');
      return ref;
    } catch (err) {
      opts.logger.warn({ err, component: 'teams', user: userId }, 'could not install the app for someone the bot cannot reach: the agent is told');
      return null;
    }
  }

  /** With the triage channel: a card's reference is its root activity id. */
  const cardVerbs: CardVerbs | undefined = opts.triageConversationId
    ? {
        async post(reply, code) {
          const channel = await triageRef();
          // Not learnt yet (nobody wrote in the channel since install): agents hear in their chats.
          if (!channel) return null;
          let posted!: () => void;
          posting.set(code, new Promise<void>((r) => (posted = r)));
          try {
            const id = await send(channel, await triageCard(reply, code));
            if (!id) return '';
            await opts.refs.setRef(threadKey(id), code);
            return id;
          } finally {
            posting.delete(code);
            posted();
          }
        },
        async update(root, reply) {
          const channel = await triageRef();
          const code = await opts.refs.getRef(threadKey(root));
          const activity = code ? await triageCard(reply, code) : renderReply(reply);
          if (channel) await withRetry(RETRY, opts.logger, () => bot.update(channel, root, activity));
        },
        async postUnder(root, text) {
          const channel = await triageRef();
          if (channel) await send(inThread(channel, root), { type: 'message', text: messageText(text) });
        },
        async mirror(root, label, text) {
          const channel = await triageRef();
          if (channel) await send(inThread(channel, root), { type: 'message', text: `**${messageText(label)}**: ${messageText(text)}` });
        },
      }
    : undefined;

  /**
   * The files a change brought, under the ticket's card for the agents: small
   * images inline, the rest by name and size (Teams gives bots no upload in a
   * channel). Not where they were sent from: that thread shows them already.
   */
  function filesUnderCard(record: ChangeRecord): DeliveryStep[] {
    const { ticket, origin, event } = record;
    const brought = (ticket.files ?? []).filter((f) => f.version === ticket.version);
    if (!cardVerbs || brought.length === 0 || (origin.channel === 'teams' && origin.place === TICKET_THREAD)) return [];
    return [
      {
        what: `files under card ${ticket.code}`,
        run: async () => {
          const root = await opts.refs.getRef(cardKey('teams', ticket.code));
          const channel = root ? await triageRef() : null;
          if (!root || !channel) return;
          const words = teamsFileWords(opts.defaultLocale ?? 'en');
          const inline: Attachment[] = [];
          const lines: string[] = [];
          for (const file of brought) {
            const bytes = sendsInline(file) && opts.files ? await opts.files.read(file.id) : null;
            if (bytes) inline.push(inlineImage(file, bytes));
            else lines.push(words.elsewhere(file.name, file.size, ticket.code));
          }
          const text = [`**${messageText(event.actor.name)}**:`, ...lines.map(messageText)].join('\n\n');
          await send(inThread(channel, root), { type: 'message', text, ...(inline.length > 0 ? { attachments: inline } : {}) });
        },
      },
    ];
  }

  const verbs = { name: 'teams', refs: opts.refs, toPerson, cards: cardVerbs, extraSteps: filesUnderCard };

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

    stepsFor: (record) => planDelivery(verbs, record),
    sendDirect: toPerson,
    busy: () => responding > 0,

    noteChange(record) {
      // The presser of a button on a triage card sees the ticket as their press left it.
      rememberEntry(cards, record.ticket.code, record.card, REMEMBERED);
    },

    stop: () => sends.idle(),
  };
}

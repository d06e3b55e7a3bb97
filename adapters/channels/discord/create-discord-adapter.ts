// Discord through discord.js: the gateway brings /ticket, buttons, the new-ticket
// form, DMs and ticket-thread messages; REST carries everything the desk says.
// Of several instances one holds the gateway (compose keeps it under a lease);
// every instance sends, through a REST client of its own that needs no gateway.
// Each ticket of a Discord member gets a private thread in the support channel
// (threads, unlike channels, have no per-server ceiling worth worrying about);
// agents get an embed per ticket in the triage channel, edited in place.
import {
  Client, DiscordAPIError, Events, GatewayIntentBits, MessageFlags, Partials, REST, RESTJSONErrorCodes, Routes,
  type AutocompleteInteraction, type ButtonInteraction, type ChatInputCommandInteraction, type Interaction, type Message, type MessageContextMenuCommandInteraction, type ModalSubmitInteraction, type RawFile,
} from 'discord.js';
import { MB, commandFromForm, deskForm, isDeskFormId, formErrorSummary, formErrors, formGone, newTicketForm, peopleConcerned, type Attachment, type ChangeRecord, type CodeSuggestion, type FileKeeper, type Locale, type InboundEvent, type Logger, type Participant, type PeopleStore, type PersonRef, type Reply, type ReplyForm, type StateStore } from '../../../src/index.js';
import type { ChannelAdapter, DeliveryStep } from '../channel-adapter.js';
import { cardKey, planDelivery, type CardVerbs } from '../plan-delivery.js';
import { rememberEntry, rememberKey } from '../short-memory.js';
import type { AgentRole } from './agent-roles.js';
import { NO_MENTIONS, actionFromButton, disabledRows, inertText, renderMessage as renderPlain } from './render-message.js';
import { formIdOf, formModal, submittedValues } from './form-modal.js';
import { createRoleSync } from './role-sync.js';
import { MESSAGE_COMMAND, NEW_TICKET_MODAL } from './ticket-command.js';
import { commandFromModal, fromButton, fromSlashCommand, fromThreadReply, type SlashOptions } from './to-inbound-event.js';
import { takeAttachments, type TakenFiles } from './take-attachments.js';
import { discordRestAgent } from './rest-agent.js';
import { deliveryNonce, withFiles, type FileLinkMaker } from './send-files.js';

/** The slash commands this adapter answers (see ticket-command.ts). */
const COMMANDS = new Set(['ticket', 'agent']);

export interface DiscordAdapterOptions {
  token: string;
  applicationId: string;
  /** REST base (`…/api`); the gateway URL then comes from its /gateway/bot. */
  apiUrl?: string | undefined;
  supportChannelId?: string | undefined;
  triageChannelId?: string | undefined;
  agentRoles: readonly AgentRole[];
  handle: (event: InboundEvent) => Promise<Reply[]>;
  /** Ticket codes to offer while someone types one; without it, nothing is offered. */
  suggestCodes?: ((person: Participant, typed: string, first?: string) => Promise<CodeSuggestion[]>) | undefined;
  refs: Pick<StateStore, 'getRef' | 'setRef'>;
  people: Pick<PeopleStore, 'getAgent' | 'saveAgent' | 'removeAgent' | 'listAgents'>;
  logger: Logger;
  /** Department ids, for the new-ticket form's choices. */
  departments?: readonly string[] | undefined;
  /** The forms' language for people whose Discord locale the desk does not speak (the desk's own; English when absent). */
  defaultLocale?: Locale | undefined;
  /** How often the roles of role-granted agents are read again (also once at start-up), so rights go even from someone who never writes again; 0: never. */
  roleCheckMs?: number;
  /** Checks and keeps the files people attach; reads those the desk sends. */
  files: FileKeeper;
  /** Largest file uploaded to Discord (10 MB unless the server's boosts allow more); bigger ones are linked or named. */
  maxUploadBytes?: number | undefined;
  /** Links to files too big for Discord, for those allowed to open them; without it, such a file is named with a pointer to the web. */
  fileLink?: FileLinkMaker | undefined;
}

type Replyable = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;
type Member = { nick?: string | null; roles: string[] | { cache: Map<string, unknown> } } | null | undefined;

/** Interaction ids, locales and DM channels kept in memory, each. */
const REMEMBERED = 5000;
const ROLE_CHECK_MS = 15 * 60 * 1000;
const THREAD_ARCHIVE_MINUTES = 10080;
/** Longest a closing gateway waits for the events it is handling to be answered. */
const DRAIN_MS = 3000;

/** Statuses after which nobody writes in a ticket's thread. */
const FINISHED: ReadonlySet<string> = new Set(['closed', 'cancelled']);

const threadOfKey = (code: string) => `discord:thread-of:${code}`;
const threadKey = (channelId: string) => `discord:thread:${channelId}`;

function toLocale(tag: string | null | undefined): 'it' | 'en' | undefined {
  const lang = tag?.slice(0, 2).toLowerCase();
  return lang === 'it' || lang === 'en' ? lang : undefined;
}

const roleIds = (member: Member): string[] => (!member ? [] : Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()]);

/** The gateway's connection, opened and closed as the instance comes to hold it and stops holding it. */
export interface DiscordGateway {
  /** Logs in and resolves once Discord says it is ready; throws (nothing left open) when it cannot. */
  open(): Promise<void>;
  /** Closes the connection, if open; events then go to whichever instance opens it next. */
  close(): Promise<void>;
  isOpen(): boolean;
}

export function createDiscordAdapter(opts: DiscordAdapterOptions): ChannelAdapter & { start(): Promise<void>; gateway: DiscordGateway } {
  const agent = discordRestAgent();
  const apiOption = opts.apiUrl ? { api: opts.apiUrl } : {};
  // The client's own REST is given the token only at login and loses it at destroy: what the desk sends goes through this one.
  const rest = new REST({ ...apiOption, agent: agent as never }).setToken(opts.token);
  /** The gateway's client while this instance holds the gateway; interaction answers go through its REST. */
  let client: Client | null = null;
  /** Interaction ids already answered: a gateway replay must not answer twice. */
  const answered = new Set<string>();
  /** Platform locale learnt from interactions, for messages that do not carry one. */
  const locales = new Map<string, 'it' | 'en'>();
  const roles = createRoleSync({ people: opts.people, agentRoles: opts.agentRoles, logger: opts.logger });
  let roleCheck: NodeJS.Timeout | undefined;
  const dms = new Map<string, string>();
  /** Forms shown, by id, so their button can open them (a custom_id cannot carry the fields). */
  const forms = new Map<string, ReplyForm>();

  const departments = opts.departments ?? [];
  const localeFor = (i: { locale?: string | null; user: { id: string } }): Locale => toLocale(i.locale) ?? locales.get(i.user.id) ?? opts.defaultLocale ?? 'en';

  function renderMessage(reply: Reply) {
    // A desk form is built for whoever presses; one refilled after errors is kept under its sender (onFormSubmit).
    if (reply.form && !isDeskFormId(reply.form.id)) rememberEntry(forms, reply.form.id, reply.form, REMEMBERED);
    return renderPlain(reply);
  }

  function person(user: { id: string; username: string; globalName?: string | null }, member: Member, locale?: string | null): Participant {
    const known = toLocale(locale);
    if (known) rememberEntry(locales, user.id, known, REMEMBERED);
    const p: Participant = { platform: 'discord', userId: user.id, name: member?.nick || user.globalName || user.username };
    const l = known ?? locales.get(user.id);
    if (l) p.locale = l;
    return p;
  }

  /** A server member's roles, read before the desk hears them: rights they grant, or no longer grant, count for this very request. */
  async function syncAgent(who: Participant, member: Member) {
    // In DMs Discord sends no member, so the roles are unknown there: nothing changes.
    // A store that is away leaves the roles as last synced: the request itself goes on to the desk, which keeps it.
    if (member) await roles.apply(who, roleIds(member)).catch((err: unknown) => opts.logger.warn({ err, user: who.userId }, 'could not sync Discord roles; the last synced rights count'));
  }

  /** The member's roles in every server the bot is in; none when they are in none of them; null when the bot knows no server yet. */
  async function rolesInServers(userId: string): Promise<string[] | null> {
    const servers = [...(client?.guilds.cache.keys() ?? [])];
    if (servers.length === 0) return null;
    const held: string[] = [];
    for (const server of servers) {
      try {
        held.push(...((await rest.get(Routes.guildMember(server, userId))) as { roles: string[] }).roles);
      } catch (err) {
        if (!(err instanceof DiscordAPIError && err.code === RESTJSONErrorCodes.UnknownMember)) throw err;
      }
    }
    return held;
  }

  function checkRoles() {
    roles.recheck(rolesInServers).catch((err: unknown) => opts.logger.error({ err, component: 'discord' }, 'role check failed'));
  }

  function firstTime(id: string): boolean {
    if (answered.has(id)) return false;
    rememberKey(answered, id, REMEMBERED);
    return true;
  }

  const post = (channelId: string, body: unknown, files: RawFile[] = []) =>
    rest.post(Routes.channelMessages(channelId), files.length > 0 ? { body, files } : { body }) as Promise<{ id: string }>;
  const sending = { keeper: opts.files, maxUploadBytes: opts.maxUploadBytes ?? 10 * MB, fileLink: opts.fileLink };

  /**
   * A reply as one Discord message, its files uploaded with it. `nonce`: a
   * delivery's own, so that sending it again (a retry after an answer that
   * never came) gives back the message Discord already made.
   */
  async function send(channelId: string, reply: Reply, locale: Locale | undefined, nonce?: string) {
    return postFiles(channelId, renderMessage(reply), reply.files ?? [], reply.ticket?.code, locale, nonce);
  }

  async function postFiles(channelId: string, body: { content: string }, files: readonly Attachment[], code: string | undefined, locale: Locale | undefined, nonce?: string) {
    const out = await withFiles(body, files, code, locale ?? opts.defaultLocale ?? 'en', sending);
    return post(channelId, nonce ? { ...out.body, nonce, enforce_nonce: true } : out.body, out.files);
  }

  /** A message's attachments, taken in; nothing to fetch when it has none. */
  async function filesOf(m: Message): Promise<TakenFiles> {
    if (m.attachments.size === 0) return {};
    return takeAttachments([...m.attachments.values()].map((a) => ({ name: a.name, size: a.size, url: a.url })), opts.files, opts.logger);
  }

  async function dmChannel(userId: string): Promise<string> {
    const known = dms.get(userId);
    if (known) return known;
    const channel = (await rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as { id: string };
    rememberEntry(dms, userId, channel.id, REMEMBERED);
    return channel.id;
  }

  async function answer(i: Replyable, replies: Reply[]) {
    if (replies.length === 0) {
      await i.deleteReply();
      return;
    }
    const [first, ...rest] = replies;
    await i.editReply(renderMessage(first!));
    for (const r of rest) await i.followUp({ ...renderMessage(r), flags: MessageFlags.Ephemeral });
  }

  async function onCommand(i: ChatInputCommandInteraction) {
    const sub = i.options.getSubcommand();
    const text = i.options.getString('text') ?? undefined;
    // The form must be the first answer, so it goes out before anything else is read.
    if (sub === 'new' && !text?.trim()) return i.showModal(formModal(newTicketForm(localeFor(i), departments)) as never);
    await i.deferReply({ flags: MessageFlags.Ephemeral });
    const from = person(i.user, i.member as Member, i.locale);
    await syncAgent(from, i.member as Member);
    const options: SlashOptions = { text, agent: i.options.getUser('agent')?.id };
    for (const name of ['code', 'department', 'priority', 'reason', 'resolution', 'parent'] as const) options[name] = i.options.getString(name) ?? undefined;
    // Typed inside a ticket's thread without a code: that ticket.
    if (!options.code?.trim()) options.code = (await threadTicket(i.channelId)) ?? undefined;
    await answer(i, await opts.handle(fromSlashCommand(i.id, from, sub, options)));
  }

  // Unknown while the store is away: the command goes on without the thread's code (the desk asks for one, or keeps it).
  const threadTicket = async (channelId: string | null) => (channelId ? opts.refs.getRef(threadKey(channelId)).catch(() => null) : null);

  /** Codes offered as the person types one: the thread's ticket first, then what they work on (see suggestCodes). */
  async function onAutocomplete(i: AutocompleteInteraction) {
    const focused = i.options.getFocused(true);
    if ((focused.name !== 'code' && focused.name !== 'parent') || !opts.suggestCodes) return i.respond([]);
    const from = person(i.user, i.member as Member, i.locale);
    await syncAgent(from, i.member as Member);
    const first = (await threadTicket(i.channelId)) ?? undefined;
    const found = await opts.suggestCodes(from, String(focused.value), first);
    await i.respond(found.map((c) => ({ name: c.label, value: c.code })));
  }

  /** A form's button: its modal must be the first answer, so nothing is read before it. */
  async function onFormButton(i: ButtonInteraction, formId: string) {
    // The desk's own forms are built again in the presser's language; others only while remembered.
    const form = (isDeskFormId(formId) ? forms.get(`${i.user.id}:${formId}`) : forms.get(formId)) ?? deskForm(formId, localeFor(i), departments);
    if (form) return i.showModal(formModal(form) as never);
    await i.reply({ content: formGone(localeFor(i)), flags: MessageFlags.Ephemeral });
  }

  async function onButton(i: ButtonInteraction) {
    const formId = formIdOf(i.customId);
    if (formId) return onFormButton(i, formId);
    const actionId = actionFromButton(i.customId);
    if (!actionId) return;
    // A message only the presser reads (a DM, an ephemeral answer) becomes what the press did: nothing is left to press twice.
    const privateMessage = !i.inGuild() || i.message.flags.has(MessageFlags.Ephemeral);
    if (privateMessage) await i.deferUpdate();
    else await i.deferReply({ flags: MessageFlags.Ephemeral });
    const from = person(i.user, i.member as Member, i.locale);
    await syncAgent(from, i.member as Member);
    const replies = await opts.handle(fromButton(i.id, from, actionId));
    if (privateMessage) return answerInPlace(i, replies);
    await answer(i, replies);
    // In a place others read (a ticket's thread) the buttons that acted are switched off for everyone;
    // the triage card is edited by its own update, which shows the ticket as it is now. A refusal leaves them.
    if (i.channelId !== triage && replies[0] && !replies[0].ephemeral) await retireButtons(i.channelId, i.message.id, i.message.components);
  }

  /** The pressed message, edited into the first answer; the rest follow it, seen by the presser alone. */
  async function answerInPlace(i: ButtonInteraction, replies: Reply[]) {
    const [first, ...rest] = replies;
    await i.editReply(first ? renderMessage(first) : { components: disabledRows(i.message.components) as never });
    for (const r of rest) await i.followUp({ ...renderMessage(r), flags: MessageFlags.Ephemeral });
  }

  async function retireButtons(channelId: string, messageId: string, rows: readonly unknown[]) {
    await rest.patch(Routes.channelMessage(channelId, messageId), { body: { components: disabledRows(rows) } });
  }

  async function onFormSubmit(i: ModalSubmitInteraction, formId: string) {
    await i.deferReply({ flags: MessageFlags.Ephemeral });
    const from = person(i.user, i.member as Member, i.locale);
    await syncAgent(from, i.member as Member);
    const values = submittedValues(i.fields.fields.values() as Iterable<{ customId: string; value?: unknown; values?: unknown }>);
    // A modal cannot answer with itself: what is wrong comes back with a button that opens the form again, as it was filled in.
    const locale = localeFor(i);
    const form = deskForm(formId, locale, departments);
    const errors = form ? formErrors(locale, form, values) : {};
    if (form && Object.keys(errors).length > 0) {
      const refilled = { ...form, fields: form.fields.map((f) => (Object.hasOwn(values, f.id) ? { ...f, value: values[f.id]! } : f)) };
      rememberEntry(forms, `${i.user.id}:${formId}`, refilled, REMEMBERED);
      return answer(i, [{ text: formErrorSummary(locale, errors), form: refilled, ephemeral: true }]);
    }
    const command = commandFromForm(formId, values);
    // A form the desk did not make goes in as an action: the desk says what is wrong with it.
    const base = { id: i.id, channel: 'discord', from };
    await answer(i, await opts.handle(command ? { ...base, kind: 'command', command } : { ...base, kind: 'action', actionId: formId }));
  }

  async function onModal(i: ModalSubmitInteraction) {
    const field = (id: string) => {
      const found = i.fields.fields.find((f) => f.customId === id) as { value?: unknown } | undefined;
      return typeof found?.value === 'string' ? found.value : undefined;
    };
    const command = commandFromModal({ title: field('title'), description: field('description'), department: field('department'), urgency: field('urgency') });
    if (!command) {
      await i.reply({ content: 'Please give the ticket a title.', flags: MessageFlags.Ephemeral });
      return;
    }
    await i.deferReply({ flags: MessageFlags.Ephemeral });
    const from = person(i.user, i.member as Member, i.locale);
    await syncAgent(from, i.member as Member);
    await answer(i, await opts.handle({ kind: 'command', id: i.id, channel: 'discord', from, command }));
  }

  /** "Create ticket" on a message: the new-ticket form with its words; filed, like any form, by whoever sends it. */
  async function onMessageCommand(i: MessageContextMenuCommandInteraction) {
    await i.showModal(formModal(newTicketForm(localeFor(i), departments, i.targetMessage.content)) as never);
  }

  async function onInteraction(i: Interaction) {
    if (!firstTime(i.id)) return;
    if (i.isMessageContextMenuCommand() && i.commandName === MESSAGE_COMMAND) return onMessageCommand(i);
    if (i.isAutocomplete() && COMMANDS.has(i.commandName)) return onAutocomplete(i);
    if (i.isChatInputCommand() && COMMANDS.has(i.commandName)) return onCommand(i);
    if (i.isButton()) return onButton(i);
    if (i.isModalSubmit() && i.customId === NEW_TICKET_MODAL) return onModal(i);
    const formId = i.isModalSubmit() ? formIdOf(i.customId) : null;
    if (formId && i.isModalSubmit()) return onFormSubmit(i, formId);
  }

  async function onMessage(m: Message) {
    if (m.author.bot || m.system) return;
    const text = m.content.trim();
    // A screenshot alone is a message too: Discord sends it with empty content.
    if (!text && m.attachments.size === 0) return;
    const from = person(m.author, m.member as Member);
    const base = { kind: 'message' as const, id: m.id, channel: 'discord', from };
    if (!m.inGuild()) {
      const replies = await opts.handle({ ...base, text, ...(await filesOf(m)) });
      for (const r of replies) await send(m.channelId, r, from.locale);
      return;
    }
    // In a server the bot reads only its tickets' threads: both sides talk there.
    const code = await opts.refs.getRef(threadKey(m.channelId));
    if (!code) return;
    await syncAgent(from, m.member as Member);
    // Both sides read this thread: its place keeps the message from being posted back into it.
    const replies = await opts.handle({ ...fromThreadReply(m.id, from, code, text), ...(await filesOf(m)) });
    for (const r of replies.filter((x) => x.ephemeral)) await post(m.channelId, { ...renderMessage(r), message_reference: { message_id: m.id } });
  }

  /** A Discord member's ticket gets a private thread where they and its agents talk. */
  async function openThread(record: ChangeRecord) {
    const { code, requester } = record.ticket;
    if (!opts.supportChannelId || requester.platform !== 'discord') return;
    const thread = (await rest.post(Routes.threads(opts.supportChannelId), {
      body: { name: `${code} · ${requester.name}`.slice(0, 100), type: 12, invitable: false, auto_archive_duration: THREAD_ARCHIVE_MINUTES },
    })) as { id: string };
    await opts.refs.setRef(threadOfKey(code), thread.id);
    await opts.refs.setRef(threadKey(thread.id), code);
    await rest.put(Routes.threadMembers(thread.id, requester.userId));
    await post(thread.id, renderMessage({ text: record.card.text, ...(record.card.ticket ? { ticket: record.card.ticket } : {}) }));
  }

  async function addToThread(record: ChangeRecord) {
    const thread = await opts.refs.getRef(threadOfKey(record.ticket.code));
    const agents = peopleConcerned(record).slice(1).filter((p) => p.platform === 'discord');
    if (thread) for (const a of agents) await rest.put(Routes.threadMembers(thread, a.userId));
  }

  /**
   * A closed ticket's thread says so in its name, and is archived and locked:
   * it leaves the members' thread list and nobody writes into a finished
   * ticket. A ticket opened again opens its thread again. (Discord allows two
   * renames per ten minutes, so the name changes only then.)
   */
  async function settleThread(record: ChangeRecord, open: boolean) {
    const thread = await opts.refs.getRef(threadOfKey(record.ticket.code));
    if (!thread) return;
    const { code, requester } = record.ticket;
    const status = record.card.ticket?.statusLabel;
    const name = (open || !status ? `${code} · ${requester.name}` : `${code} · ${status} · ${requester.name}`).slice(0, 100);
    await rest.patch(Routes.channel(thread), { body: open ? { name, archived: false, locked: false } : { name, archived: true, locked: true } });
  }

  /**
   * An internal note reaches Discord's agents where requesters cannot read it:
   * under the ticket's embed in the triage channel, or else by DM to its
   * assignee (the ticket's thread is the requester's too, so never there).
   */
  async function mirrorNote(record: ChangeRecord) {
    const { ticket, event } = record;
    // The files the note brought (this version's): agents get them with it, the requester never.
    const files = (ticket.files ?? []).filter((f) => f.version === ticket.version);
    if (!event.text && files.length === 0) return;
    const text = `**${inertText(event.actor.name)} (internal note)**: ${inertText(event.text ?? '')}`.slice(0, 2000);
    const nonce = deliveryNonce(record.id, 'note');
    const card = triage ? await opts.refs.getRef(cardKey('discord', ticket.code)) : null;
    if (triage && card) {
      const body = { content: text, allowed_mentions: NO_MENTIONS, message_reference: { message_id: card, fail_if_not_exists: false } };
      await postFiles(triage, body, files, ticket.code, undefined, nonce);
      return;
    }
    const agent = ticket.assignee;
    const wroteIt = agent && agent.platform === event.actor.platform && agent.userId === event.actor.userId;
    if (agent?.platform === 'discord' && !wroteIt) {
      const body = { content: `${ticket.code} · ${text}`.slice(0, 2000), allowed_mentions: NO_MENTIONS };
      await postFiles(await dmChannel(agent.userId), body, files, ticket.code, agent.locale, nonce);
    }
  }

  function threadSteps(record: ChangeRecord): DeliveryStep[] {
    const { kind } = record.event;
    const code = record.ticket.code;
    if (kind === 'created') return [{ what: `thread of ${code}`, run: () => openThread(record) }];
    if (kind === 'claimed' || kind === 'assigned') return [{ what: `thread members of ${code}`, run: () => addToThread(record) }];
    if (kind === 'note') return [{ what: `note of ${code} to agents`, run: () => mirrorNote(record) }];
    if (FINISHED.has(record.ticket.status)) return [{ what: `thread of ${code} closed`, run: () => settleThread(record, false) }];
    if (kind === 'reopened') return [{ what: `thread of ${code} open again`, run: () => settleThread(record, true) }];
    return [];
  }

  /** A person's messages about a ticket go to its thread when it has one, else to their DMs. */
  async function toPerson(person: PersonRef, reply: Reply, record?: ChangeRecord) {
    const code = reply.ticket?.code;
    const thread = code ? await opts.refs.getRef(threadOfKey(code)) : null;
    const nonce = record ? deliveryNonce(record.id, person.userId, reply.text, ...(reply.files ?? []).map((f) => f.id)) : undefined;
    await send(thread ?? (await dmChannel(person.userId)), reply, person.locale, nonce);
  }

  const triage = opts.triageChannelId;
  const cards: CardVerbs | undefined = triage
    ? {
        // One card per ticket, however often its post is tried.
        post: async (reply, code) => (await send(triage, reply, reply.ticket?.locale, deliveryNonce('card', triage, code))).id,
        async update(ref, reply) {
          await rest.patch(Routes.channelMessage(triage, ref), { body: renderMessage(reply) });
        },
        async postUnder(ref, text) {
          await post(triage, { ...renderMessage({ text }), message_reference: { message_id: ref, fail_if_not_exists: false } });
        },
      }
    : undefined;

  const verbs = { name: 'discord', refs: opts.refs, toPerson, peopleInTicketThread: true, cards, extraSteps: threadSteps };

  /** Events being handled: a closing gateway lets them answer (its client's REST carries interaction answers) before it goes. */
  const handling = new Set<Promise<unknown>>();
  function track(work: Promise<unknown>) {
    handling.add(work);
    void work.finally(() => handling.delete(work));
  }

  /** A client for one gateway session: a closed one is not logged in again, a new one is made. */
  function gatewayClient(): Client {
    const c = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages, GatewayIntentBits.MessageContent],
      partials: [Partials.Channel],
      // Whatever discord.js sends (interaction answers, follow-ups) pings nobody; REST posts carry the same in their body.
      allowedMentions: NO_MENTIONS,
      rest: { ...apiOption, agent: agent as never },
    });
    c.on(Events.InteractionCreate, (i) => track(onInteraction(i).catch((err: unknown) => opts.logger.error({ err, component: 'discord', interaction: i.id }, 'interaction failed'))));
    c.on(Events.MessageCreate, (m) => track(onMessage(m).catch((err: unknown) => opts.logger.error({ err, component: 'discord', message: m.id }, 'message failed'))));
    c.on(Events.Error, (err) => opts.logger.error({ err, component: 'discord' }, 'discord client error'));
    return c;
  }

  const gateway: DiscordGateway = {
    async open() {
      if (client) return;
      const c = gatewayClient();
      client = c;
      try {
        const ready = new Promise<void>((r) => c.once(Events.ClientReady, () => r()));
        await c.login(opts.token);
        await ready;
      } catch (err) {
        client = null;
        await c.destroy().catch(() => undefined);
        throw err;
      }
      opts.logger.info({ component: 'discord' }, 'Discord gateway connected');
      // The gateway's holder reads the servers' roles (it knows which servers), one instance of several.
      const every = opts.roleCheckMs ?? ROLE_CHECK_MS;
      if (every > 0) {
        // Roles may have changed while the bot was away.
        checkRoles();
        roleCheck = setInterval(checkRoles, every);
        roleCheck.unref();
      }
    },
    async close() {
      clearInterval(roleCheck);
      roleCheck = undefined;
      const c = client;
      client = null;
      if (!c) return;
      // No new events from now on (the next holder takes them); those under way get a moment to answer.
      c.removeAllListeners(Events.InteractionCreate).removeAllListeners(Events.MessageCreate);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...handling]), new Promise((r) => (timer = setTimeout(r, DRAIN_MS)))]);
      clearTimeout(timer);
      await c.destroy();
      opts.logger.info({ component: 'discord' }, 'Discord gateway closed');
    },
    isOpen: () => client !== null,
  };

  return {
    name: 'discord',
    register() {},
    gateway,

    /** The gateway opened at once, for a desk that holds no lease for it. */
    start: () => gateway.open(),

    stepsFor: (record) => planDelivery(verbs, record),
    sendDirect: toPerson,

    async stop() {
      await gateway.close();
      await agent.close();
    },
  };
}

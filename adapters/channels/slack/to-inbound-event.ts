// Slack payloads -> InboundEvent. Pure: the adapter resolves who the user is
// (users.info) and passes it in.
import { TICKET_THREAD, commandFromAction, threadCommand, type CommandOf, type InboundEvent, type Locale, type Participant, type ThreadDefault } from '../../../src/index.js';

export interface SlackUser {
  userId: string;
  name: string;
  locale?: Locale;
  /** The profile's address (users:read.email scope): Slack checked it, so it links the person's other channels. */
  email?: string;
}

export interface SlackMessageEvent {
  type: string;
  channel: string;
  channel_type?: string;
  user?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  subtype?: string;
  bot_id?: string;
  /** Files shared with the message (subtype `file_share`). */
  files?: SlackFile[];
}

/** Slack's file object, as much of it as the desk reads (a message's `files`, a file_input's submitted files). */
export interface SlackFile {
  id?: string;
  name?: string;
  title?: string;
  mimetype?: string;
  size?: number;
  url_private?: string;
  url_private_download?: string;
  /** `hosted` for a file Slack keeps; `tombstone` (deleted), `external` (a link to elsewhere) have no bytes here. */
  mode?: string;
}

/** A file to fetch from Slack with the bot token, or one that cannot be (deleted, external, no link). */
export type FileToFetch = { name: string; url: string; size: number | null } | { name: string; unreadable: true };

/** `it-IT`, `en-US` -> it / en; anything else: let the desk decide. */
export function toLocale(slackLocale: string | undefined): Locale | undefined {
  const lang = slackLocale?.slice(0, 2).toLowerCase();
  return lang === 'it' || lang === 'en' ? lang : undefined;
}

export function participant(user: SlackUser): Participant {
  const p: Participant = { platform: 'slack', userId: user.userId, name: user.name };
  if (user.locale) p.locale = user.locale;
  if (user.email) p.email = user.email;
  return p;
}

/** People's messages only: no bots, no edits, joins or other subtypes; a shared file is a message even without words. */
export function isPersonMessage(event: SlackMessageEvent): event is SlackMessageEvent & { user: string } {
  if (!event.user || event.bot_id) return false;
  if (event.subtype === 'file_share') return (event.files ?? []).length > 0 || hasWords(event.text);
  return !event.subtype && hasWords(event.text);
}

const hasWords = (text: string | undefined) => typeof text === 'string' && text.trim() !== '';

/** At most this many files are taken from one message or form (Slack's own most per message). */
export const FILES_PER_MESSAGE = 10;

/** What to fetch for a message's or a form's files: Slack's download link where it has one. */
export function filesToFetch(files: readonly SlackFile[] | undefined): FileToFetch[] {
  return (files ?? []).slice(0, FILES_PER_MESSAGE).map((f) => {
    const name = f.name || f.title || f.id || 'file';
    const url = f.url_private_download || f.url_private;
    if (!url || f.mode === 'tombstone' || f.mode === 'external') return { name, unreadable: true };
    return { name, url, size: typeof f.size === 'number' && Number.isFinite(f.size) ? f.size : null };
  });
}

type SubmittedValues = Record<string, Record<string, { type?: string; files?: SlackFile[] | null }>>;

/** The files a modal's file_input elements carry in view_submission's state. */
export function filesInForm(values: SubmittedValues): SlackFile[] {
  const out: SlackFile[] = [];
  for (const inputs of Object.values(values)) {
    for (const input of Object.values(inputs)) if (input?.type === 'file_input' && Array.isArray(input.files)) out.push(...input.files);
  }
  return out;
}

/** Drops `<@U123>` mentions (the bot's, in an @mention) and decodes Slack's escapes. */
export function plainText(text: string): string {
  return text
    .replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A message's words for a form to prefill: mentions dropped, Slack's escapes undone, its lines kept. */
export function messageForForm(text: string): string {
  return text
    .replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, '')
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
}

export function fromMessage(text: string, eventId: string, user: SlackUser): InboundEvent {
  return { kind: 'message', id: eventId, channel: 'slack', from: participant(user), text: plainText(text) };
}

/** `/ticket new …` arrives as command `/ticket` with text `new …`. */
export function fromSlashCommand(body: { text?: string; trigger_id: string }, user: SlackUser): InboundEvent {
  return { kind: 'message', id: `cmd:${body.trigger_id}`, channel: 'slack', from: participant(user), text: `ticket ${body.text ?? ''}`.trim() };
}

/** A button: its `value` carries the desk's action id, read by the desk's own action grammar. */
export function fromButton(body: { trigger_id: string }, action: { value?: string; action_ts?: string }, user: SlackUser): InboundEvent | null {
  if (!action.value) return null;
  const base = { id: `act:${body.trigger_id}:${action.action_ts ?? ''}`, channel: 'slack', from: participant(user) };
  const command = commandFromAction(action.value);
  return command ? { ...base, kind: 'command', command } : { ...base, kind: 'action', actionId: action.value };
}

/** A message in a ticket's thread in the triage channel: said on that ticket, to the requester only when addressed to them (see threadCommand). */
export function fromThreadReply(
  text: string,
  eventId: string,
  user: SlackUser,
  code: string,
  fallback: ThreadDefault,
): InboundEvent & { command: CommandOf<'reply'> | CommandOf<'note'> } {
  return { kind: 'command', id: eventId, channel: 'slack', from: participant(user), place: TICKET_THREAD, command: threadCommand(code, plainText(text), fallback) };
}

/** :ticket: on a message: a ticket for its author, the message as written (flags in it are just text). */
export function fromTicketReaction(text: string, eventId: string, author: SlackUser): InboundEvent {
  return { kind: 'command', id: eventId, channel: 'slack', from: participant(author), command: { verb: 'new', text: plainText(text) } };
}

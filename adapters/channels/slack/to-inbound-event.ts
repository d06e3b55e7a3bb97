// Slack payloads -> InboundEvent. Pure: the adapter resolves who the user is
// (users.info) and passes it in.
import { TICKET_THREAD, commandFromAction, threadCommand, type CommandOf, type InboundEvent, type Locale, type Participant, type ThreadDefault } from '../../../src/index.js';

export interface SlackUser {
  userId: string;
  name: string;
  locale?: Locale;
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
}

/** `it-IT`, `en-US` -> it / en; anything else: let the desk decide. */
export function toLocale(slackLocale: string | undefined): Locale | undefined {
  const lang = slackLocale?.slice(0, 2).toLowerCase();
  return lang === 'it' || lang === 'en' ? lang : undefined;
}

export function participant(user: SlackUser): Participant {
  const p: Participant = { platform: 'slack', userId: user.userId, name: user.name };
  if (user.locale) p.locale = user.locale;
  return p;
}

/** People's messages only: no bots, no edits, joins or other subtypes. */
export function isPersonMessage(event: SlackMessageEvent): event is SlackMessageEvent & { user: string } {
  return !!event.user && !event.bot_id && !event.subtype && typeof event.text === 'string' && event.text.trim() !== '';
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

// What an agent types in a ticket's thread in an agents' channel (a Slack or
// Teams triage card's thread) is for the other agents unless it says it is for
// the requester: a message reaching a customer should be something somebody
// chose, never an accident of where it was typed. A desk that prefers the old
// way sets the default to the requester; then a prefix keeps a message inside.
import type { Locale } from '../events.js';
import { t } from '../i18n.js';
import type { CommandOf } from './command.js';

export type ThreadDefault = 'internal' | 'requester';
export const THREAD_DEFAULTS: readonly ThreadDefault[] = ['internal', 'requester'];

/** The prefix the README and the hints teach; the others are accepted too. */
export const TO_REQUESTER_PREFIX = '>>';

// Slack turns `>` at the start of a line into a quote, so `>>` may arrive as
// `> >` or `>>`; words work on every keyboard and in both languages.
const TO_REQUESTER = /^(?:>\s*>|@requester\b|@richiedente\b|to requester\s*:|al richiedente\s*:)\s*/i;
const INTERNAL = /^(?:\/\/|internal\s*:|interno\s*:|interna\s*:)\s*/i;

/**
 * The command a thread message is: a reply to the requester when addressed to
 * them (or when that is the desk's default and it is not marked internal), an
 * internal note otherwise. The prefix is taken off what is kept.
 */
export function threadCommand(code: string, text: string, fallback: ThreadDefault): CommandOf<'reply'> | CommandOf<'note'> {
  const trimmed = text.trim();
  const toRequester = TO_REQUESTER.exec(trimmed);
  if (toRequester) return { verb: 'reply', code, text: trimmed.slice(toRequester[0].length).trim() };
  const internal = INTERNAL.exec(trimmed);
  if (internal) return { verb: 'note', code, text: trimmed.slice(internal[0].length).trim() };
  return fallback === 'requester' ? { verb: 'reply', code, text: trimmed } : { verb: 'note', code, text: trimmed };
}

/** The line that marks a thread message kept among agents; with `teach`, how to reach the requester instead. */
export function keptInternalLine(locale: Locale, teach: boolean): string {
  return t(locale, teach ? 'queues22.thread.keptInternalHint' : 'queues22.thread.keptInternal', { prefix: TO_REQUESTER_PREFIX });
}

// The chat command grammar, the same on every platform: `ticket <verb> …`
// (or `/ticket …`), with Italian aliases for every verb.
import { HelpDeskError } from '../errors.js';
import { parseCode } from '../tickets/codes.js';

export const VERBS = [
  'new', 'status', 'list', 'cancel', 'queue', 'claim', 'next', 'unclaim',
  'reply', 'note', 'priority', 'assign', 'move', 'escalate', 'resolve', 'faq', 'help',
] as const;
export type Verb = (typeof VERBS)[number];

const ALIASES: Readonly<Record<string, Verb>> = {
  new: 'new', nuovo: 'new', apri: 'new', open: 'new',
  status: 'status', stato: 'status',
  list: 'list', lista: 'list', elenco: 'list',
  cancel: 'cancel', annulla: 'cancel',
  queue: 'queue', coda: 'queue',
  claim: 'claim', prendi: 'claim',
  next: 'next', prossimo: 'next',
  unclaim: 'unclaim', rilascia: 'unclaim',
  reply: 'reply', rispondi: 'reply',
  note: 'note', nota: 'note',
  priority: 'priority', priorita: 'priority', 'priorità': 'priority',
  assign: 'assign', assegna: 'assign',
  move: 'move', sposta: 'move', transfer: 'move',
  escalate: 'escalate', scala: 'escalate',
  resolve: 'resolve', risolvi: 'resolve',
  faq: 'faq',
  help: 'help', aiuto: 'help', '?': 'help',
};

export interface Command {
  verb: Verb;
  /** The rest of the text after the verb, trimmed, original case kept. */
  rest: string;
}

const PREFIX = /^\/?ticket(?:\s+|$)/i;

/** True when the text is addressed to the command grammar rather than free text. */
export function isCommandText(text: string): boolean {
  return PREFIX.test(text.trim());
}

/** Parses `ticket <verb> …`; throws COMMAND.UNKNOWN for a verb nobody knows. */
export function parseCommand(text: string): Command {
  const body = text.trim().replace(PREFIX, '');
  const match = /^(\S+)\s*([\s\S]*)$/.exec(body);
  if (!match) return { verb: 'help', rest: '' };
  const word = match[1]!.toLowerCase();
  const verb = ALIASES[word];
  if (!verb) throw new HelpDeskError('COMMAND.UNKNOWN', { command: word.slice(0, 40) });
  return { verb, rest: match[2]!.trim() };
}

/** Splits `CODE rest…`; a missing or malformed code is a usage error naming the verb. */
export function takeCode(rest: string, usage: string): { code: string; remainder: string } {
  const match = /^(\S+)\s*([\s\S]*)$/.exec(rest);
  if (!match) throw new HelpDeskError('COMMAND.USAGE', { usage });
  const code = parseCode(match[1]!);
  if (!code) throw new HelpDeskError('TICKET.BAD_CODE', { input: match[1]!.slice(0, 40) });
  return { code, remainder: match[2]!.trim() };
}

// The chat command grammar, the same on every platform: `ticket <verb> …`
// (or `/ticket …`), with Italian aliases for every verb, read into a Command.
// It only finds the words: whether a code, a department or a priority is
// valid is checked when the command runs, for typed and clicked input alike.
import { HelpDeskError } from '../errors.js';
import type { Command, CommandOf, Verb } from './command.js';
import { USAGE } from './usage.js';

/** The verbs people can type (the others only come from buttons). */
export type TypedVerb = Exclude<Verb, 'confirm' | 'reopen' | 'selfsolve' | 'faq-yes' | 'faq-no' | 'faq-pick' | 'follow-to' | 'follow-new' | `intake-${string}` | 'rate' | `outage-${string}`>;

// A Map, so that a word like `constructor` is unknown rather than Object's own.
const ALIASES: ReadonlyMap<string, TypedVerb> = new Map(
  Object.entries({
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
    link: 'link', collega: 'link',
    unlink: 'unlink', scollega: 'unlink',
  } satisfies Record<string, TypedVerb>),
);

/** Every word that names a typed verb, with its verb: for telling a typo from a request. */
export function commandWords(): ReadonlyMap<string, TypedVerb> {
  return ALIASES;
}

const PREFIX = /^\/?ticket(?:\s+|$)/i;
/** "help" on its own asks for help anywhere commands are read, a ticket's thread included. */
const HELP_ALONE = /^(help|aiuto|\?)[!.?\s]*$/i;

/** `word rest…` -> [word, rest trimmed]; empty input -> ['', '']. */
function splitWord(text: string): [string, string] {
  const match = /^(\S+)\s*([\s\S]*)$/.exec(text.trim());
  return match ? [match[1]!, match[2]!.trim()] : ['', ''];
}

// `ticket new` flags. Only typed text has them: a form's fields arrive as
// arguments, so a description mentioning `--dept` stays text.
const NO_FAQ = /(^|\s)--no-faq(?=\s|$)/;
const DEPT = /(^|\s)--dept\s+(\S+)/;
const URGENCY = /(^|\s)--urgency\s+(\S+)/;
// `ticket resolve CODE --faq <id> [resolution]`: the flag anywhere after the code.
const FAQ_FLAG = /(^|\s)--faq(?:\s+(\S+)|(?=\s|$))/;

function newTicket(rest: string): Command {
  const command: CommandOf<'new'> = { verb: 'new', text: rest.replace(NO_FAQ, ' ').replace(DEPT, ' ').replace(URGENCY, ' ').trim() };
  if (NO_FAQ.test(rest)) command.skipFaq = true;
  const department = DEPT.exec(rest)?.[2];
  if (department) command.department = department;
  const urgency = URGENCY.exec(rest)?.[2];
  if (urgency) command.urgency = urgency;
  return command;
}

// A page of a list: `--page 2` (`--pagina 2`) anywhere, or a number as the last word.
const PAGE_FLAG = /(^|\s)--pag(?:e|ina)\s+(\S+)/i;
const LAST_NUMBER = /(^|\s)(\d+)$/;

/** [page as typed or undefined, the rest without it]. */
function takePage(rest: string): [string | undefined, string] {
  const flag = PAGE_FLAG.exec(rest);
  if (flag) return [flag[2]!, rest.replace(PAGE_FLAG, ' ').trim()];
  const last = LAST_NUMBER.exec(rest);
  if (last) return [last[2]!, rest.slice(0, last.index).trim()];
  return [undefined, rest];
}

function queue(rest: string): Command {
  const [page, words] = takePage(rest);
  const command: CommandOf<'queue'> = { verb: 'queue' };
  if (words) command.department = words;
  if (page !== undefined) command.page = page;
  return command;
}

/** Only a page is read: other words after `list` were always ignored. */
function list(rest: string): Command {
  const [page] = takePage(rest);
  return page === undefined ? { verb: 'list' } : { verb: 'list', page };
}

function faq(rest: string): Command {
  const [sub, args] = splitWord(rest);
  switch (sub.toLowerCase()) {
    case 'add':
    case 'aggiungi': {
      const [question = '', ...answer] = args.split('=');
      return { verb: 'faq', sub: 'add', question: question.trim(), answer: answer.join('=').trim() };
    }
    case 'promote':
    case 'promuovi':
      return { verb: 'faq', sub: 'promote', code: splitWord(args)[0] };
    default:
      throw new HelpDeskError('COMMAND.USAGE', { usage: USAGE.faq });
  }
}

/** Each verb's arguments: a code first where it takes one, then the text after it. */
const ARGUMENTS: Readonly<Record<TypedVerb, (rest: string) => Command>> = {
  new: newTicket,
  status: (rest) => (rest ? { verb: 'status', code: splitWord(rest)[0] } : { verb: 'status' }),
  list,
  cancel: (rest) => {
    const [code, reason] = splitWord(rest);
    return reason ? { verb: 'cancel', code, reason } : { verb: 'cancel', code };
  },
  reply: (rest) => {
    const [code, text] = splitWord(rest);
    return { verb: 'reply', code, text };
  },
  help: () => ({ verb: 'help' }),
  queue,
  next: () => ({ verb: 'next' }),
  claim: (rest) => ({ verb: 'claim', code: splitWord(rest)[0] }),
  unclaim: (rest) => ({ verb: 'unclaim', code: splitWord(rest)[0] }),
  note: (rest) => {
    const [code, text] = splitWord(rest);
    return { verb: 'note', code, text };
  },
  priority: (rest) => {
    const [code, priority] = splitWord(rest);
    return { verb: 'priority', code, priority };
  },
  assign: (rest) => {
    const [code, agent] = splitWord(rest);
    return { verb: 'assign', code, agent };
  },
  move: (rest) => {
    const [code, department] = splitWord(rest);
    return { verb: 'move', code, department };
  },
  escalate: (rest) => {
    const [code, reason] = splitWord(rest);
    return reason ? { verb: 'escalate', code, reason } : { verb: 'escalate', code };
  },
  // Typed, a resolution is always given (maybe empty, which the desk refuses):
  // only the Resolve button leaves it to the desk.
  resolve: (rest) => {
    const [code, after] = splitWord(rest);
    const flag = FAQ_FLAG.exec(after);
    if (!flag) return { verb: 'resolve', code, resolution: after };
    if (!flag[2]) throw new HelpDeskError('COMMAND.USAGE', { usage: USAGE.resolve });
    return { verb: 'resolve', code, resolution: after.replace(FAQ_FLAG, ' ').trim(), faq: flag[2] };
  },
  faq,
  link: (rest) => {
    const [code, after] = splitWord(rest);
    return { verb: 'link', code, parent: splitWord(after)[0] };
  },
  unlink: (rest) => ({ verb: 'unlink', code: splitWord(rest)[0] }),
};

/** True when the text is addressed to the command grammar rather than free text. */
export function isCommandText(text: string): boolean {
  const trimmed = text.trim();
  return PREFIX.test(trimmed) || HELP_ALONE.test(trimmed);
}

/** Reads `ticket <verb> …` (the prefix may be left out); throws COMMAND.UNKNOWN for a verb nobody knows. */
export function parseCommand(text: string): Command {
  const trimmed = text.trim();
  if (HELP_ALONE.test(trimmed)) return { verb: 'help' };
  const [word, rest] = splitWord(trimmed.replace(PREFIX, ''));
  if (!word) return { verb: 'help' };
  const verb = ALIASES.get(word.toLowerCase());
  if (!verb) throw new HelpDeskError('COMMAND.UNKNOWN', { command: word.toLowerCase().slice(0, 40) });
  return ARGUMENTS[verb](rest);
}

/** `new` (any alias) with nothing after it: a platform with a new-ticket form may show it instead. */
export function asksForNewTicketForm(text: string): boolean {
  const [word, rest] = splitWord(text.trim().replace(PREFIX, ''));
  return !rest && ALIASES.get(word.toLowerCase()) === 'new';
}

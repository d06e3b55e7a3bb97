// The chat command grammar, the same on every platform: `ticket <verb> …`
// (or `/ticket …`), with Italian aliases for every verb, read into a Command.
// It only finds the words: whether a code, a department or a priority is
// valid is checked when the command runs, for typed and clicked input alike.
import { HelpDeskError } from '../errors.js';
import type { Command, CommandOf, Verb } from './command.js';
import { USAGE } from './usage.js';

/** The verbs people can type (the others only come from buttons). */
export type TypedVerb = Exclude<Verb, 'confirm' | 'reopen' | 'selfsolve' | 'faq-yes' | 'faq-no' | 'faq-pick' | 'follow-to' | 'follow-new' | `intake-${string}` | 'rate' | `outage-${string}` | `guide-${string}` | `mail-${string}`>;

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
    search: 'search', cerca: 'search',
    stats: 'stats', statistiche: 'stats', report: 'stats',
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
    case 'drafts':
    case 'bozze':
      return { verb: 'faq', sub: 'drafts' };
    case 'draft':
    case 'bozza':
      return { verb: 'faq', sub: 'draft', id: splitWord(args)[0] };
    case 'approve':
    case 'approva':
      return { verb: 'faq', sub: 'approve', id: splitWord(args)[0] };
    case 'dismiss':
    case 'scarta':
      return { verb: 'faq', sub: 'dismiss', id: splitWord(args)[0] };
    case 'edit':
    case 'modifica': {
      const [id, change] = splitWord(args);
      if (!change.includes('=')) return { verb: 'faq', sub: 'edit', id };
      const [questions = '', ...answer] = change.split('=');
      return { verb: 'faq', sub: 'edit', id, questions: questions.trim(), answer: answer.join('=').trim() };
    }
    default:
      throw new HelpDeskError('COMMAND.USAGE', { usage: USAGE.faq });
  }
}

// `ticket search` filters, English or Italian, anywhere among the words.
const SEARCH_FLAGS: ReadonlyMap<string, 'department' | 'priority' | 'agent' | 'requester' | 'from' | 'to'> = new Map([
  ['dept', 'department'], ['reparto', 'department'],
  ['priority', 'priority'], ['priorita', 'priority'], ['priorità', 'priority'],
  ['agent', 'agent'], ['operatore', 'agent'],
  ['requester', 'requester'], ['richiedente', 'requester'],
  ['from', 'from'], ['dal', 'from'],
  ['to', 'to'], ['al', 'to'],
]);
const SEARCH_FLAG = /(^|\s)--(\S+)(?:\s+(?!--)(\S+))?/g;

function search(rest: string): Command {
  const command: CommandOf<'search'> = { verb: 'search', words: '' };
  const words = rest.replace(SEARCH_FLAG, (whole, lead: string, flag: string, value: string | undefined) => {
    const field = SEARCH_FLAGS.get(flag.toLowerCase());
    if (!field) return whole;
    if (!value) throw new HelpDeskError('COMMAND.USAGE', { usage: USAGE.search });
    command[field] = value;
    return lead;
  });
  command.words = words.replace(/\s+/g, ' ').trim();
  return command;
}

const STATS_FLAG = /(?:^|\s)--(since|from|to|dept)(?:\s+|=)(\S+)/g;

/** `stats [--since 7d | --from D --to D] [--dept it]`: flags only; anything else is a usage mistake. */
function stats(rest: string): Command {
  const command: CommandOf<'stats'> = { verb: 'stats' };
  const left = rest.replace(STATS_FLAG, (_m, flag: string, value: string) => {
    if (flag === 'dept') command.department = value;
    else command[flag as 'since' | 'from' | 'to'] = value;
    return ' ';
  });
  if (left.trim()) throw new HelpDeskError('COMMAND.USAGE', { usage: USAGE.stats });
  return command;
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
  search,
  stats,
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

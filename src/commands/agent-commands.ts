// Commands for help desk agents: work the queue and the tickets in it.
import { filesOnlyText } from './files-message.js';
import type { Turn } from '../turn.js';
import { HelpDeskError, isHelpDeskError } from '../errors.js';
import { t } from '../i18n.js';
import type { Agent } from '../ports/people-store.js';
import { reply, viewFor, type Reply, type ReplyForm } from '../replies.js';
import { loadTicket } from '../tickets/change-ticket.js';
import { MAX_TIER, type Ticket } from '../tickets/ticket.js';
import { departmentName } from '../tickets/ticket-words.js';
import { requireAgent, requireWorker } from '../tickets/permissions.js';
import { parsePriority } from '../tickets/priority.js';
import type { CommandOf } from './command.js';
import { requireCode } from './require-code.js';
import { resolveWithFaq } from './faq-learning.js';
import { askForResolution } from './resolve-prompt.js';
import { escalateForm, moveForm, priorityForm } from './ticket-forms.js';
import { PAGE_SIZE, nextPage, pageNumber, queueItem } from './ticket-pages.js';
import * as ops from './ticket-ops.js';
import { USAGE } from './usage.js';
import { solvedLikeThis } from '../archive/solved-like-this.js';

function queueScope(turn: Turn, agent: Agent, dept: string) {
  const all = turn.deps.settings.departments.map((d) => d.id);
  const mine = agent.role === 'agent' ? agent.departments.filter((d) => all.includes(d)) : all;
  if (!dept) return mine;
  if (!mine.includes(dept)) throw new HelpDeskError('AGENT.NOT_IN_DEPARTMENT', { name: agent.name, department: dept });
  return [dept];
}

/** A header, then one reply per waiting ticket with its own Claim button, then the button for the next page. */
export async function showQueue(turn: Turn, command: CommandOf<'queue'>): Promise<Reply[]> {
  const agent = requireAgent(turn.agent, 'queue');
  const dept = (command.department ?? '').trim().toLowerCase();
  const departments = queueScope(turn, agent, dept);
  const pageNo = pageNumber(command.page, USAGE.queue);
  const offset = (pageNo - 1) * PAGE_SIZE;
  const page = await turn.deps.store.queue({ departments, tier: agent.tier, statuses: ['open'], limit: PAGE_SIZE, offset });
  const { locale } = turn;
  if (page.total === 0) return [reply(t(locale, 'queue.empty'))];
  if (page.items.length === 0) return [reply(t(locale, 'queue.pastEnd', { page: pageNo, pages: Math.ceil(page.total / PAGE_SIZE) }))];
  const shown = offset + page.items.length;
  const range = page.total > PAGE_SIZE ? t(locale, 'queue.showing', { from: offset + 1, to: shown }) : '';
  const header = reply(t(locale, 'queue.header', { scope: departments.map((d) => departmentName(locale, d)).join(', '), tier: agent.tier, total: page.total }) + range);
  const items = page.items.map((tk) => queueItem(turn, tk));
  if (shown >= page.total) return [header, ...items];
  return [header, ...items, nextPage(locale, shown, page.total, `queue:p${pageNo + 1}${dept ? `_${dept}` : ''}`)];
}

/** Claims the top of the queue; when someone else is faster, tries the next one. */
export async function claimNext(turn: Turn): Promise<Reply[]> {
  const agent = requireAgent(turn.agent, 'next');
  const departments = queueScope(turn, agent, '');
  for (let round = 0; round < 5; round++) {
    const page = await turn.deps.store.queue({ departments, tier: agent.tier, statuses: ['open'], limit: PAGE_SIZE });
    if (page.items.length === 0) break;
    for (const tk of page.items) {
      try {
        const claimed = await ops.claimTicket(turn, tk.code);
        return [...claimed, ...(await solvedLikeThis(turn, tk.code))];
      } catch (err) {
        if (!isHelpDeskError(err, 'TICKET.ALREADY_CLAIMED') && !isHelpDeskError(err, 'TICKET.ILLEGAL_TRANSITION')) throw err;
      }
    }
  }
  throw new HelpDeskError('QUEUE.EMPTY');
}

export async function claimCommand(turn: Turn, command: CommandOf<'claim'>): Promise<Reply[]> {
  const code = requireCode(command.code, USAGE.claim);
  const claimed = await ops.claimTicket(turn, code);
  return [...claimed, ...(await solvedLikeThis(turn, code))];
}

export async function unclaimCommand(turn: Turn, command: CommandOf<'unclaim'>): Promise<Reply[]> {
  return ops.unclaimTicket(turn, requireCode(command.code, USAGE.unclaim));
}

// The agent-only commands below refuse non-agents before looking at the arguments.

export async function noteCommand(turn: Turn, command: CommandOf<'note'>): Promise<Reply[]> {
  requireAgent(turn.agent, 'note');
  const code = requireCode(command.code, USAGE.note);
  const text = command.text.trim() || filesOnlyText(turn);
  if (!text) throw new HelpDeskError('COMMAND.USAGE', { usage: USAGE.note });
  return ops.addNote(turn, code, text);
}

export async function priorityCommand(turn: Turn, command: CommandOf<'priority'>): Promise<Reply[]> {
  requireAgent(turn.agent, 'priority');
  const code = requireCode(command.code, USAGE.priority);
  // Named without a priority (or a form sent blank): the agent picks one from the list.
  if (!command.priority.trim()) return askInForm(turn, code, 'priority', priorityForm(turn.locale, code));
  const priority = parsePriority(command.priority);
  if (!priority) throw new HelpDeskError('COMMAND.USAGE', { usage: USAGE.priority });
  return ops.changePriority(turn, code, priority);
}

export async function assignCommand(turn: Turn, command: CommandOf<'assign'>): Promise<Reply[]> {
  requireAgent(turn.agent, 'assign');
  const code = requireCode(command.code, USAGE.assign);
  const user = command.agent.trim().replace(/^@/, '').trim();
  if (!user || /\s/.test(user)) throw new HelpDeskError('COMMAND.USAGE', { usage: USAGE.assign });
  return ops.assignTicket(turn, code, user);
}

export async function moveCommand(turn: Turn, command: CommandOf<'move'>): Promise<Reply[]> {
  requireAgent(turn.agent, 'move');
  const code = requireCode(command.code, USAGE.move);
  const department = command.department.trim();
  if (!department) return askInForm(turn, code, 'move', moveForm(turn.locale, code, turn.deps.settings.departments.map((d) => d.id)));
  if (/\s/.test(department)) throw new HelpDeskError('COMMAND.USAGE', { usage: USAGE.move });
  return ops.moveTicket(turn, code, department.toLowerCase());
}

export async function escalateCommand(turn: Turn, command: CommandOf<'escalate'>): Promise<Reply[]> {
  requireAgent(turn.agent, 'escalate');
  const code = requireCode(command.code, USAGE.escalate);
  // The button, or its form sent blank: the agent says why first. Typed, `ticket escalate CODE` alone still acts at once.
  if (command.askReason || (command.reason !== undefined && !command.reason.trim())) {
    return askInForm(turn, code, 'escalate', escalateForm(turn.locale, code), (tk) => {
      if (tk.tier >= MAX_TIER) throw new HelpDeskError('TICKET.MAX_TIER', { code: tk.code, tier: tk.tier });
    });
  }
  return ops.escalateTicket(turn, code, command.reason?.trim() || null);
}

const ASK = { priority: 'forms22.priority.ask', move: 'forms22.move.ask', escalate: 'forms22.escalate.ask' } as const;

/** A command short of what only the agent can say: the form that asks for it, once the agent may act on the ticket at all. */
async function askInForm(turn: Turn, code: string, verb: keyof typeof ASK, form: ReplyForm, check?: (tk: Ticket) => void): Promise<Reply[]> {
  const ticket = await loadTicket(turn.deps.store, code);
  requireWorker(turn.agent, ticket, verb);
  check?.(ticket);
  return [{ ...reply(t(turn.locale, ASK[verb], { code: ticket.code }), viewFor(turn, ticket)), form }];
}

export async function resolveCommand(turn: Turn, command: CommandOf<'resolve'>): Promise<Reply[]> {
  requireAgent(turn.agent, 'resolve');
  const code = requireCode(command.code, USAGE.resolve);
  if (command.faq !== undefined) return resolveWithFaq(turn, code, command.faq, command.resolution?.trim() ?? '');
  // Without a resolution (the button, or the command alone) the agent is asked for one: the requester reads what was done.
  const resolution = command.resolution?.trim() ?? '';
  if (!resolution) return askForResolution(turn, code);
  return ops.resolveTicket(turn, code, resolution);
}

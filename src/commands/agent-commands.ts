// Commands for help desk agents: work the queue and the tickets in it.
import type { Turn } from '../desk.js';
import { HelpDeskError, isHelpDeskError } from '../errors.js';
import { t } from '../i18n.js';
import type { Agent } from '../ports/people-store.js';
import { agentActions, reply, ticketLine, type Reply } from '../replies.js';
import { requireAgent } from '../tickets/permissions.js';
import { parsePriority } from '../tickets/priority.js';
import { takeCode } from './parse-command.js';
import * as ops from './ticket-ops.js';

const QUEUE_PAGE = 10;

function queueScope(turn: Turn, agent: Agent, dept: string) {
  const all = turn.deps.settings.departments.map((d) => d.id);
  const mine = agent.role === 'agent' ? agent.departments.filter((d) => all.includes(d)) : all;
  if (!dept) return mine;
  if (!mine.includes(dept)) throw new HelpDeskError('AGENT.NOT_IN_DEPARTMENT', { name: agent.name, department: dept });
  return [dept];
}

export async function showQueue(turn: Turn, rest: string): Promise<Reply[]> {
  const agent = requireAgent(turn.agent, 'queue');
  const departments = queueScope(turn, agent, rest.toLowerCase());
  const page = await turn.deps.store.queue({ departments, tier: agent.tier, statuses: ['open'], limit: QUEUE_PAGE });
  if (page.total === 0) return [reply(t(turn.locale, 'queue.empty'))];
  const header = t(turn.locale, 'queue.header', { scope: departments.join(', '), tier: agent.tier, total: page.total });
  const lines = page.items.map((tk) => ticketLine(turn.locale, tk));
  if (page.total > page.items.length) lines.push(t(turn.locale, 'queue.more', { count: page.total - page.items.length }));
  const top = page.items[0]!;
  return [reply([header, ...lines].join('\n'), undefined, agentActions(turn.locale, top))];
}

/** Claims the top of the queue; when someone else is faster, tries the next one. */
export async function claimNext(turn: Turn): Promise<Reply[]> {
  const agent = requireAgent(turn.agent, 'next');
  const departments = queueScope(turn, agent, '');
  for (let round = 0; round < 5; round++) {
    const page = await turn.deps.store.queue({ departments, tier: agent.tier, statuses: ['open'], limit: QUEUE_PAGE });
    if (page.items.length === 0) break;
    for (const tk of page.items) {
      try {
        return await ops.claimTicket(turn, tk.code);
      } catch (err) {
        if (!isHelpDeskError(err, 'TICKET.ALREADY_CLAIMED') && !isHelpDeskError(err, 'TICKET.ILLEGAL_TRANSITION')) throw err;
      }
    }
  }
  throw new HelpDeskError('QUEUE.EMPTY');
}

export async function claimCommand(turn: Turn, rest: string): Promise<Reply[]> {
  return ops.claimTicket(turn, takeCode(rest, 'claim CODE').code);
}

export async function unclaimCommand(turn: Turn, rest: string): Promise<Reply[]> {
  return ops.unclaimTicket(turn, takeCode(rest, 'unclaim CODE').code);
}

export async function noteCommand(turn: Turn, rest: string): Promise<Reply[]> {
  requireAgent(turn.agent, 'note');
  const { code, remainder } = takeCode(rest, 'note CODE <text>');
  if (!remainder) throw new HelpDeskError('COMMAND.USAGE', { usage: 'note CODE <text>' });
  return ops.addNote(turn, code, remainder);
}

export async function priorityCommand(turn: Turn, rest: string): Promise<Reply[]> {
  requireAgent(turn.agent, 'priority');
  const usage = 'priority CODE P1|P2|P3|P4';
  const { code, remainder } = takeCode(rest, usage);
  const priority = parsePriority(remainder);
  if (!priority) throw new HelpDeskError('COMMAND.USAGE', { usage });
  return ops.changePriority(turn, code, priority);
}

export async function assignCommand(turn: Turn, rest: string): Promise<Reply[]> {
  requireAgent(turn.agent, 'assign');
  const usage = 'assign CODE @user';
  const { code, remainder } = takeCode(rest, usage);
  const user = remainder.replace(/^@/, '').trim();
  if (!user || /\s/.test(user)) throw new HelpDeskError('COMMAND.USAGE', { usage });
  return ops.assignTicket(turn, code, user);
}

export async function moveCommand(turn: Turn, rest: string): Promise<Reply[]> {
  requireAgent(turn.agent, 'move');
  const usage = 'move CODE <department>';
  const { code, remainder } = takeCode(rest, usage);
  if (!remainder || /\s/.test(remainder)) throw new HelpDeskError('COMMAND.USAGE', { usage });
  return ops.moveTicket(turn, code, remainder.toLowerCase());
}

export async function escalateCommand(turn: Turn, rest: string): Promise<Reply[]> {
  requireAgent(turn.agent, 'escalate');
  const { code, remainder } = takeCode(rest, 'escalate CODE [reason]');
  return ops.escalateTicket(turn, code, remainder || null);
}

export async function resolveCommand(turn: Turn, rest: string): Promise<Reply[]> {
  requireAgent(turn.agent, 'resolve');
  const usage = 'resolve CODE <resolution>';
  const { code, remainder } = takeCode(rest, usage);
  if (!remainder) throw new HelpDeskError('COMMAND.USAGE', { usage });
  return ops.resolveTicket(turn, code, remainder);
}

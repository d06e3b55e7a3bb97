// Commands for help desk agents: work the queue and the tickets in it.
import type { Turn } from '../turn.js';
import { HelpDeskError, isHelpDeskError } from '../errors.js';
import { t } from '../i18n.js';
import type { Agent } from '../ports/people-store.js';
import { agentActions, reply, ticketLine, type Reply } from '../replies.js';
import { requireAgent } from '../tickets/permissions.js';
import { parsePriority } from '../tickets/priority.js';
import type { CommandOf } from './command.js';
import { requireCode } from './require-code.js';
import { askForResolution } from './resolve-prompt.js';
import * as ops from './ticket-ops.js';
import { USAGE } from './usage.js';

const QUEUE_PAGE = 10;

function queueScope(turn: Turn, agent: Agent, dept: string) {
  const all = turn.deps.settings.departments.map((d) => d.id);
  const mine = agent.role === 'agent' ? agent.departments.filter((d) => all.includes(d)) : all;
  if (!dept) return mine;
  if (!mine.includes(dept)) throw new HelpDeskError('AGENT.NOT_IN_DEPARTMENT', { name: agent.name, department: dept });
  return [dept];
}

export async function showQueue(turn: Turn, command: CommandOf<'queue'>): Promise<Reply[]> {
  const agent = requireAgent(turn.agent, 'queue');
  const departments = queueScope(turn, agent, (command.department ?? '').trim().toLowerCase());
  const page = await turn.deps.store.queue({ departments, tier: agent.tier, statuses: ['open'], limit: QUEUE_PAGE });
  if (page.total === 0) return [reply(t(turn.locale, 'queue.empty'))];
  const header = t(turn.locale, 'queue.header', { scope: departments.join(', '), tier: agent.tier, total: page.total });
  const lines = page.items.map((tk) => ticketLine(turn.locale, tk, turn.deps.settings.slaTargets));
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

export async function claimCommand(turn: Turn, command: CommandOf<'claim'>): Promise<Reply[]> {
  return ops.claimTicket(turn, requireCode(command.code, USAGE.claim));
}

export async function unclaimCommand(turn: Turn, command: CommandOf<'unclaim'>): Promise<Reply[]> {
  return ops.unclaimTicket(turn, requireCode(command.code, USAGE.unclaim));
}

// The agent-only commands below refuse non-agents before looking at the arguments.

export async function noteCommand(turn: Turn, command: CommandOf<'note'>): Promise<Reply[]> {
  requireAgent(turn.agent, 'note');
  const code = requireCode(command.code, USAGE.note);
  const text = command.text.trim();
  if (!text) throw new HelpDeskError('COMMAND.USAGE', { usage: USAGE.note });
  return ops.addNote(turn, code, text);
}

export async function priorityCommand(turn: Turn, command: CommandOf<'priority'>): Promise<Reply[]> {
  requireAgent(turn.agent, 'priority');
  const code = requireCode(command.code, USAGE.priority);
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
  if (!department || /\s/.test(department)) throw new HelpDeskError('COMMAND.USAGE', { usage: USAGE.move });
  return ops.moveTicket(turn, code, department.toLowerCase());
}

export async function escalateCommand(turn: Turn, command: CommandOf<'escalate'>): Promise<Reply[]> {
  requireAgent(turn.agent, 'escalate');
  const code = requireCode(command.code, USAGE.escalate);
  return ops.escalateTicket(turn, code, command.reason?.trim() || null);
}

export async function resolveCommand(turn: Turn, command: CommandOf<'resolve'>): Promise<Reply[]> {
  requireAgent(turn.agent, 'resolve');
  const code = requireCode(command.code, USAGE.resolve);
  // Without a resolution (the button, or the command alone) the agent is asked for one: the requester reads what was done.
  const resolution = command.resolution?.trim() ?? '';
  if (!resolution) return askForResolution(turn, code);
  return ops.resolveTicket(turn, code, resolution);
}

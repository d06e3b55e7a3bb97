// Who may do what to a ticket. Pure: the agent record and the ticket decide.
import { HelpDeskError } from '../errors.js';
import { sameParticipant, type Participant } from '../events.js';
import type { Agent } from '../ports/people-store.js';
import type { Ticket } from './ticket.js';

export function worksOn(agent: Agent | null, department: string): boolean {
  return !!agent && (agent.role !== 'agent' || agent.departments.includes(department));
}

/** The caller must be an agent; `command` names what they tried, for the refusal. */
export function requireAgent(agent: Agent | null, command: string): Agent {
  if (!agent) throw new HelpDeskError('AUTH.AGENT_ONLY', { command });
  return agent;
}

export function requireWorker(agent: Agent | null, ticket: Ticket, command: string): Agent {
  const a = requireAgent(agent, command);
  if (!worksOn(a, ticket.department)) {
    throw new HelpDeskError('AGENT.NOT_IN_DEPARTMENT', { name: a.name, department: ticket.department });
  }
  return a;
}

export function isRequester(from: Pick<Participant, 'platform' | 'userId'>, ticket: Ticket): boolean {
  return sameParticipant(from, ticket.requester);
}

/** Requesters see only their own tickets: anyone else's is "not found", not "forbidden". */
export function requireVisible(from: Participant, agent: Agent | null, ticket: Ticket): void {
  if (!isRequester(from, ticket) && !worksOn(agent, ticket.department)) {
    throw new HelpDeskError('TICKET.NOT_FOUND', { code: ticket.code });
  }
}

export function requireRequester(from: Participant, ticket: Ticket): void {
  if (!isRequester(from, ticket)) throw new HelpDeskError('TICKET.NOT_FOUND', { code: ticket.code });
}

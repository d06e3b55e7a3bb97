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

type Identity = Pick<Participant, 'platform' | 'userId'>;

/**
 * Who asks, as a requester: one identity, or all of one person's (their
 * identities on every channel, see people/selves.ts). Agents' rights never
 * come from it: they follow the agent record alone.
 */
export type Asker = Identity | readonly Identity[];

export function isRequester(asker: Asker, ticket: Ticket): boolean {
  const selves: readonly Identity[] = isOne(asker) ? [asker] : asker;
  return selves.some((self) => sameParticipant(self, ticket.requester));
}

const isOne = (asker: Asker): asker is Identity => !Array.isArray(asker);

/** Requesters see only their own tickets: anyone else's is "not found", not "forbidden". */
export function requireVisible(asker: Asker, agent: Agent | null, ticket: Ticket): void {
  if (!isRequester(asker, ticket) && !worksOn(agent, ticket.department)) {
    throw new HelpDeskError('TICKET.NOT_FOUND', { code: ticket.code });
  }
}

export function requireRequester(asker: Asker, ticket: Ticket): void {
  if (!isRequester(asker, ticket)) throw new HelpDeskError('TICKET.NOT_FOUND', { code: ticket.code });
}

// Who may open a file on a ticket: its requester (never an internal note's
// file), the agents of its department at its tier or above, whoever holds it
// or sent the file, and leads. Anyone else is told the file does not exist,
// as with tickets: "forbidden" would confirm a guessed code.
import { sameParticipant, type Participant } from '../events.js';
import type { Agent } from '../ports/people-store.js';
import { isRequester, type Asker } from '../tickets/permissions.js';
import type { Ticket } from '../tickets/ticket.js';
import type { TicketFile } from './attachment.js';

/** `selves`: the person's identities on every channel (people/selves.ts), for the requester's right; the person alone when not given. */
export function mayOpenFile(person: Pick<Participant, 'platform' | 'userId'>, agent: Agent | null, ticket: Ticket, file: TicketFile, selves: Asker = person): boolean {
  if (sameParticipant(person, file.by) || sameParticipant(person, ticket.assignee)) return true;
  if (isRequester(selves, ticket)) return !file.internal;
  if (!agent) return false;
  if (agent.role !== 'agent') return true;
  return agent.departments.includes(ticket.department) && agent.tier >= ticket.tier;
}

/** The ticket's file with that id that `person` may open, or null. */
export function fileOnTicket(person: Pick<Participant, 'platform' | 'userId'>, agent: Agent | null, ticket: Ticket, fileId: string, selves: Asker = person): TicketFile | null {
  const file = (ticket.files ?? []).find((f) => f.id === fileId && mayOpenFile(person, agent, ticket, f, selves));
  return file ?? null;
}

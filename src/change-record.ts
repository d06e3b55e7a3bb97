// What one committed ticket change means for everyone but the person who made
// it: written to the outbox in the same commit as the change, then delivered by
// each channel. Plain data (it is stored as JSON and read back after a restart).
import type { Reply, Outbound } from './replies.js';
import type { EventKind, PersonRef, Ticket } from './tickets/ticket.js';

/** Where a change came from, so a channel can skip echoing a message back where it was typed. */
export interface ChangeOrigin {
  /** The channel the actor used (web, slack, teams, discord, system). */
  channel: string;
  person: PersonRef;
  /** The platform's delivery id of the message or press that caused it. */
  eventId?: string;
  /** The platform place it was typed in (a card's thread), as the channel names it. */
  place?: string;
}

export interface ChangeRecord {
  /** `<code>#<version>`: one record per committed change, unique in the store. */
  id: string;
  at: number;
  /** The ticket as the change left it. */
  ticket: Ticket;
  event: { kind: EventKind; text: string | null; actor: PersonRef };
  /** The assignee before the change (their views stop showing the ticket). */
  previousAssignee: PersonRef | null;
  /** Messages for people and teams, in the order they should arrive. */
  outbound: Outbound[];
  /** The ticket as agents see it now, with the buttons that apply (a triage card). */
  card: Reply;
  origin: ChangeOrigin;
}

/** Whose own views (a home tab, a ticket list) show the record's ticket. */
export function peopleConcerned(record: ChangeRecord): PersonRef[] {
  const { ticket, previousAssignee } = record;
  return [ticket.requester, ...(ticket.assignee ? [ticket.assignee] : []), ...(previousAssignee ? [previousAssignee] : [])];
}

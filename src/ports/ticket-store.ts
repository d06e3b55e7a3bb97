import type { ChangeRecord } from '../change-record.js';
import type { EventDraft, NewTicket, PersonRef, Priority, Ticket, TicketEvent, TicketStatus, Tier } from '../tickets/ticket.js';

export interface QueueQuery {
  departments: readonly string[];
  /** Omitted: every tier. */
  tier?: Tier;
  statuses?: readonly TicketStatus[];
  /** Omitted: anyone's. Null: nobody's (unassigned). A person: theirs. */
  assignee?: Pick<PersonRef, 'platform' | 'userId'> | null;
  limit: number;
  offset?: number;
}

/** Builds the outbox record of a change once the store knows the ticket's code and version. Pure and synchronous. */
export type RecordOf = (saved: Ticket) => ChangeRecord;

/**
 * A ticket an agent re-routed (`moved`) or re-prioritised (`priority_changed`):
 * the requester's wording and where the ticket stands now, which is the label
 * (a move undone by a move back teaches the original department). A field is
 * null when agents never changed it.
 */
export interface TriageCorrection {
  code: string;
  text: string;
  department: string | null;
  priority: Priority | null;
  /** When an agent last changed either. */
  at: number;
}

export interface Page<T> {
  items: T[];
  total: number;
}

/**
 * Tickets and their event log. Every write is atomic in the store: `create`
 * takes the next code from a store-side sequence, `update` succeeds only when
 * the stored version still equals `expectedVersion` and otherwise throws a
 * HelpDeskError STORE.CONFLICT, so the caller re-reads and decides again.
 * `record`, when given, is called with the ticket as written and its result is
 * put in the outbox in the same commit (nothing is written when the change is not).
 */
export interface TicketStore {
  create(draft: NewTicket, prefix: string, event: EventDraft, record?: RecordOf): Promise<Ticket>;
  get(code: string): Promise<Ticket | null>;
  update(next: Ticket, expectedVersion: number, event: EventDraft, record?: RecordOf): Promise<Ticket>;
  /** The transcript and audit trail, oldest first. */
  events(code: string): Promise<TicketEvent[]>;
  /** Ordered by priority, SLA due time, age. */
  queue(query: QueueQuery): Promise<Page<Ticket>>;
  /** A requester's tickets, newest first. */
  byRequester(platform: string, userId: string, query: { statuses?: readonly TicketStatus[]; limit: number }): Promise<Ticket[]>;
  countByStatus(): Promise<Record<TicketStatus, number>>;
  /**
   * When the requester's newest tickets were opened, for those opened after
   * `since` (whatever their state now): newest first, at most `limit`. Counts
   * what every instance opened, and survives a restart.
   */
  openedSince(requester: Pick<PersonRef, 'platform' | 'userId'>, since: number, limit: number): Promise<number[]>;
  /**
   * Tickets whose SLA clock has a rule due at or before `now` (`sla.nextAt`), by that
   * instant then code, at most `limit`; `after` is the last ticket of the page before.
   * Served by an index: a sweep when nothing is due reads nothing.
   */
  slaDue(now: number, limit: number, after?: { at: number; code: string }): Promise<Ticket[]>;
  /**
   * Closed and cancelled tickets whose `closedAt` is in [from, to), oldest closing first (then by code),
   * at most `limit`; `after` is the last ticket of the page before. Served by an index.
   */
  closedBetween(window: { from: number; to: number }, limit: number, after?: { at: number; code: string }): Promise<Ticket[]>;
  /** Tickets agents corrected, derived from the event log: the latest corrected first, at most `limit`. */
  triageCorrections(limit: number): Promise<TriageCorrection[]>;
  /** The tickets linked to any of `parents` (outages' reports), whatever their state, by code, at most `limit`. Served by an index. */
  linkedTo(parents: readonly string[], limit: number): Promise<Ticket[]>;
  /**
   * Open outages: tickets not yet resolved (open, in progress, waiting) that at least one
   * active ticket is linked to, by code, at most `limit`. Served by an index of the linked tickets.
   */
  openParents(limit: number): Promise<Ticket[]>;
}

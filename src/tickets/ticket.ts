import type { Participant } from '../events.js';

export const STATUSES = ['open', 'in_progress', 'waiting_user', 'resolved', 'closed', 'cancelled'] as const;
export type TicketStatus = (typeof STATUSES)[number];

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

export type Tier = 1 | 2 | 3;
export const MAX_TIER: Tier = 3;

/** Who a ticket belongs to or is worked by: enough to address them on their platform. */
export type PersonRef = Pick<Participant, 'platform' | 'userId' | 'name' | 'locale'>;

export interface Ticket {
  code: string;
  department: string;
  seq: number;
  tier: Tier;
  status: TicketStatus;
  priority: Priority;
  title: string;
  description: string;
  requester: PersonRef;
  assignee: PersonRef | null;
  /** The agent who last resolved it: told when the requester says it is still broken. */
  resolvedBy: PersonRef | null;
  resolution: string | null;
  /** FAQ entry the requester tried before the ticket was opened, if any. */
  faqTried: string | null;
  channel: string;
  createdAt: number;
  updatedAt: number;
  dueAt: number;
  /** Bumped by every change; stores accept a write only against the version read. */
  version: number;
}

export type NewTicket = Omit<Ticket, 'code' | 'seq' | 'version'>;

export const EVENT_KINDS = [
  'created',
  'claimed',
  'unclaimed',
  'assigned',
  'reply',
  'message',
  'note',
  'priority_changed',
  'moved',
  'escalated',
  'resolved',
  'confirmed',
  'auto_closed',
  'self_solved',
  'reopened',
  'cancelled',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** One line of a ticket's transcript and audit trail. */
export interface TicketEvent {
  ticketCode: string;
  /** The ticket version this event produced. */
  version: number;
  at: number;
  kind: EventKind;
  actor: PersonRef;
  channel: string;
  text: string | null;
  data: Record<string, string | number | null>;
}

export type EventDraft = Omit<TicketEvent, 'ticketCode' | 'version'>;

/** The part of a ticket that replies show to people: ids for machines, labels in the reader's language for people. */
export interface TicketView {
  code: string;
  status: TicketStatus;
  priority: Priority;
  department: string;
  tier: Tier;
  /** The assignee's user id. */
  assignee?: string;
  statusLabel: string;
  /** "P2 – high, expected response within 8 h". */
  priorityLabel: string;
  departmentName: string;
  assigneeName?: string;
  /** The language the labels are in, for a renderer that names the fields too. */
  locale?: 'it' | 'en';
}

/** The words a view carries, computed for one reader (see ticket-words.ts). */
export type TicketLabels = Pick<TicketView, 'statusLabel' | 'priorityLabel' | 'departmentName' | 'assigneeName' | 'locale'>;

export function toTicketView(t: Ticket, labels: TicketLabels): TicketView {
  const view: TicketView = {
    code: t.code,
    status: t.status,
    priority: t.priority,
    department: t.department,
    tier: t.tier,
    statusLabel: labels.statusLabel,
    priorityLabel: labels.priorityLabel,
    departmentName: labels.departmentName,
  };
  if (t.assignee) view.assignee = t.assignee.userId;
  if (labels.assigneeName !== undefined) view.assigneeName = labels.assigneeName;
  if (labels.locale) view.locale = labels.locale;
  return view;
}

export const ACTIVE_STATUSES: readonly TicketStatus[] = ['open', 'in_progress', 'waiting_user', 'resolved'];

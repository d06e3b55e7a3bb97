import type { Participant } from '../events.js';
import type { TicketSla } from '../sla/ticket-clock.js';
import type { SlaState } from '../sla/sla-words.js';
import type { TicketReportFacts } from '../reports/report-facts.js';
import type { TicketFile } from '../files/attachment.js';
import type { GuideTrail } from '../faq/guide-run.js';

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
  /** When the target the ticket races now falls due (the first response, then the resolution): the queue's order. */
  dueAt: number;
  /** Its SLA clock (absent on tickets opened before the desk kept one). */
  sla?: TicketSla;
  /** When it became closed or cancelled (absent while it is active, and on tickets closed before the desk noted it). */
  closedAt?: number;
  /** The requester's answer to "how did we do?", once, after it closed. */
  rating?: TicketRating;
  /** The code of the ticket this one is "the same problem" as (an outage's parent): its replies and resolution reach this requester too. */
  linkedTo?: string;
  /** The delivery id of the mail that opened it: a desk stopped before answering that mail finds its ticket by it. */
  origin?: string;
  /** What the reports count that only the desk can work out (business times, reopenings); absent on tickets from before it kept them. */
  report?: TicketReportFacts;
  /** When retention pseudonymised its requester (PRIVACY_RETENTION_DAYS): done once. */
  pseudonymisedAt?: number;
  /** Files sent on it by either side, oldest first (the bytes are in the store's FileStore). */
  files?: TicketFile[];
  /** The guided fix the requester followed before it opened: the steps tried and the answers given. */
  guide?: GuideTrail;
  /** Bumped by every change; stores accept a write only against the version read. */
  version: number;
}

export type NewTicket = Omit<Ticket, 'code' | 'seq' | 'version'>;

export interface TicketRating {
  /** 1 (bad) to 5 (very good). */
  score: 1 | 2 | 3 | 4 | 5;
  comment?: string;
  at: number;
}

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
  // Done by the desk itself when a rule of the SLA policy falls due (data.rule names it).
  'sla_reminder',
  'sla_breached',
  'paged',
  'waiting_reminder',
  'closed_unanswered',
  // The desk set a ticket's SLA clock afresh: one opened before it kept one, or one whose policy changed under it.
  'sla_clock_set',
  // The ticket became a source of an FAQ draft (data.draft names it); its department's leads were told then.
  'faq_drafted',
  // The requester's rating after it closed (data.score), and the comment they added to it (text).
  'rated',
  // Outages: tied to a parent as the same problem (data.parent), and untied.
  'linked',
  'unlinked',
  // Someone's personal data was erased or pseudonymised in this ticket (src/privacy/).
  'pseudonymised',
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

/** Someone a card names: a renderer mentions them where the reader is on the same platform, and names them elsewhere. */
export interface CardPerson {
  platform: string;
  id: string;
  name: string;
}

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
  /** "P3 – normal, first response within 4 business hours": the level and what the department's policy promises for it. */
  priorityLabel: string;
  departmentName: string;
  assigneeName?: string;
  /** The language the labels are in, for a renderer that names the fields too. */
  locale?: 'it' | 'en';
  /** The ticket's summary, as the requester wrote it. */
  title?: string;
  requester?: CardPerson;
  /** The assignee as a person (the name is what a card shows; the id lets the same platform mention them). */
  assigneePerson?: CardPerson;
  /** When the desk's promised response falls due (ms since epoch): only while someone still owes one. */
  dueAt?: number;
  /** The same moment in words any platform can show (UTC), where a native date cannot be drawn. */
  dueLabel?: string;
  /** Where the ticket stands against the SLA target it races now, when the view was made; absent when nothing is owed. */
  slaState?: SlaState;
  /** The same in words at that moment: "first response due in 40 min", "resolution breached 2 h ago", "paused: waiting for the requester". */
  slaLabel?: string;
  /**
   * The words before the due moment for a platform that draws the moment itself and keeps
   * it current ("first response due" + "in 40 minutes"): a card read hours later stays true.
   */
  slaLead?: string;
  /** Where the ticket was opened, by name ("Slack", "web chat"). */
  channel?: string;
  channelName?: string;
}

/** The words a view carries, computed for one reader (see ticket-words.ts). */
export type TicketLabels = Pick<TicketView, 'statusLabel' | 'priorityLabel' | 'departmentName' | 'assigneeName' | 'locale' | 'channelName' | 'slaState' | 'slaLabel' | 'slaLead'>;

/** Statuses in which the requester still waits on the desk, so a due time means something. */
const DUE_STATUSES: readonly TicketStatus[] = ['open', 'in_progress'];

/** A moment as "2026-11-30 14:05 UTC": the same for every reader, whatever their platform can draw. */
export function utcLabel(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const cardPerson = (p: PersonRef): CardPerson => ({ platform: p.platform, id: p.userId, name: p.name || p.userId });

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
  view.title = t.title;
  view.requester = cardPerson(t.requester);
  if (t.assignee) view.assigneePerson = cardPerson(t.assignee);
  if (DUE_STATUSES.includes(t.status) && Number.isFinite(t.dueAt)) {
    view.dueAt = t.dueAt;
    view.dueLabel = utcLabel(t.dueAt);
  }
  if (labels.slaState && labels.slaLabel && labels.slaLead) {
    view.slaState = labels.slaState;
    view.slaLabel = labels.slaLabel;
    view.slaLead = labels.slaLead;
  }
  view.channel = t.channel;
  if (labels.channelName !== undefined) view.channelName = labels.channelName;
  return view;
}

export const ACTIVE_STATUSES: readonly TicketStatus[] = ['open', 'in_progress', 'waiting_user', 'resolved'];

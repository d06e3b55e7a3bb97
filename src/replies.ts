// Neutral reply values. Adapters render them; every reply has plain text, so a
// platform that cannot show buttons or cards still says everything.
import type { Locale } from './events.js';
import type { Attachment } from './files/attachment.js';
import { HelpDeskError } from './errors.js';
import { hasKey, t } from './i18n.js';
import { slaSettingsOf } from './sla/desk-sla.js';
import { expectedResponse, slaWords, type SlaReading } from './sla/sla-words.js';
import type { Turn } from './turn.js';
import { STATUSES, toTicketView, type PersonRef, type Ticket, type TicketStatus, type TicketView, type Tier } from './tickets/ticket.js';
import { departmentName, priorityLabel, readingOr, statusLabel, ticketLabels, type Reader } from './tickets/ticket-words.js';
import { guideTriedLine } from './faq/guide-words.js';
import { isRequester, type Asker } from './tickets/permissions.js';
import { selves } from './people/selves.js';

export interface ReplyAction {
  /** `verb:argument`, e.g. `claim:IT-42`; fed back as an action event. */
  id: string;
  label: string;
}

/** A short form the person may fill in instead of typing: a modal, card inputs or a web form, as the platform has. */
export interface ReplyForm {
  /** `verb:argument` like an action's; the filled-in values come back with it (see commandFromForm). */
  id: string;
  title: string;
  /** The button that opens the form where it cannot sit in the message itself (a modal). */
  openLabel: string;
  submitLabel: string;
  fields: FormField[];
}

/** One choice of a select field: the value sent back, the words shown. */
export interface FormOption {
  value: string;
  label: string;
}

export interface FormField {
  id: string;
  label: string;
  /** `select`: one of `options` is picked (a menu, a choice set); text otherwise. */
  kind?: 'text' | 'select';
  options?: FormOption[];
  placeholder?: string;
  multiline?: boolean;
  /** Absent or false: the field is required, and the platform marks it so where it can. */
  optional?: boolean;
  /** Filled in already (a message the ticket is made from), the person may change it. */
  value?: string;
}

export interface Reply {
  text: string;
  ticket?: TicketView;
  actions?: ReplyAction[];
  /** Offered next to the text; whoever cannot show it reads the text, which says what to write instead. */
  form?: ReplyForm;
  /** Only the person who asked should see it (errors, private results). */
  ephemeral?: boolean;
  /** Carries a secret (a sign-in link): never written to the store on its way, so it reaches this instance's connections only. */
  secret?: true;
  /** Files that travel with the message: each channel uploads them its own way, or links them where it cannot. */
  files?: Attachment[];
  /**
   * The desk could not handle the event (its store, a fault): nothing was done. A
   * channel that can hand the event over again later (a mailbox) does that instead.
   */
  failed?: true;
}

export type Recipient =
  | { kind: 'person'; person: PersonRef }
  /** The agents of a department at a tier (a triage channel, or each agent). */
  | { kind: 'team'; department: string; tier: Tier; agents: PersonRef[] };

export interface Outbound {
  to: Recipient;
  /** For a team, in the desk's language: what a place every agent reads (a triage channel) shows. */
  reply: Reply;
  /** For a team, the same message in each other language its agents read: each agent is pushed their own. */
  inLocales?: { locale: Locale; reply: Reply }[];
  /** For whoever acted, when the recipient cannot be reached on their platform. */
  ifUnreachable?: Reply;
}

/** What one reader of an outbound gets: the rendering in their language when there is one. */
export function replyFor(out: Outbound, locale: Locale | undefined): Reply {
  return out.inLocales?.find((r) => r.locale === locale)?.reply ?? out.reply;
}

/**
 * A ticket as one reader sees it at `reading`'s moment: its fields in their language, the
 * priority with what the department's policy promises, where it stands against its target.
 */
export function ticketView(locale: Locale, tk: Ticket, reading?: SlaReading, reader: Reader = 'requester'): TicketView {
  return toTicketView(tk, ticketLabels(locale, tk, reading, reader));
}

/** The desk's SLA settings and the turn's moment: what every view made in a turn is read against. */
export function readingOf(turn: Pick<Turn, 'deps' | 'now'>): SlaReading {
  return { sla: slaSettingsOf(turn.deps.settings), now: turn.now };
}

/** The requester reads their ticket as theirs; anyone else who may see it works on it. */
export function readerOf(who: Asker, tk: Ticket): Reader {
  return isRequester(who, tk) ? 'requester' : 'staff';
}

/** The ticket as whoever asked this turn reads it. */
export function viewFor(turn: Turn, tk: Ticket): TicketView {
  return ticketView(turn.locale, tk, readingOf(turn), readerOf(selves(turn), tk));
}

/** What the requester of a ticket just opened is told: its code, priority and department, and when to expect a first answer; `answer`: an FAQ answer that may already solve it. */
export function openedText(turn: Turn, tk: Ticket, view: TicketView, answer?: string): string {
  const params = { code: tk.code, priority: view.priorityLabel, department: view.departmentName, expect: expectedResponse(turn.locale, tk, readingOf(turn)) };
  return answer === undefined ? t(turn.locale, 'slatime.created', params) : t(turn.locale, 'slatime.created.suggestion', { ...params, answer });
}

export function reply(text: string, ticket?: TicketView, actions?: ReplyAction[]): Reply {
  const out: Reply = { text };
  if (ticket) out.ticket = ticket;
  if (actions && actions.length > 0) out.actions = actions;
  return out;
}

export function statusName(locale: Locale, status: TicketStatus): string {
  return statusLabel(locale, status);
}

function isStatus(value: string | number): value is TicketStatus {
  return (STATUSES as readonly (string | number)[]).includes(value);
}

/** Error params that hold a ticket state; the others (what the person typed among them) are shown as they are. */
const STATE_PARAMS = new Set(['status', 'from', 'to']);

export function errorReply(locale: Locale, err: HelpDeskError): Reply {
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(err.params)) params[k] = STATE_PARAMS.has(k) && isStatus(v) ? statusName(locale, v) : v;
  const key = `error.${err.code}`;
  return { text: hasKey(key) ? t(locale, key, params) : err.code, ephemeral: true };
}

/** One line for a ticket: its fields and, while the desk owes work, where it stands against its target. */
export function ticketLine(locale: Locale, tk: Ticket, reading?: SlaReading, reader: Reader = 'requester'): string {
  const at = readingOr(reading, tk);
  const sla = slaWords(locale, tk, at, reader);
  return t(locale, 'slatime.line', {
    code: tk.code,
    status: statusLabel(locale, tk.status, reader),
    priority: priorityLabel(locale, tk.priority, { sla: at.sla, department: tk.department }),
    sla: sla ? ` · ${sla.label}` : '',
    department: departmentName(locale, tk.department),
    tier: tk.tier,
    assignee: tk.assignee ? t(locale, 'ticket.assignee', { name: tk.assignee.name }) : '',
    title: tk.title,
  });
}

export function ticketCard(locale: Locale, tk: Ticket, reading?: SlaReading): Reply {
  const lines = [ticketLine(locale, tk, reading, 'staff'), t(locale, 'card.requester', { name: tk.requester.name, platform: tk.requester.platform })];
  // What the requester already tried, so the first answer does not ask it again.
  if (tk.guide) lines.push(guideTriedLine(locale, tk.guide));
  const text = lines.join('\n');
  return reply(text, ticketView(locale, tk, reading, 'staff'), agentActions(locale, tk));
}

/** The buttons an agent sees on a ticket, depending on where it stands. */
export function agentActions(locale: Locale, tk: Ticket): ReplyAction[] {
  const actions: ReplyAction[] = [];
  if (tk.status === 'open') actions.push({ id: `claim:${tk.code}`, label: t(locale, 'action.claim') });
  if (tk.status !== 'resolved' && tk.status !== 'closed' && tk.status !== 'cancelled') {
    if (tk.tier < 3) actions.push({ id: `escalate:${tk.code}`, label: t(locale, 'action.escalate') });
    actions.push({ id: `resolve:${tk.code}`, label: t(locale, 'action.resolve') });
  }
  return actions;
}

export function confirmActions(locale: Locale, code: string): ReplyAction[] {
  return [
    { id: `confirm:${code}`, label: t(locale, 'action.confirm') },
    { id: `reopen:${code}`, label: t(locale, 'action.reopen') },
  ];
}

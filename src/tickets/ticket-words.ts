// The words a person reads for a ticket's fields: status, priority with the
// response the desk promises, department and assignee by name, never by id, and
// where the ticket stands against its SLA target.
import type { Locale } from '../events.js';
import { hasKey, t, type MessageKey } from '../i18n.js';
import type { SlaSettings } from '../sla/sla-config-schema.js';
import { defaultSlaSettings, firstResponsePromise, slaWords, type SlaReading } from '../sla/sla-words.js';
import type { Priority, Ticket, TicketLabels, TicketStatus } from './ticket.js';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Who reads a ticket: "waiting for you" is the requester's; agents read that it waits for the requester. */
export type Reader = 'requester' | 'staff';

export function statusLabel(locale: Locale, status: TicketStatus, reader: Reader = 'requester'): string {
  return reader === 'staff' && status === 'waiting_user' ? t(locale, 'status.waiting_user.staff') : t(locale, `status.${status}`);
}

/** A known department by its full name; one the desk does not name is shown as configured. */
export function departmentName(locale: Locale, id: string): string {
  const key = `words.department.${id}`;
  return hasKey(key) ? t(locale, key) : id;
}

/** A span as people say it: whole days from two days up, hours from one, minutes below. */
export function spanWords(locale: Locale, ms: number): string {
  if (ms >= 2 * DAY && ms % DAY === 0) return t(locale, 'words.span.days', { n: ms / DAY });
  if (ms >= HOUR) return t(locale, 'words.span.hours', { n: Math.round((ms / HOUR) * 10) / 10 });
  return t(locale, 'words.span.minutes', { n: Math.max(1, Math.round(ms / MINUTE)) });
}

/** Whose policy a priority's promise is read from; absent, the desk's defaults. */
export interface PromiseOf {
  readonly sla: SlaSettings;
  readonly department: string;
}

/** "P3 – normal, first response within 4 business hours": the level in words and what the department's policy promises for it. */
export function priorityLabel(locale: Locale, priority: Priority, of?: PromiseOf): string {
  return t(locale, 'slatime.priority', {
    priority,
    level: t(locale, `words.priority.${priority}`),
    within: firstResponsePromise(locale, priority, of?.sla ?? defaultSlaSettings(), of?.department ?? ''),
  });
}

/** A view made without a reading is read at the ticket's last change, against the default policies. */
export function readingOr(reading: SlaReading | undefined, tk: Pick<Ticket, 'updatedAt'>): SlaReading {
  return reading ?? { sla: defaultSlaSettings(), now: tk.updatedAt };
}

/** Who works on the ticket, by the name they go by. */
export function assigneeName(tk: Pick<Ticket, 'assignee'>): string | undefined {
  return tk.assignee ? tk.assignee.name || tk.assignee.userId : undefined;
}

/** Everything a ticket view shows a person, in their language, read at `reading`'s moment. */
export function ticketLabels(locale: Locale, tk: Ticket, reading?: SlaReading, reader: Reader = 'requester'): TicketLabels {
  const at = readingOr(reading, tk);
  const labels: TicketLabels = {
    statusLabel: statusLabel(locale, tk.status, reader),
    priorityLabel: priorityLabel(locale, tk.priority, { sla: at.sla, department: tk.department }),
    departmentName: departmentName(locale, tk.department),
    locale,
    channelName: channelName(locale, tk.channel),
  };
  const name = assigneeName(tk);
  if (name !== undefined) labels.assigneeName = name;
  const sla = slaWords(locale, tk, at, reader);
  if (sla) Object.assign(labels, { slaState: sla.state, slaLabel: sla.label, slaLead: sla.lead });
  return labels;
}

export type CardField = 'status' | 'priority' | 'queue' | 'agent' | 'requester' | 'due' | 'channel' | 'sla';

/** The fields the richer card added; their names live in their own block of the catalogs. */
const ADDED_FIELDS: ReadonlySet<CardField> = new Set(['requester', 'due', 'channel']);

/** A card's field names, for renderers that label each value (embeds, fact sets, section fields). */
export function cardFieldName(locale: Locale, field: CardField): string {
  if (field === 'sla') return t(locale, 'slatime.field.sla');
  return ADDED_FIELDS.has(field) ? t(locale, `card22.field.${field}` as MessageKey) : t(locale, `words.field.${field}` as MessageKey);
}

/** Where a ticket was opened, by the platform's own name; a channel the desk does not name is shown as it is. */
export function channelName(locale: Locale, channel: string): string {
  const key = `card22.channel.${channel}`;
  return hasKey(key) ? t(locale, key) : channel;
}

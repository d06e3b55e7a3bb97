// The SLA as people read it: what a priority promises under its department's policy,
// where a ticket stands against the target it races now (due, due soon, breached,
// paused), and when a new ticket's requester can expect a first answer. Each is worked
// out for one moment (a turn's `now`), never the wall clock.
import { DateTime } from 'luxon';
import type { Locale } from '../events.js';
import { t } from '../i18n.js';
import type { Priority, Ticket } from '../tickets/ticket.js';
import type { BusinessCalendar } from './business-calendar.js';
import { policyFor, reminderDue, type SlaTarget } from './policies.js';
import { parseSlaConfig, type SlaSettings } from './sla-config-schema.js';
import { departmentOpen, slaStanding, type SlaTargetName } from './ticket-clock.js';
import { durationWords, leftWords } from './time-words.js';

/** How a ticket stands against its target: 'soon' once the reminder's share of it has passed. */
export type SlaState = 'ok' | 'soon' | 'breached' | 'paused';

/** What SLA words are read against: the desk's settings and the moment. */
export interface SlaReading {
  readonly sla: SlaSettings;
  readonly now: number;
}

/** Who reads: the requester is told the clock waits for them, agents that it waits for the requester. */
type Reader = 'requester' | 'staff';

let defaults: SlaSettings | null = null;
/** The settings of a desk with no configuration file, for words asked without any. */
export function defaultSlaSettings(): SlaSettings {
  defaults ??= parseSlaConfig({});
  return defaults;
}

const HOUR = 3_600_000;

/** How long a target gives, on the clock it counts on: "4 business hours", "15 min, day and night", "3 business days". */
export function targetWords(locale: Locale, target: SlaTarget, cal: BusinessCalendar): string {
  const aroundTheClock = target.clock === '24x7' || cal.alwaysOpen;
  const after = target.after;
  if (after.kind === 'businessDays') {
    if (aroundTheClock) return after.days === 1 ? t(locale, 'slatime.span.roundTheClock', { span: durationWords(locale, 24 * HOUR) }) : t(locale, 'slatime.span.days', { n: after.days });
    return after.days === 1 ? t(locale, 'slatime.span.businessDay') : t(locale, 'slatime.span.businessDays', { n: after.days });
  }
  if (aroundTheClock) return t(locale, 'slatime.span.roundTheClock', { span: durationWords(locale, after.ms) });
  const hours = after.ms / HOUR;
  if (Number.isInteger(hours)) return hours === 1 ? t(locale, 'slatime.span.businessHour') : t(locale, 'slatime.span.businessHours', { n: hours });
  return t(locale, 'slatime.span.businessTime', { span: durationWords(locale, after.ms) });
}

/** What a priority promises in a department: "first response within 4 business hours" comes from its policy and calendar. */
export function firstResponsePromise(locale: Locale, priority: Priority, sla: SlaSettings, department: string): string {
  return targetWords(locale, policyFor(sla.policies, department, priority).firstResponse, sla.calendarFor(department));
}

/** A state in a word or two for a badge ("breached", "due soon", "paused"); nothing while on time. */
export function slaStateWords(locale: Locale, state: SlaState): string {
  return state === 'ok' ? '' : t(locale, `slatime.state.${state}`);
}

/** A ticket against the target it races now, in one reader's words. */
export interface SlaWords {
  readonly state: SlaState;
  readonly target: SlaTargetName;
  readonly dueAt: number;
  /** Everything at the reading's moment: "first response due in 40 min", "resolution breached 2 h ago", "paused: …". */
  readonly label: string;
  /** The words before a moment a platform draws itself ("first response due" + "in 40 minutes"); the whole label when paused. */
  readonly lead: string;
}

const MARKS: Readonly<Record<SlaState, string>> = { ok: '', soon: '⏰ ', breached: '⚠️ ', paused: '' };

type Standing = Pick<Ticket, 'status' | 'sla' | 'department' | 'priority'>;

export function slaWords(locale: Locale, tk: Standing, reading: SlaReading, reader: Reader = 'staff'): SlaWords | null {
  const standing = slaStanding(tk, reading.now);
  if (!standing) return null;
  const { target, dueAt } = standing;
  if (standing.paused) {
    const label = t(locale, reader === 'staff' ? 'slatime.paused.staff' : 'slatime.paused.requester');
    return { state: 'paused', target, dueAt, label, lead: label };
  }
  const state: SlaState = standing.breached ? 'breached' : isSoon(tk, target, reading) ? 'soon' : 'ok';
  // The mark makes a breach (or one near) stand out in any text, not by a colour alone.
  const lead = MARKS[state] + t(locale, standing.breached ? 'slatime.lead.breached' : 'slatime.lead.due', { target: t(locale, `sla.target.${target}`) });
  // A breach the sweeper marked stays one even if the due time moved (a priority raised after it).
  const label = standing.breached && standing.leftMs > 0 ? lead : `${lead} ${leftWords(locale, standing.leftMs)}`;
  return { state, target, dueAt, label, lead };
}

/** Past the share of the target at which the assignee is reminded. */
function isSoon(tk: Standing, target: SlaTargetName, { sla, now }: SlaReading): boolean {
  const clock = tk.sla!;
  const policy = policyFor(sla.policies, tk.department, tk.priority);
  const from = target === 'firstResponse' ? clock.startedAt : clock.resolutionFrom;
  return now >= reminderDue(sla.calendarFor(tk.department), from, policy[target], policy.remindAtPercent, clock.pauses, from);
}

/**
 * When a requester can expect the first answer to a ticket just opened: "within 1 h" when
 * the clock runs straight through to it, otherwise the moment in the department's zone,
 * and that the desk is closed when it is.
 */
export function expectedResponse(locale: Locale, tk: Pick<Ticket, 'sla' | 'department' | 'priority'>, reading: SlaReading): string {
  const due = tk.sla?.firstResponseDue;
  if (due === null || due === undefined) return t(locale, 'slatime.expect.soon');
  const { sla, now } = reading;
  const target = policyFor(sla.policies, tk.department, tk.priority).firstResponse;
  const straight = target.after.kind === 'time' && due - now <= target.after.ms;
  if (straight) return t(locale, 'slatime.expect.within', { span: durationWords(locale, due - now) });
  const when = dayWords(locale, due, sla.calendarFor(tk.department).zone, now);
  return t(locale, departmentOpen(sla, tk.department, now) ? 'slatime.expect.by' : 'slatime.expect.closed', { when });
}

/** A moment as someone plans around it: "today at 17:00", "Monday at 09:15", "Mon 14 Dec at 09:15", with the zone's short name. */
export function dayWords(locale: Locale, at: number, zone: string, now: number): string {
  const lang = locale === 'it' ? 'it-IT' : 'en-GB';
  const local = DateTime.fromMillis(at, { zone }).setLocale(lang);
  const today = DateTime.fromMillis(now, { zone }).startOf('day');
  const days = Math.round(local.startOf('day').diff(today, 'days').days);
  const time = `${local.toFormat('HH:mm')} ${local.offsetNameShort ?? zone}`;
  if (days <= 0) return t(locale, 'slatime.when.today', { time });
  if (days === 1) return t(locale, 'slatime.when.tomorrow', { time });
  return t(locale, 'slatime.when.weekday', { day: local.toFormat(days < 7 ? 'cccc' : 'ccc d LLL'), time });
}

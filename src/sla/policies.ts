// What each priority promises, optionally differently per department: how soon a first
// response and a resolution are due, on business hours or round the clock, when to remind,
// whom to page out of hours, and when quiet tickets close on their own.
import type { Priority } from '../tickets/ticket.js';
import { alwaysOpenCalendar, type BusinessCalendar } from './business-calendar.js';
import { addBusinessDays, businessTimeBetween, isOpen } from './business-time.js';
import { businessDays, hours, minutes, type SlaDuration } from './duration.js';
import { dueAfterPauses, type Pause } from './pauses.js';

/** 'business' counts the department's open hours; '24x7' counts every hour of every day. */
export type SlaClock = 'business' | '24x7';

export interface SlaTarget {
  readonly after: SlaDuration;
  readonly clock: SlaClock;
}

export interface SlaPolicy {
  readonly firstResponse: SlaTarget;
  readonly resolution: SlaTarget;
  /** The assignee is reminded when this share of a target has passed. */
  readonly remindAtPercent: number;
  /** Page the on-call agent when a ticket opens while the department is closed; wait this long for a Claim before paging the next. */
  readonly page: { readonly outsideHours: boolean; readonly timeoutMs: number };
  /** One reminder to the requester after `remindAfter` in waiting_user, closed as unanswered after `closeAfter`. */
  readonly waitingUser: { readonly remindAfter: SlaTarget; readonly closeAfter: SlaTarget };
  /** A resolved ticket nobody confirms closes this long after it was resolved; null: it waits for the requester. */
  readonly resolvedCloseAfter: SlaTarget | null;
}

export type PolicyTable = Readonly<Record<Priority, SlaPolicy>>;

export interface SlaPolicies {
  readonly defaults: PolicyTable;
  /** Whole policies per department and priority, already merged over the defaults. */
  readonly departments: ReadonlyMap<string, Partial<PolicyTable>>;
}

const business = (after: SlaDuration): SlaTarget => ({ after, clock: 'business' });
const roundTheClock = (after: SlaDuration): SlaTarget => ({ after, clock: '24x7' });

const quietTickets = {
  remindAtPercent: 75,
  waitingUser: { remindAfter: business(businessDays(2)), closeAfter: business(businessDays(5)) },
  // Three business days: today's AUTO_CLOSE_HOURS default of 72 hours, on business time.
  resolvedCloseAfter: business(businessDays(3)),
};
const noPaging = { outsideHours: false, timeoutMs: 10 * 60_000 };

export const DEFAULT_POLICIES: PolicyTable = {
  P1: { ...quietTickets, firstResponse: roundTheClock(minutes(15)), resolution: roundTheClock(hours(4)), page: { outsideHours: true, timeoutMs: 10 * 60_000 } },
  P2: { ...quietTickets, firstResponse: business(hours(1)), resolution: business(hours(8)), page: noPaging },
  P3: { ...quietTickets, firstResponse: business(hours(4)), resolution: business(businessDays(3)), page: noPaging },
  P4: { ...quietTickets, firstResponse: business(businessDays(1)), resolution: business(businessDays(10)), page: noPaging },
};

export const DEFAULT_SLA_POLICIES: SlaPolicies = { defaults: DEFAULT_POLICIES, departments: new Map() };

export function policyFor(policies: SlaPolicies, department: string, priority: Priority): SlaPolicy {
  return policies.departments.get(department)?.[priority] ?? policies.defaults[priority];
}

/** The calendar a target counts on: the department's, or round the clock in its zone. */
export function clockCalendar(cal: BusinessCalendar, clock: SlaClock): BusinessCalendar {
  return clock === '24x7' && !cal.alwaysOpen ? alwaysOpenCalendar(cal.zone) : cal;
}

/** A target as an amount of counted time from `start` (business days are counted on the calendar first). */
export function targetLength(cal: BusinessCalendar, start: number, target: SlaTarget): number {
  const counted = clockCalendar(cal, target.clock);
  return target.after.kind === 'time' ? target.after.ms : businessTimeBetween(counted, start, addBusinessDays(counted, start, target.after.days));
}

/** When `target` falls due for something started at `start`, with waiting_user pauses so far taken out. */
export function targetDue(cal: BusinessCalendar, start: number, target: SlaTarget, pauses: readonly Pause[] = [], now = start): number {
  const counted = clockCalendar(cal, target.clock);
  return dueAfterPauses(counted, start, targetLength(cal, start, target), pauses, now);
}

/** When the reminder for `target` is due: `percent` of its counted time, same pauses. */
export function reminderDue(cal: BusinessCalendar, start: number, target: SlaTarget, percent: number, pauses: readonly Pause[] = [], now = start): number {
  const counted = clockCalendar(cal, target.clock);
  return dueAfterPauses(counted, start, Math.floor((targetLength(cal, start, target) * percent) / 100), pauses, now);
}

/** Whether a ticket opening at `at` pages the on-call rota rather than waiting for the department to open. */
export function pagesOnCall(cal: BusinessCalendar, policy: SlaPolicy, at: number): boolean {
  return policy.page.outsideHours && !isOpen(cal, at);
}

/** Every policy with the same auto-close for resolved tickets (AUTO_CLOSE_HOURS, from before policies had their own). */
export function withResolvedCloseAfter(policies: SlaPolicies, after: SlaTarget | null): SlaPolicies {
  const patch = (table: Partial<PolicyTable>) => Object.fromEntries(Object.entries(table).map(([p, policy]) => [p, { ...policy, resolvedCloseAfter: after }]));
  return {
    defaults: patch(policies.defaults) as unknown as PolicyTable,
    departments: new Map([...policies.departments].map(([d, table]) => [d, patch(table) as Partial<PolicyTable>])),
  };
}

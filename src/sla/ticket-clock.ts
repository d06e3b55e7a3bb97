// A ticket's own SLA clock: when its targets fall due, what the sweeper has already
// done about them, and the next instant it must look again (`nextAt`, which the stores
// index). Kept on the ticket and moved forward by every change, in the same write, so a
// restart or a second instance finds exactly what is due: no timer lives in memory.
import type { EventDraft, EventKind, Ticket, TicketStatus } from '../tickets/ticket.js';
import { isOpen } from './business-time.js';
import type { Pause } from './pauses.js';
import { pagesOnCall, policyFor, reminderDue, targetDue, type SlaPolicy, type SlaTarget } from './policies.js';
import type { SlaSettings } from './sla-config-schema.js';

export type SlaTargetName = 'firstResponse' | 'resolution';

/** Out-of-hours paging of one level's on-call rota: who was paged already, so a rota that changes between steps skips nobody and nobody twice. */
export interface Paging {
  readonly since: number;
  /** The next step (0: the first page); step 1 also tells the leads. */
  readonly step: number;
  readonly paged: readonly string[];
}
export const SLA_TARGETS: readonly SlaTargetName[] = ['firstResponse', 'resolution'];

/** What the sweeper may do to a ticket; each fires at most once per stretch it belongs to. */
export const SLA_RULES = ['firstResponse.remind', 'firstResponse.breach', 'resolution.remind', 'resolution.breach', 'page', 'waiting.remind', 'waiting.close', 'resolved.close'] as const;
export type SlaRule = (typeof SLA_RULES)[number];

export interface TicketSla {
  /** When the first-response target started counting (the opening). */
  readonly startedAt: number;
  /** When the resolution target started counting: the opening, or the latest reopening. */
  readonly resolutionFrom: number;
  /** The first answer from the desk (a claim, a reply, a resolution); null while none came. */
  readonly respondedAt: number | null;
  /** Stretches in waiting_user; the last is open while the ticket waits. */
  readonly pauses: readonly Pause[];
  /** Null once answered (first response) or once nothing more is owed. */
  readonly firstResponseDue: number | null;
  readonly resolutionDue: number | null;
  /** When each target was found missed. */
  readonly breached: Readonly<Partial<Record<SlaTargetName, number>>>;
  /** Rules already fired in the stretch they belong to (waiting and resolved ones are forgotten when the status changes). */
  readonly fired: readonly SlaRule[];
  /** When the current status began: the waiting and resolved rules count from it. */
  readonly statusSince: number;
  /** Set while an out-of-hours ticket pages the on-call rota. */
  readonly paging: Paging | null;
  /** The earliest instant a rule falls due; null when none can. */
  readonly nextAt: number | null;
}

/** Statuses in which the desk owes work, so the targets' clocks run. */
const RUNNING: ReadonlySet<TicketStatus> = new Set(['open', 'in_progress']);
const OWED: ReadonlySet<TicketStatus> = new Set(['open', 'in_progress', 'waiting_user']);
/** What counts as the desk's first answer to the requester. */
const RESPONSES: ReadonlySet<EventKind> = new Set(['claimed', 'reply', 'resolved']);
const PHASE_RULES: ReadonlySet<SlaRule> = new Set(['waiting.remind', 'waiting.close', 'resolved.close']);

type ClockInput = Pick<Ticket, 'department' | 'priority' | 'status' | 'assignee' | 'tier'> & { sla?: TicketSla | undefined };

function policyOf(sla: SlaSettings, t: Pick<Ticket, 'department' | 'priority'>): SlaPolicy {
  return policyFor(sla.policies, t.department, t.priority);
}

/** The clock of a ticket being opened at `at`: an out-of-hours ticket whose policy says so starts paging. */
export function startClock(t: ClockInput, sla: SlaSettings, at: number): TicketSla {
  const base: TicketSla = {
    startedAt: at,
    resolutionFrom: at,
    respondedAt: null,
    pauses: [],
    firstResponseDue: null,
    resolutionDue: null,
    breached: {},
    fired: [],
    statusSince: at,
    paging: wantsPaging(t, sla, at) ? { since: at, step: 0, paged: [] } : null,
    nextAt: null,
  };
  return settle(base, t, sla, at);
}

/**
 * A clock for a ticket opened before the desk kept one: its targets count from `now` (an
 * upgrade must not breach and escalate every old ticket at once); what it says of its
 * state (answered, waiting, resolved) dates from its last change.
 */
export function adoptClock(t: Ticket, sla: SlaSettings, now: number): TicketSla {
  const since = Math.min(t.updatedAt, now);
  const answered = t.status !== 'open' || t.assignee !== null;
  const clock: TicketSla = {
    ...startClock({ ...t, status: 'in_progress' }, sla, now),
    respondedAt: answered ? since : null,
    pauses: t.status === 'waiting_user' ? [{ from: since, to: null }] : [],
    statusSince: t.status === 'open' || t.status === 'in_progress' ? now : since,
  };
  return settle(clock, t, sla, now);
}

/** The same clock with its due times and next instant worked out again under the settings in force (a policy changed). */
export function resettleClock(t: Ticket, sla: SlaSettings, now: number): TicketSla {
  return settle(t.sla ?? adoptClock(t, sla, now), t, sla, now);
}

/**
 * The clock after a change: pauses open and close with waiting_user, the first answer is
 * noted, a reopening restarts the resolution target, a claim stops paging; the due
 * times follow the ticket's current department and priority.
 */
export function advanceClock(before: Ticket, next: ClockInput, event: Pick<EventDraft, 'kind' | 'at' | 'actor'>, sla: SlaSettings): TicketSla {
  const at = event.at;
  // A rule the sweeper fired comes in on `next`; any other change leaves the clock as it was read
  // (a ticket from before the desk kept clocks gets one as at start, counting from now).
  const prev = next.sla ?? before.sla ?? adoptClock(before, sla, at);
  let clock: TicketSla = prev;
  if (before.status !== next.status) {
    let pauses = [...prev.pauses];
    if (next.status === 'waiting_user') pauses.push({ from: at, to: null });
    else if (before.status === 'waiting_user') pauses = pauses.map((p) => (p.to === null ? { from: p.from, to: at } : p));
    clock = { ...clock, pauses, statusSince: at, fired: prev.fired.filter((r) => !PHASE_RULES.has(r)) };
  }
  // A requester's message may come from another of their identities (people/selves.ts): its kind says whose it is.
  const fromRequester = event.kind === 'message' || (event.actor.platform === before.requester.platform && event.actor.userId === before.requester.userId);
  if (clock.respondedAt === null && RESPONSES.has(event.kind) && !fromRequester) clock = { ...clock, respondedAt: at };
  // The requester still talking to a resolved ticket is not silence: the wait before it closes starts again.
  if (fromRequester && next.status === 'resolved' && before.status === 'resolved') clock = { ...clock, statusSince: at, fired: clock.fired.filter((r) => r !== 'resolved.close') };
  if (event.kind === 'reopened') {
    const { resolution: _dropped, ...breached } = clock.breached;
    clock = { ...clock, resolutionFrom: at, breached, fired: clock.fired.filter((r) => !r.startsWith('resolution.')) };
  }
  clock = { ...clock, paging: pagingAfter(clock.paging, before, next, sla, at) };
  return settle(clock, next, sla, at);
}

/** Whether a ticket in this state at `at` pages the on-call rota: unclaimed in the queue while its department is closed, under a policy that pages. */
function wantsPaging(t: ClockInput, sla: SlaSettings, at: number): boolean {
  return t.status === 'open' && !t.assignee && pagesOnCall(sla.calendarFor(t.department), policyOf(sla, t), at);
}

/**
 * Paging follows the ticket: it stops when someone has it, when it leaves the queue or when
 * its policy no longer pages; it starts again, for the level the ticket is now at, when it
 * comes back to a queue unclaimed out of hours (given back, passed to another level or
 * department, raised to a priority that pages).
 */
function pagingAfter(paging: Paging | null, before: Ticket, next: ClockInput, sla: SlaSettings, at: number): Paging | null {
  if (!wantsPaging(next, sla, at)) return null;
  const sameQueue = before.tier === next.tier && before.department === next.department && before.status === 'open' && !before.assignee;
  if (paging && sameQueue) return paging;
  if (!paging && sameQueue && before.priority === next.priority) return null;
  return { since: at, step: 0, paged: [] };
}

/** Due times and `nextAt` worked out again for the ticket as it now stands. */
function settle(clock: TicketSla, t: ClockInput, sla: SlaSettings, now: number): TicketSla {
  const cal = sla.calendarFor(t.department);
  const policy = policyOf(sla, t);
  const owed = OWED.has(t.status);
  const due = (target: SlaTarget, from: number) => targetDue(cal, from, target, clock.pauses, now);
  const settled: TicketSla = {
    ...clock,
    firstResponseDue: owed && clock.respondedAt === null ? due(policy.firstResponse, clock.startedAt) : null,
    resolutionDue: owed ? due(policy.resolution, clock.resolutionFrom) : null,
    nextAt: null,
  };
  const rules = pendingRules(settled, t, sla);
  return { ...settled, nextAt: rules.length > 0 ? Math.min(...rules.map((r) => r.at)) : null };
}

export interface PendingRule {
  readonly rule: SlaRule;
  readonly at: number;
}

/** The rules not yet fired and when each falls due, earliest first. */
export function pendingRules(clock: TicketSla, t: ClockInput, sla: SlaSettings): PendingRule[] {
  const cal = sla.calendarFor(t.department);
  const policy = policyOf(sla, t);
  const out: PendingRule[] = [];
  const add = (rule: SlaRule, at: number | null) => {
    if (at !== null && !clock.fired.includes(rule)) out.push({ rule, at });
  };
  if (RUNNING.has(t.status)) {
    for (const name of SLA_TARGETS) {
      const dueAt = name === 'firstResponse' ? clock.firstResponseDue : clock.resolutionDue;
      if (dueAt === null || clock.breached[name] !== undefined) continue;
      const from = name === 'firstResponse' ? clock.startedAt : clock.resolutionFrom;
      add(`${name}.remind`, reminderDue(cal, from, policy[name], policy.remindAtPercent, clock.pauses, from));
      add(`${name}.breach`, dueAt);
    }
    if (clock.paging && t.status === 'open' && !t.assignee && policy.page.outsideHours) out.push({ rule: 'page', at: clock.paging.since + clock.paging.step * policy.page.timeoutMs });
  } else if (t.status === 'waiting_user') {
    add('waiting.remind', targetDue(cal, clock.statusSince, policy.waitingUser.remindAfter));
    add('waiting.close', targetDue(cal, clock.statusSince, policy.waitingUser.closeAfter));
  } else if (t.status === 'resolved' && policy.resolvedCloseAfter) {
    add('resolved.close', targetDue(cal, clock.statusSince, policy.resolvedCloseAfter));
  }
  // At the same instant a page goes first: a breach may move the ticket to another level's rota.
  return out.sort((a, b) => a.at - b.at || Number(b.rule === 'page') - Number(a.rule === 'page'));
}

/** The target a ticket is racing now, for people: the first response while none came, then the resolution. */
export interface SlaStanding {
  readonly target: SlaTargetName;
  readonly dueAt: number;
  /** Negative once missed. */
  readonly leftMs: number;
  readonly breached: boolean;
  /** The clock is stopped while the ticket waits for the requester. */
  readonly paused: boolean;
}

export function slaStanding(t: Pick<Ticket, 'status' | 'sla'>, now: number): SlaStanding | null {
  const clock = t.sla;
  if (!clock || !OWED.has(t.status)) return null;
  const target: SlaTargetName = clock.firstResponseDue !== null ? 'firstResponse' : 'resolution';
  const dueAt = target === 'firstResponse' ? clock.firstResponseDue : clock.resolutionDue;
  if (dueAt === null) return null;
  const paused = t.status === 'waiting_user';
  const breached = clock.breached[target] !== undefined || (!paused && dueAt <= now);
  return { target, dueAt, leftMs: dueAt - now, breached, paused };
}

/** Whether the department is open at `at` (for words like "on Monday at 09:00" against "in 12 min"). */
export function departmentOpen(sla: SlaSettings, department: string, at: number): boolean {
  return isOpen(sla.calendarFor(department), at);
}

// What the desk does itself when an SLA rule falls due, as pure ticket changes: each
// marks its rule fired on the ticket's clock, so it happens once whoever sweeps, and
// its event names the rule and the policy behind it for the transcript.
import type { Participant } from '../events.js';
import { moveTo } from '../tickets/lifecycle.js';
import { MAX_TIER, type EventDraft, type EventKind, type Ticket, type Tier } from '../tickets/ticket.js';
import type { Change } from '../tickets/transitions.js';
import { formatDuration } from './duration.js';
import { policyFor, type SlaTarget } from './policies.js';
import type { SlaSettings } from './sla-config-schema.js';
import { pendingRules, type SlaRule, type SlaTargetName, type TicketSla } from './ticket-clock.js';

/** The desk acting on its own: recorded as such in the audit trail. */
export const SYSTEM: Participant = { platform: 'system', userId: 'sportello', name: 'Sportello' };

export interface DueAction {
  readonly rule: SlaRule;
  /** When the rule fell due. */
  readonly dueAt: number;
  readonly change: Change;
}

/** How many people the on-call rota offers for a page (looked up before deciding). */
export interface PageContext {
  readonly onDuty: readonly string[];
}

function describeTarget(t: Ticket, sla: SlaSettings, name: 'firstResponse' | 'resolution' | 'waitingUser.remindAfter' | 'waitingUser.closeAfter' | 'resolvedCloseAfter'): string {
  const policy = policyFor(sla.policies, t.department, t.priority);
  const target: SlaTarget | null =
    name === 'waitingUser.remindAfter' ? policy.waitingUser.remindAfter
    : name === 'waitingUser.closeAfter' ? policy.waitingUser.closeAfter
    : name === 'resolvedCloseAfter' ? policy.resolvedCloseAfter
    : policy[name];
  return target ? `${t.priority} ${name} ${formatDuration(target.after)} (${target.clock})` : `${t.priority} ${name}`;
}

function act(t: Ticket, clock: TicketSla, now: number, kind: EventKind, data: EventDraft['data'], next: Partial<Ticket> = {}): Change {
  return {
    next: { ...t, ...next, sla: clock, updatedAt: now },
    event: { at: now, kind, actor: SYSTEM, channel: 'system', text: null, data },
  };
}

/** The earliest rule due at `now` on the ticket as read, and the change it makes; null when nothing is. */
export function dueAction(t: Ticket, sla: SlaSettings, now: number, page: PageContext = { onDuty: [] }): DueAction | null {
  const clock = t.sla;
  if (!clock || clock.nextAt === null || clock.nextAt > now) return null;
  const pending = pendingRules(clock, t, sla);
  let due = pending.find((r) => r.at <= now);
  if (!due) return null;
  // A reminder the sweeper reaches only after its target was missed is no use: the breach is said instead.
  if (due.rule.endsWith('.remind')) {
    const breach = pending.find((r) => r.rule === due!.rule.replace('.remind', '.breach') && r.at <= now);
    // A page due by then still goes before the breach, which may pass the ticket to another level.
    if (breach) due = pending.find((r) => r.rule === 'page' && r.at <= breach.at) ?? breach;
  }
  const fired = (...rules: SlaRule[]): TicketSla => ({ ...clock, fired: [...clock.fired, ...rules.filter((r) => !clock.fired.includes(r))] });
  const base = { rule: due.rule, due: due.at };
  const policy = policyFor(sla.policies, t.department, t.priority);
  switch (due.rule) {
    case 'firstResponse.remind':
    case 'resolution.remind': {
      const target = due.rule.split('.')[0] as SlaTargetName;
      const dueAt = target === 'firstResponse' ? clock.firstResponseDue : clock.resolutionDue;
      return { rule: due.rule, dueAt: due.at, change: act(t, fired(due.rule), now, 'sla_reminder', { ...base, target, targetDue: dueAt, percent: policy.remindAtPercent, policy: describeTarget(t, sla, target) }) };
    }
    case 'firstResponse.breach':
    case 'resolution.breach': {
      const target = due.rule.split('.')[0] as SlaTargetName;
      const clockAfter: TicketSla = { ...fired(due.rule, `${target}.remind`), breached: { ...clock.breached, [target]: now } };
      const data = { ...base, target, policy: describeTarget(t, sla, target), from: t.tier, to: t.tier };
      if (t.tier >= MAX_TIER) return { rule: due.rule, dueAt: due.at, change: act(t, clockAfter, now, 'sla_breached', data) };
      // Missed at this level: the next one takes it over, as an agent's escalation would.
      const tier = (t.tier + 1) as Tier;
      return { rule: due.rule, dueAt: due.at, change: act(t, clockAfter, now, 'sla_breached', { ...data, to: tier }, { ...moveTo(t, 'open'), tier, assignee: null }) };
    }
    case 'page': {
      const paging = clock.paging ?? { since: now, step: 0, paged: [] };
      // The first person on the rota in force now who was not paged yet: a shift change between steps skips nobody.
      const person = page.onDuty.find((p) => !paging.paged.includes(p)) ?? null;
      const paged = person === null ? paging.paged : [...paging.paged, person];
      // The lead hears of it at the first page left unanswered, or at once when nobody is on call.
      const leads = paging.step === 1 || (person === null && paging.step === 0) ? 1 : 0;
      // Paging ends with the last person on the list once the lead has heard of it too.
      const someoneLeft = page.onDuty.some((p) => !paged.includes(p));
      const last = person === null || (!someoneLeft && paging.step >= 1);
      return {
        rule: 'page',
        dueAt: due.at,
        change: act(t, { ...clock, paging: last ? null : { ...paging, step: paging.step + 1, paged } }, now, 'paged', {
          ...base,
          step: paging.step,
          to: person,
          earlier: paging.paged.join(', '),
          leads,
          timeoutMinutes: Math.round(policy.page.timeoutMs / 60_000),
          policy: `${t.priority} page outsideHours, next after ${formatDuration({ kind: 'time', ms: policy.page.timeoutMs })}`,
        }),
      };
    }
    case 'waiting.remind':
      return { rule: due.rule, dueAt: due.at, change: act(t, fired(due.rule), now, 'waiting_reminder', { ...base, policy: describeTarget(t, sla, 'waitingUser.remindAfter') }) };
    case 'waiting.close':
      return { rule: due.rule, dueAt: due.at, change: act(t, fired(due.rule), now, 'closed_unanswered', { ...base, policy: describeTarget(t, sla, 'waitingUser.closeAfter') }, moveTo(t, 'closed')) };
    case 'resolved.close':
      return { rule: due.rule, dueAt: due.at, change: act(t, fired(due.rule), now, 'auto_closed', { ...base, policy: describeTarget(t, sla, 'resolvedCloseAfter') }, moveTo(t, 'closed')) };
  }
}

/**
 * The ticket with its clock set afresh (`adopted`: it had none; `recomputed`: the policies
 * changed under it and its next instant had passed with nothing due), recorded as the desk's.
 */
export function clockSet(t: Ticket, clock: TicketSla, now: number, why: 'adopted' | 'recomputed'): Change {
  return { next: { ...t, sla: clock }, event: { at: now, kind: 'sla_clock_set', actor: SYSTEM, channel: 'system', text: null, data: { rule: `clock.${why}` } } };
}

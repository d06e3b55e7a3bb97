// One sweep of the SLA clocks at a given instant: every ticket the store says has a rule
// due is brought up to date, one committed change per rule, each with its messages in
// the outbox. Two sweepers racing cannot both fire a rule: the rule is marked on the
// ticket, and the store takes one write per version.
import type { Locale } from '../events.js';
import { HelpDeskError, isHelpDeskError } from '../errors.js';
import { t } from '../i18n.js';
import type { Agent } from '../ports/people-store.js';
import { agentActions, readingOf, reply, ticketView, type Outbound, type Reply } from '../replies.js';
import { commitChange } from '../tickets/commit-change.js';
import { ACTIVE_STATUSES, type PersonRef, type Ticket } from '../tickets/ticket.js';
import { departmentName } from '../tickets/ticket-words.js';
import type { Turn } from '../turn.js';
import { clockChange, slaSettingsOf } from './desk-sla.js';
import { whoIsOnDuty } from './who-is-on-duty.js';
import { clockSet, dueAction, type DueAction, type PageContext } from './sla-actions.js';
import type { SlaSettings } from './sla-config-schema.js';
import { adoptClock, resettleClock, type SlaRule } from './ticket-clock.js';

/** One thing a sweep did (or, in a dry run, would do). */
export interface SweepAction {
  code: string;
  rule: SlaRule;
  /** When the rule fell due. */
  dueAt: number;
  /** The event kind written to the transcript. */
  event: string;
  /** Who was told or paged, as participant keys (empty in a dry run for team messages). */
  told: string[];
  /** The tier after a breach moved the ticket on. */
  tier?: number;
}

export interface SlaSweepReport {
  at: number;
  dryRun: boolean;
  actions: SweepAction[];
  /** Tickets an error kept the sweep from acting on (logged; tried again next time). */
  failed: string[];
}

/** Tickets read per page of due work. */
const PAGE = 200;
/** Rules one ticket may fire in one sweep (a ticket left alone for weeks may owe several). */
const RULES_PER_TICKET = 12;

export interface SweepOptions {
  dryRun?: boolean;
  /** Who is on duty; default: the rota in force (the file's, changed at run time with `oncall` or the console). */
  onDuty?: (department: string, tier: 1 | 2 | 3, at: number) => Promise<string[]>;
}

export async function sweepSla(turn: Turn, options: SweepOptions = {}): Promise<SlaSweepReport> {
  const { deps, now } = turn;
  const sla = slaSettingsOf(deps.settings);
  const whoIsOn = options.onDuty ?? ((department, tier, at) => whoIsOnDuty(deps.store, sla, department, tier, at));
  const report: SlaSweepReport = { at: now, dryRun: options.dryRun === true, actions: [], failed: [] };
  let after: { at: number; code: string } | undefined;
  for (;;) {
    const page = await deps.store.slaDue(now, PAGE, after);
    for (const ticket of page) {
      try {
        report.actions.push(...(options.dryRun ? await rehearse(turn, sla, ticket, whoIsOn) : await bringUpToDate(turn, sla, ticket, whoIsOn)));
      } catch (err) {
        // One ticket that cannot be brought up to date must not hold up every other one, sweep after sweep.
        deps.logger.error({ err, code: ticket.code }, 'SLA sweep could not act on a ticket; it is tried again at the next sweep');
        report.failed.push(ticket.code);
      }
    }
    if (page.length < PAGE) break;
    const last = page.at(-1)!;
    after = { at: last.sla!.nextAt!, code: last.code };
  }
  return report;
}

type WhoIsOn = NonNullable<SweepOptions['onDuty']>;

async function pageContext(turn: Turn, ticket: Ticket, rule: SlaRule, whoIsOn: WhoIsOn): Promise<PageContext> {
  if (rule !== 'page') return { onDuty: [] };
  const keys = await whoIsOn(ticket.department, ticket.tier, turn.now);
  // Only agents of the department can claim what they are paged for.
  const agents = await Promise.all(keys.map((k) => agentOf(turn, k)));
  return { onDuty: keys.filter((_, i) => agents[i]?.departments.includes(ticket.department)) };
}

async function agentOf(turn: Turn, key: string): Promise<Agent | null> {
  const colon = key.indexOf(':');
  return colon > 0 ? turn.deps.store.getAgent(key.slice(0, colon), key.slice(colon + 1)) : null;
}

/** The rule due first on the ticket as read, with the people it pages and tells looked up; null when none is. */
async function plan(turn: Turn, sla: SlaSettings, ticket: Ticket, whoIsOn: WhoIsOn) {
  const probe = dueAction(ticket, sla, turn.now);
  if (!probe) return null;
  const page = await pageContext(turn, ticket, probe.rule, whoIsOn);
  const planned = dueAction(ticket, sla, turn.now, page)!;
  return { page, planned, tell: await alsoTell(turn, ticket, planned) };
}

/** Each due rule of one ticket as its own commit, re-read after each so a rival's work is seen. */
async function bringUpToDate(turn: Turn, sla: SlaSettings, first: Ticket, whoIsOn: WhoIsOn): Promise<SweepAction[]> {
  const done: SweepAction[] = [];
  let ticket: Ticket | null = first;
  for (let i = 0; i < RULES_PER_TICKET && ticket; i++) {
    const next = await plan(turn, sla, ticket, whoIsOn);
    if (!next) {
      // Due by its clock but nothing to do (a policy changed since): set it again, or every sweep reads it.
      if (i === 0) await resettle(turn, sla, ticket);
      break;
    }
    const { page, planned, tell } = next;
    try {
      const saved = await commitChange(
        turn,
        ticket.code,
        (fresh) => {
          const action = dueAction(fresh, sla, turn.now, page);
          // Another sweeper fired this rule first (or the ticket moved on): nothing of ours to do.
          if (!action || action.rule !== planned.rule || fresh.version !== ticket!.version) throw new HelpDeskError('TICKET.NOT_DUE', { code: fresh.code });
          return action.change;
        },
        tell.outbound,
      );
      done.push(describe(saved.after, planned, tell.told));
      ticket = saved.after;
      turn.deps.observer?.slaAction?.(planned.rule, saved.after.department, saved.after.priority);
    } catch (err) {
      if (!isHelpDeskError(err, 'TICKET.NOT_DUE') && !isHelpDeskError(err, 'TICKET.ILLEGAL_TRANSITION') && !isHelpDeskError(err, 'STORE.CONFLICT')) throw err;
      ticket = await turn.deps.store.get(ticket.code);
    }
  }
  return done;
}

async function resettle(turn: Turn, sla: SlaSettings, stale: Ticket): Promise<void> {
  if (stale.sla?.nextAt == null || stale.sla.nextAt > turn.now) return;
  await commitChange(turn, stale.code, (fresh) => {
    if (fresh.version !== stale.version) throw new HelpDeskError('TICKET.NOT_DUE', { code: fresh.code });
    return clockSet(fresh, resettleClock(fresh, sla, turn.now), turn.now, 'recomputed');
  }).catch((err: unknown) => {
    if (!isHelpDeskError(err, 'TICKET.NOT_DUE') && !isHelpDeskError(err, 'STORE.CONFLICT')) throw err;
  });
}

/**
 * Gives a clock to every active ticket opened before the desk kept one, so the sweeper
 * sees them too; returns their codes. Run once at start; a ticket written meanwhile is
 * left to the next run.
 */
export async function adoptUnclockedTickets(turn: Turn): Promise<string[]> {
  const { deps, now } = turn;
  const sla = slaSettingsOf(deps.settings);
  const departments = deps.settings.departments.map((d) => d.id);
  const unclocked: Ticket[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await deps.store.queue({ departments, statuses: ACTIVE_STATUSES, limit: PAGE, offset });
    unclocked.push(...page.items.filter((t) => !t.sla));
    if (offset + PAGE >= page.total) break;
  }
  const adopted: string[] = [];
  for (const old of unclocked) {
    try {
      await commitChange(turn, old.code, (fresh) => {
        if (fresh.sla) throw new HelpDeskError('TICKET.NOT_DUE', { code: fresh.code });
        return clockSet(fresh, adoptClock(fresh, sla, now), now, 'adopted');
      });
      adopted.push(old.code);
    } catch (err) {
      if (!isHelpDeskError(err, 'TICKET.NOT_DUE') && !isHelpDeskError(err, 'STORE.CONFLICT')) throw err;
    }
  }
  return adopted;
}

/** What a sweep would do to one ticket, worked out on copies: nothing is written or sent. */
async function rehearse(turn: Turn, sla: SlaSettings, first: Ticket, whoIsOn: WhoIsOn): Promise<SweepAction[]> {
  const done: SweepAction[] = [];
  let ticket = first;
  for (let i = 0; i < RULES_PER_TICKET; i++) {
    const next = await plan(turn, sla, ticket, whoIsOn);
    if (!next) break;
    const after = clockChange(ticket, next.planned.change, turn.deps.settings).next;
    done.push(describe(after, next.planned, next.tell.told));
    ticket = { ...after, version: ticket.version + 1 };
  }
  return done;
}

function describe(after: Ticket, action: DueAction, told: string[]): SweepAction {
  const out: SweepAction = { code: after.code, rule: action.rule, dueAt: action.dueAt, event: action.change.event.kind, told };
  if (action.change.event.kind === 'sla_breached') out.tier = after.tier;
  return out;
}

const keyOf = (p: Pick<PersonRef, 'platform' | 'userId'>) => `${p.platform}:${p.userId}`;

function personOf(a: Agent): PersonRef {
  return a.locale ? { platform: a.platform, userId: a.userId, name: a.name, locale: a.locale } : { platform: a.platform, userId: a.userId, name: a.name };
}

/**
 * The pushes a rule sends beyond what its event tells the ticket's own people (see
 * describe-change.ts): the page to the on-call agent, the department's leads.
 */
async function alsoTell(turn: Turn, ticket: Ticket, action: DueAction): Promise<{ outbound: Outbound[]; told: string[] }> {
  const { deps } = turn;
  const locale = (p: PersonRef): Locale => p.locale ?? deps.settings.defaultLocale;
  const after = action.change.next;
  const card = (l: Locale) => ticketView(l, after, readingOf(turn), 'staff');
  const words = (l: Locale) => ({
    code: after.code,
    priority: after.priority,
    department: departmentName(l, after.department),
    tier: after.tier,
    name: after.requester.name,
    title: after.title,
  });
  const to = (people: PersonRef[], build: (l: Locale) => Reply): Outbound[] => people.map((person) => ({ to: { kind: 'person', person }, reply: build(locale(person)) }));
  const leads = async () => (await deps.store.listAgents({ department: after.department })).filter((a) => a.role === 'lead').map(personOf);
  const data = action.change.event.data;

  if (action.rule === 'page') {
    const out: Outbound[] = [];
    const told: string[] = [];
    const paged = typeof data.to === 'string' ? await agentOf(turn, data.to) : null;
    if (paged) {
      out.push(...to([personOf(paged)], (l) => reply(t(l, 'sla.page', words(l)), card(l), agentActions(l, after))));
      told.push(keyOf(paged));
    }
    if (data.leads === 1) {
      const named = await Promise.all(String(data.earlier ?? '').split(', ').filter(Boolean).map(async (k) => (await agentOf(turn, k))?.name ?? k));
      const earlier = named.join(', ');
      const people = await leads();
      out.push(
        ...to(people, (l) =>
          reply(
            earlier ? t(l, 'sla.page.leads', { ...words(l), minutes: Number(data.timeoutMinutes), paged: earlier }) : t(l, 'sla.page.nobody', words(l)),
            card(l),
            agentActions(l, after),
          ),
        ),
      );
      told.push(...people.map(keyOf));
    }
    return { outbound: out, told };
  }
  if (action.rule.endsWith('.breach') && ticket.tier >= 3) {
    const people = await leads();
    const target = (l: Locale) => t(l, action.rule === 'firstResponse.breach' ? 'sla.target.firstResponse' : 'sla.target.resolution');
    return { outbound: to(people, (l) => reply(t(l, 'sla.breach.leads', { ...words(l), target: target(l) }), card(l), agentActions(l, after))), told: people.map(keyOf) };
  }
  return { outbound: [], told: [] };
}

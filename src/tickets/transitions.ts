// Pure ticket transitions: (ticket, who, input) -> next ticket + the event that
// records it. No I/O and no clock: `at` comes in with the actor.
import { HelpDeskError } from '../errors.js';
import { isFinished, moveTo } from './lifecycle.js';
import { MAX_TIER, type EventDraft, type EventKind, type PersonRef, type Priority, type Ticket, type Tier } from './ticket.js';

export interface Actor {
  who: PersonRef;
  channel: string;
  at: number;
}

export interface Change {
  next: Ticket;
  event: EventDraft;
}

function change(
  next: Ticket,
  actor: Actor,
  kind: EventKind,
  text: string | null = null,
  data: EventDraft['data'] = {},
): Change {
  return {
    next: { ...next, updatedAt: actor.at },
    event: { at: actor.at, kind, actor: actor.who, channel: actor.channel, text, data },
  };
}

export function claim(t: Ticket, actor: Actor): Change {
  if (t.assignee && (t.status === 'in_progress' || t.status === 'waiting_user')) {
    throw new HelpDeskError('TICKET.ALREADY_CLAIMED', { code: t.code, name: t.assignee.name });
  }
  return change({ ...moveTo(t, 'in_progress'), assignee: actor.who }, actor, 'claimed');
}

export function unclaim(t: Ticket, actor: Actor): Change {
  return change({ ...moveTo(t, 'open'), assignee: null }, actor, 'unclaimed');
}

export function assign(t: Ticket, actor: Actor, to: PersonRef): Change {
  const moved = t.status === 'waiting_user' ? t : moveTo(t, 'in_progress');
  return change({ ...moved, assignee: to }, actor, 'assigned', null, { to: to.userId, toName: to.name });
}

function assertActive(t: Ticket): void {
  if (isFinished(t.status)) throw new HelpDeskError('TICKET.FINISHED', { code: t.code, status: t.status });
}

/** Nobody has it: a reply from someone allowed to claim it makes it theirs. */
export function isUnclaimed(t: Ticket): boolean {
  return t.status === 'open' && !t.assignee;
}

/**
 * Agent to requester: a claimed ticket now waits for the requester's answer.
 * With `claimIfFree`, an unclaimed one is claimed by the replier first, as help
 * desks do, so the answer that comes back has someone to go to.
 */
export function agentReply(t: Ticket, actor: Actor, text: string, claimIfFree = false): Change {
  assertActive(t);
  if (claimIfFree && isUnclaimed(t)) {
    const mine = { ...moveTo(moveTo(t, 'in_progress'), 'waiting_user'), assignee: actor.who };
    return change(mine, actor, 'reply', text, { claimed: 1 });
  }
  const next = t.status === 'in_progress' ? moveTo(t, 'waiting_user') : t;
  return change(next, actor, 'reply', text);
}

/** Requester to agent: the ball is back with the agent. */
export function requesterMessage(t: Ticket, actor: Actor, text: string): Change {
  assertActive(t);
  const next = t.status === 'waiting_user' ? moveTo(t, 'in_progress') : t;
  return change(next, actor, 'message', text);
}

export function note(t: Ticket, actor: Actor, text: string): Change {
  return change(t, actor, 'note', text);
}

export function setPriority(t: Ticket, actor: Actor, priority: Priority, dueAt: number): Change {
  return change({ ...t, priority, dueAt }, actor, 'priority_changed', null, { from: t.priority, to: priority });
}

/** To another department's first-level queue: the guess was wrong, or the problem is theirs. */
export function moveToDepartment(t: Ticket, actor: Actor, department: string): Change {
  if (department === t.department) throw new HelpDeskError('TICKET.SAME_DEPARTMENT', { code: t.code, department });
  const next = { ...moveTo(t, 'open'), department, tier: 1 as Tier, assignee: null };
  return change(next, actor, 'moved', null, { from: t.department, to: department });
}

export function escalate(t: Ticket, actor: Actor, reason: string | null): Change {
  if (t.tier >= MAX_TIER) throw new HelpDeskError('TICKET.MAX_TIER', { code: t.code, tier: t.tier });
  const tier = (t.tier + 1) as Tier;
  return change({ ...moveTo(t, 'open'), tier, assignee: null }, actor, 'escalated', reason, { from: t.tier, to: tier });
}

export function resolve(t: Ticket, actor: Actor, resolution: string): Change {
  return change({ ...moveTo(t, 'resolved'), resolution, resolvedBy: actor.who }, actor, 'resolved', resolution);
}

export function confirm(t: Ticket, actor: Actor): Change {
  if (t.status !== 'resolved') throw new HelpDeskError('TICKET.ILLEGAL_TRANSITION', { code: t.code, from: t.status, to: 'closed' });
  return change(moveTo(t, 'closed'), actor, 'confirmed');
}

/** The requester closes an unworked ticket because the suggested answer was enough. */
export function selfSolve(t: Ticket, actor: Actor): Change {
  if (t.status !== 'open') throw new HelpDeskError('TICKET.ILLEGAL_TRANSITION', { code: t.code, from: t.status, to: 'closed' });
  return change({ ...moveTo(t, 'closed'), resolution: 'faq' }, actor, 'self_solved');
}

/** "Still broken": back to the queue at the same tier; the resolver is told. */
export function reopen(t: Ticket, actor: Actor, text: string | null): Change {
  if (t.status !== 'resolved') throw new HelpDeskError('TICKET.ILLEGAL_TRANSITION', { code: t.code, from: t.status, to: 'open' });
  return change({ ...moveTo(t, 'open'), assignee: null, resolution: null }, actor, 'reopened', text);
}

/**
 * A requester writing again in a closed ticket's mail thread, soon after it closed:
 * the state machine keeps `closed` final everywhere else, so this one way back is explicit.
 */
export function reopenClosed(t: Ticket, actor: Actor, text: string): Change {
  if (t.status !== 'closed') throw new HelpDeskError('TICKET.ILLEGAL_TRANSITION', { code: t.code, from: t.status, to: 'open' });
  const { closedAt: _closed, ...rest } = t;
  return change({ ...rest, status: 'open', assignee: null, resolution: null }, actor, 'reopened', text, { from: 'closed' });
}

export function cancel(t: Ticket, actor: Actor, reason: string | null): Change {
  return change(moveTo(t, 'cancelled'), actor, 'cancelled', reason);
}

// The things people do to a ticket, shared by typed commands and buttons:
// authorise, apply the pure change atomically, tell the others, answer the caller.
import { actorOf, type Turn } from '../turn.js';
import { HelpDeskError } from '../errors.js';
import { sameParticipant } from '../events.js';
import { cleanName } from '../pipeline/hidden-characters.js';
import { t } from '../i18n.js';
import { agentActions, reply, viewFor, type Reply } from '../replies.js';
import { loadTicket } from '../tickets/change-ticket.js';
import { commitChange } from '../tickets/commit-change.js';
import * as transitions from '../tickets/transitions.js';
import type { Change } from '../tickets/transitions.js';
import { isRequester, requireRequester, requireWorker, worksOn } from '../tickets/permissions.js';
import { knowSelves } from '../people/selves.js';
import type { Agent } from '../ports/people-store.js';
import type { PersonRef, Priority, Ticket } from '../tickets/ticket.js';
import { ratingAsk } from '../tickets/rating-words.js';
import { outageUpdates, resolveLinked } from '../outage/fan-out.js';
import { similarOpenTickets } from '../outage/similar-open.js';


/** An agent-only change: permission is checked on every attempt, against the fresh ticket. */
function asWorker(turn: Turn, command: string, decide: (tk: Ticket) => Change) {
  return (tk: Ticket) => {
    requireWorker(turn.agent, tk, command);
    return decide(tk);
  };
}

/** A requester-only change, from any of the requester's identities: permission is checked on every attempt, against the fresh ticket. */
async function asRequester(turn: Turn, code: string, decide: (tk: Ticket) => Change) {
  const mine = await knowSelves(turn);
  return commitChange(turn, code, (tk) => {
    requireRequester(mine, tk);
    return decide(tk);
  });
}

export async function claimTicket(turn: Turn, code: string): Promise<Reply[]> {
  const { after } = await commitChange(
    turn,
    code,
    asWorker(turn, 'claim', (tk) => {
      const agent = turn.agent!;
      if (agent.role === 'agent' && tk.tier > agent.tier) {
        throw new HelpDeskError('AGENT.NOT_IN_DEPARTMENT', { name: agent.name, department: `${tk.department} L${tk.tier}` });
      }
      return transitions.claim(tk, actorOf(turn));
    }),
  );
  return [reply(t(turn.locale, 'claim.done', { code }), viewFor(turn, after), agentActions(turn.locale, after)), ...(await similarOpenTickets(turn, after))];
}

export async function unclaimTicket(turn: Turn, code: string): Promise<Reply[]> {
  const { after } = await commitChange(
    turn,
    code,
    asWorker(turn, 'unclaim', (tk) => {
      if (tk.assignee && turn.agent?.role === 'agent' && !sameParticipant(tk.assignee, turn.from)) {
        throw new HelpDeskError('TICKET.NOT_ASSIGNED_TO_YOU', { code, name: tk.assignee.name });
      }
      return transitions.unclaim(tk, actorOf(turn));
    }),
  );
  return [reply(t(turn.locale, 'unclaim.done', { code }), viewFor(turn, after), agentActions(turn.locale, after))];
}

/** Whether this agent could claim the ticket: the same rule as the Claim button. */
function mayClaim(agent: Agent, tk: Ticket): boolean {
  return agent.role !== 'agent' || tk.tier <= agent.tier;
}

/**
 * `reply` means "to the requester" from an agent and "to the agent" from the requester.
 * An agent's reply to an unclaimed ticket claims it when they could; otherwise they are told it stays unclaimed.
 */
export async function replyOnTicket(turn: Turn, code: string, text: string): Promise<Reply[]> {
  const actor = actorOf(turn);
  const mine = await knowSelves(turn);
  let wasUnclaimed = false;
  // On an open outage the reply reaches every linked requester too, in the same commit.
  const alsoTell = await outageUpdates(turn, code, text);
  const { after } = await commitChange(
    turn,
    code,
    (tk) => {
      if (isRequester(mine, tk)) return transitions.requesterMessage(tk, actor, text);
      const agent = requireWorker(turn.agent, tk, 'reply');
      wasUnclaimed = transitions.isUnclaimed(tk);
      return transitions.agentReply(tk, actor, text, mayClaim(agent, tk));
    },
    alsoTell,
  );
  const params = { code, name: after.requester.name };
  const view = viewFor(turn, after);
  if (isRequester(mine, after)) return [reply(t(turn.locale, 'message.added', params), view)];
  if (!wasUnclaimed) return [reply(t(turn.locale, 'reply.sent', params), view)];
  if (transitions.isUnclaimed(after)) return [reply(t(turn.locale, 'followup.replyUnclaimed', params), view, agentActions(turn.locale, after))];
  return [reply(t(turn.locale, 'followup.replyClaimed', params), view, agentActions(turn.locale, after))];
}

export async function addNote(turn: Turn, code: string, text: string): Promise<Reply[]> {
  const { after } = await commitChange(turn, code, asWorker(turn, 'note', (tk) => transitions.note(tk, actorOf(turn), text)));
  return [reply(t(turn.locale, 'note.added', { code }), viewFor(turn, after))];
}

export async function changePriority(turn: Turn, code: string, priority: Priority): Promise<Reply[]> {
  const { after } = await commitChange(
    turn,
    code,
    asWorker(turn, 'priority', (tk) => transitions.setPriority(tk, actorOf(turn), priority, tk.dueAt)),
  );
  turn.deps.triage.corrected?.(after, 'priority_changed');
  const view = viewFor(turn, after);
  return [reply(t(turn.locale, 'priority.done', { code, priority: view.priorityLabel }), view)];
}

export async function assignTicket(turn: Turn, code: string, userId: string): Promise<Reply[]> {
  const current = await loadTicket(turn.deps.store, code);
  requireWorker(turn.agent, current, 'assign');
  const target =
    (await turn.deps.store.getAgent(turn.from.platform, userId)) ??
    (await turn.deps.store.listAgents()).find((a) => a.userId === userId) ??
    null;
  if (!target) throw new HelpDeskError('AGENT.NOT_FOUND', { user: userId });
  // Agents' names come from platforms and sign-ins too: cleaned like every sender's before anyone reads them.
  const name = cleanName(target.name, target.userId);
  if (!worksOn(target, current.department)) {
    throw new HelpDeskError('AGENT.NOT_IN_DEPARTMENT', { name, department: current.department });
  }
  const to: PersonRef = { platform: target.platform, userId: target.userId, name };
  if (target.locale) to.locale = target.locale;
  const { after } = await commitChange(turn, code, asWorker(turn, 'assign', (tk) => transitions.assign(tk, actorOf(turn), to)));
  return [reply(t(turn.locale, 'assign.done', { code, name }), viewFor(turn, after))];
}

export async function moveTicket(turn: Turn, code: string, department: string): Promise<Reply[]> {
  const known = turn.deps.settings.departments.map((d) => d.id);
  if (!known.includes(department)) throw new HelpDeskError('DEPARTMENT.UNKNOWN', { department, known: known.join(', ') });
  const { after } = await commitChange(turn, code, asWorker(turn, 'move', (tk) => transitions.moveToDepartment(tk, actorOf(turn), department)));
  turn.deps.triage.corrected?.(after, 'moved');
  return [reply(t(turn.locale, 'move.done', { code, department }), viewFor(turn, after))];
}

export async function escalateTicket(turn: Turn, code: string, reason: string | null): Promise<Reply[]> {
  const { after } = await commitChange(turn, code, asWorker(turn, 'escalate', (tk) => transitions.escalate(tk, actorOf(turn), reason)));
  return [reply(t(turn.locale, 'escalate.done', { code, tier: after.tier }), viewFor(turn, after))];
}

export async function resolveTicket(turn: Turn, code: string, resolution: string): Promise<Reply[]> {
  const { after } = await commitChange(turn, code, asWorker(turn, 'resolve', (tk) => transitions.resolve(tk, actorOf(turn), resolution)));
  const done = reply(t(turn.locale, 'resolve.done', { code, name: after.requester.name }), viewFor(turn, after));
  // An outage's parent: the tickets linked to it are resolved with the same words.
  const linked = await resolveLinked(turn, after);
  return linked.length === 0 ? [done] : [done, reply(t(turn.locale, 'outage.resolvedLinked', { count: linked.length, codes: linked.join(', ') }))];
}

export async function confirmFix(turn: Turn, code: string): Promise<Reply[]> {
  const { after } = await asRequester(turn, code, (tk) => transitions.confirm(tk, actorOf(turn)));
  return [reply(t(turn.locale, 'confirm.requester', { code }), viewFor(turn, after)), ratingAsk(turn.locale, after.code)];
}

/** `text`: what is still wrong, when the requester said it with the reopening (a mail). */
export async function reopenTicket(turn: Turn, code: string, text: string | null = null): Promise<Reply[]> {
  const { after } = await asRequester(turn, code, (tk) => transitions.reopen(tk, actorOf(turn), text));
  return [reply(t(turn.locale, 'reopen.requester', { code }), viewFor(turn, after))];
}

/** A closed ticket back in the queue, because its requester wrote again soon after it closed (see mail/mail-commands.ts). */
export async function reopenClosedTicket(turn: Turn, code: string, text: string): Promise<Reply[]> {
  const { after } = await asRequester(turn, code, (tk) => transitions.reopenClosed(tk, actorOf(turn), text));
  return [reply(t(turn.locale, 'reopen.requester', { code }), viewFor(turn, after))];
}

export async function selfSolve(turn: Turn, code: string): Promise<Reply[]> {
  const { after } = await asRequester(turn, code, (tk) => transitions.selfSolve(tk, actorOf(turn)));
  if (after.faqTried) turn.deps.observer?.faqDeflected(after.faqTried);
  return [reply(t(turn.locale, 'selfsolve.done', { code }), viewFor(turn, after))];
}

export async function cancelTicket(turn: Turn, code: string, reason: string | null): Promise<Reply[]> {
  const { after } = await asRequester(turn, code, (tk) => transitions.cancel(tk, actorOf(turn), reason));
  return [reply(t(turn.locale, 'cancel.done', { code }), viewFor(turn, after))];
}

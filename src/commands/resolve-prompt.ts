// Resolve without a resolution (the button, or `ticket resolve CODE` alone)
// asks the agent what they did; their next message in the chat is the answer,
// so the requester reads what was done, not "resolved by Anna".
import type { Turn } from '../turn.js';
import { HelpDeskError } from '../errors.js';
import { t } from '../i18n.js';
import { readPendingAnswer, type PendingAnswer } from './pending-answer.js';
import type { Participant } from '../events.js';
import { reply, viewFor, type Reply } from '../replies.js';
import { loadTicket } from '../tickets/change-ticket.js';
import { canMove } from '../tickets/lifecycle.js';
import { requireWorker } from '../tickets/permissions.js';
import { resolveForm } from './ticket-forms.js';

/** An unanswered question is forgotten after this long: a message written much later is about something else. */
export const RESOLVE_PROMPT_MS = 30 * 60 * 1000;


function keyOf(who: Pick<Participant, 'platform' | 'userId'>): string {
  return `resolve-prompt:${who.platform}:${who.userId}`;
}


/** Checks the agent may resolve the ticket now, so the question is not asked in vain, then asks it. */
export async function askForResolution(turn: Turn, code: string): Promise<Reply[]> {
  const ticket = await loadTicket(turn.deps.store, code);
  requireWorker(turn.agent, ticket, 'resolve');
  if (!canMove(ticket.status, 'resolved')) {
    throw new HelpDeskError('TICKET.ILLEGAL_TRANSITION', { code, from: ticket.status, to: 'resolved' });
  }
  const pending: PendingAnswer = { code: ticket.code, at: turn.now };
  await turn.deps.store.setRef(keyOf(turn.from), JSON.stringify(pending));
  // The answer may come as the next message or through the form, wherever the platform can show one.
  const asked = reply(t(turn.locale, 'words.resolve.ask', { code: ticket.code, name: ticket.requester.name }), viewFor(turn, ticket));
  return [{ ...asked, form: resolveForm(turn.locale, ticket.code) }];
}

/**
 * The ticket this agent was asked to describe a fix for, taken: the question is
 * answered by their next message whatever it is (a command moves on from it).
 */
export async function takeResolutionPrompt(turn: Turn): Promise<string | null> {
  if (!turn.agent) return null;
  const key = keyOf(turn.from);
  const pending = readPendingAnswer(await turn.deps.store.getRef(key));
  if (!pending) return null;
  await turn.deps.store.setRef(key, '');
  return turn.now - pending.at <= RESOLVE_PROMPT_MS ? pending.code : null;
}

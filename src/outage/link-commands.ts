// `ticket link CODE PARENT` (`collega`) and `ticket unlink CODE` (`scollega`), and
// the "same problem" button: an agent ties a ticket to the one it is the same
// problem as. One level only (a parent is never itself linked), both still being
// worked on, the same department unless a lead or admin links them.
//
// The level rule spans two tickets and no store commits two at once (FerretDB has
// no multi-document transactions): the commit re-checks only the child. So after
// it the link looks again, and a link crossed by another made at the same moment
// (the parent linked meanwhile, or a ticket linked under the child) is undone and
// the agent told why. Each side writes its own ticket before reading the other's,
// so of two crossing links at least one sees the other (both may, and both undo).
import { actorOf, type Turn } from '../turn.js';
import { t } from '../i18n.js';
import { reply, ticketView, readingOf, viewFor, type Outbound, type Reply } from '../replies.js';
import { loadTicket } from '../tickets/change-ticket.js';
import { commitChange } from '../tickets/commit-change.js';
import { requireAgent, requireWorker, worksOn } from '../tickets/permissions.js';
import { statusLabel } from '../tickets/ticket-words.js';
import type { Ticket } from '../tickets/ticket.js';
import type { Change } from '../tickets/transitions.js';
import type { CommandOf } from '../commands/command.js';
import { Refusal, answeringRefusals } from '../commands/refusal.js';
import { requireCode } from '../commands/require-code.js';
import { USAGE } from '../commands/usage.js';
import { HelpDeskError } from '../errors.js';
import { sameParticipant } from '../events.js';
import { isWorkedOn } from './linked-tickets.js';
import { forgetOpenOutages } from './open-outages.js';

function linked(turn: Turn, tk: Ticket, parent: Ticket): Change {
  const { who, channel, at } = actorOf(turn);
  const text = t(turn.deps.settings.defaultLocale, 'outage.event.linked', { parent: parent.code });
  const data: Record<string, string> = tk.linkedTo ? { parent: parent.code, from: tk.linkedTo } : { parent: parent.code };
  return { next: { ...tk, linkedTo: parent.code, updatedAt: at }, event: { at, kind: 'linked', actor: who, channel, text, data } };
}

/** The child's requester learns their ticket now follows the outage, in the same commit. */
function tellRequester(turn: Turn, child: Ticket, parent: Ticket): Outbound[] {
  if (sameParticipant(child.requester, turn.from)) return [];
  const locale = child.requester.locale ?? turn.deps.settings.defaultLocale;
  const text = t(locale, 'outage.told', { code: child.code, parent: parent.code, title: parent.title });
  return [{ to: { kind: 'person', person: child.requester }, reply: reply(text, ticketView(locale, child, readingOf(turn), 'requester')) }];
}

/** Why the link just made breaks the one-level rule, now that both tickets are read after it; null when it holds. */
async function crossing(turn: Turn, code: string, parentCode: string): Promise<Refusal | null> {
  const parent = await turn.deps.store.get(parentCode);
  if (parent?.linkedTo) return new Refusal('outage.undone.chain', { code, parent: parentCode, root: parent.linkedTo });
  const [under] = await turn.deps.store.linkedTo([code], 1);
  if (under) return new Refusal('outage.undone.hasLinks', { code, parent: parentCode, under: under.code });
  return null;
}

/** Undoes a link that crossed another (see the top of this file), and says so; the requester told of it hears it is off. */
async function undoIfCrossed(turn: Turn, child: Ticket, parent: Ticket): Promise<void> {
  const refusal = await crossing(turn, child.code, parent.code);
  if (!refusal) return;
  await commitChange(
    turn,
    child.code,
    (tk) => {
      // Already unlinked or linked elsewhere by someone: nothing of this link is left to undo.
      if (tk.linkedTo !== parent.code) throw refusal;
      const { linkedTo: _untied, ...rest } = tk;
      const { who, channel, at } = actorOf(turn);
      const text = t(turn.deps.settings.defaultLocale, 'outage.event.unlinked', { parent: parent.code });
      return { next: { ...rest, updatedAt: at }, event: { at, kind: 'unlinked', actor: who, channel, text, data: { parent: parent.code } } };
    },
    tellUndone(turn, parent, child),
  );
  forgetOpenOutages(turn);
  throw refusal;
}

function tellUndone(turn: Turn, parent: Ticket, child: Ticket): Outbound[] {
  if (sameParticipant(child.requester, turn.from)) return [];
  const locale = child.requester.locale ?? turn.deps.settings.defaultLocale;
  const text = t(locale, 'outage.untold', { code: child.code, parent: parent.code });
  return [{ to: { kind: 'person', person: child.requester }, reply: reply(text, ticketView(locale, child, readingOf(turn), 'requester')) }];
}

export async function linkTickets(turn: Turn, code: string, parentCode: string): Promise<Reply[]> {
  const agent = requireAgent(turn.agent, 'link');
  return answeringRefusals(turn.locale, async () => {
    if (code === parentCode) throw new Refusal('outage.refuse.self');
    const parent = await loadTicket(turn.deps.store, parentCode);
    if (!worksOn(agent, parent.department)) throw new HelpDeskError('AGENT.NOT_IN_DEPARTMENT', { name: agent.name, department: parent.department });
    if (!isWorkedOn(parent)) throw new Refusal('outage.refuse.parentDone', { parent: parent.code, status: statusLabel(turn.locale, parent.status, 'staff') });
    if (parent.linkedTo) throw new Refusal('outage.refuse.chain', { parent: parent.code, root: parent.linkedTo, code });
    if ((await turn.deps.store.linkedTo([code], 1)).length > 0) throw new Refusal('outage.refuse.hasLinks', { code });
    const child = await loadTicket(turn.deps.store, code);
    const { after } = await commitChange(
      turn,
      code,
      (tk) => {
        requireWorker(turn.agent, tk, 'link');
        if (tk.department !== parent.department && agent.role === 'agent') {
          throw new Refusal('outage.refuse.department', { code, department: tk.department, parent: parent.code, parentDepartment: parent.department });
        }
        if (tk.linkedTo === parent.code) throw new Refusal('outage.already', { code, parent: parent.code });
        if (!isWorkedOn(tk)) throw new Refusal('outage.refuse.childDone', { code, status: statusLabel(turn.locale, tk.status, 'staff') });
        return linked(turn, tk, parent);
      },
      tellRequester(turn, child, parent),
    );
    forgetOpenOutages(turn);
    await undoIfCrossed(turn, after, parent);
    return [reply(t(turn.locale, 'outage.linked', { code, parent: parent.code, title: parent.title }), viewFor(turn, after))];
  });
}

export function linkCommand(turn: Turn, command: CommandOf<'link'>): Promise<Reply[]> {
  requireAgent(turn.agent, 'link');
  return linkTickets(turn, requireCode(command.code, USAGE.link), requireCode(command.parent, USAGE.link));
}

export function unlinkCommand(turn: Turn, command: CommandOf<'unlink'>): Promise<Reply[]> {
  requireAgent(turn.agent, 'unlink');
  const code = requireCode(command.code, USAGE.unlink);
  return answeringRefusals(turn.locale, async () => {
    let parent = '';
    const { after } = await commitChange(turn, code, (tk) => {
      requireWorker(turn.agent, tk, 'unlink');
      if (!tk.linkedTo) throw new Refusal('outage.notLinked', { code });
      parent = tk.linkedTo;
      const { linkedTo: _untied, ...rest } = tk;
      const { who, channel, at } = actorOf(turn);
      const text = t(turn.deps.settings.defaultLocale, 'outage.event.unlinked', { parent });
      return { next: { ...rest, updatedAt: at }, event: { at, kind: 'unlinked', actor: who, channel, text, data: { parent } } };
    });
    forgetOpenOutages(turn);
    return [reply(t(turn.locale, 'outage.unlinked', { code, parent }), viewFor(turn, after))];
  });
}

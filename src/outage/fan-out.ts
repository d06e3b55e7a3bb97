// What an outage's parent says reaches the tickets linked to it: an agent's reply
// goes to each linked requester on their own platform, in the same commit as the
// reply (the outbox carries it); a resolution resolves each linked ticket with the
// same words, so each requester confirms or reopens their own. A person hears each
// reply once: not again for a ticket of theirs linked to their own outage, and once
// for several of theirs linked to it.
import { actorOf, type Turn } from '../turn.js';
import { isHelpDeskError } from '../errors.js';
import { sameParticipant, type Locale } from '../events.js';
import { t } from '../i18n.js';
import { readingOf, reply, ticketView, type Outbound } from '../replies.js';
import { commitChange } from '../tickets/commit-change.js';
import { isRequester } from '../tickets/permissions.js';
import { selves } from '../people/selves.js';
import type { Ticket } from '../tickets/ticket.js';
import * as transitions from '../tickets/transitions.js';
import { Refusal } from '../commands/refusal.js';
import { MAX_LINKED, isWorkedOn, linkedBelow } from './linked-tickets.js';
import { forgetOpenOutages, openOutages } from './open-outages.js';

/**
 * The pushes an agent's reply on `code` carries when it is an open outage: one per
 * linked requester still waiting. Only tickets this instance knows as open outages
 * are looked up (see open-outages.ts), so a reply on any other ticket reads nothing more.
 */
export async function outageUpdates(turn: Turn, code: string, text: string): Promise<Outbound[]> {
  if (!turn.agent) return [];
  const { parents } = await openOutages(turn);
  const parent = parents.find((p) => p.code === code);
  if (!parent || isRequester(selves(turn), parent)) return [];
  // Only a ticket known as an open outage itself is looked under: a chain costs a query, no chain none.
  const outages = new Set(parents.map((p) => p.code));
  const below = await linkedBelow(turn.deps.store, code, MAX_LINKED, (c) => outages.has(c));
  const told: Array<Pick<Ticket['requester'], 'platform' | 'userId'>> = [turn.from, parent.requester];
  const children = below.filter((c) => {
    if (!isWorkedOn(c) || told.some((who) => sameParticipant(who, c.requester))) return false;
    told.push(c.requester);
    return true;
  });
  const name = actorOf(turn).who.name;
  const reading = readingOf(turn);
  return children.map((child) => {
    const build = (l: Locale) => reply(t(l, 'outage.reply', { name, parent: code, code: child.code, text }), ticketView(l, child, reading, 'requester'));
    const locale = child.requester.locale ?? turn.deps.settings.defaultLocale;
    return { to: { kind: 'person', person: child.requester }, reply: build(locale) };
  });
}

/**
 * Resolves the tickets linked to a parent just resolved, each in its own commit (its
 * requester is asked to confirm, as for any resolution); the codes resolved. Every
 * linked ticket is looked up, whatever this instance knows: nobody may be left out.
 */
export async function resolveLinked(turn: Turn, parent: Ticket): Promise<string[]> {
  const resolution = parent.resolution ?? '';
  const waiting = (await linkedBelow(turn.deps.store, parent.code, MAX_LINKED)).filter(isWorkedOn);
  const done: string[] = [];
  for (const child of waiting) {
    try {
      await commitChange(turn, child.code, (tk) => {
        // Unlinked, linked elsewhere or finished meanwhile: no longer this outage's to resolve.
        if (tk.linkedTo === undefined || tk.linkedTo !== child.linkedTo || !isWorkedOn(tk)) throw new Refusal('outage.notLinked', { code: tk.code });
        return transitions.resolve(tk, actorOf(turn), resolution);
      });
      done.push(child.code);
    } catch (err) {
      if (!(err instanceof Refusal) && !isHelpDeskError(err)) throw err;
      turn.deps.logger.warn({ code: child.code, parent: parent.code, err }, 'a linked ticket was not resolved with its outage');
    }
  }
  if (waiting.length > 0) forgetOpenOutages(turn);
  return done;
}

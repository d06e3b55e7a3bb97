// Who hears about a change besides the person who made it, and what they read.
// Messages to others go through the Notifier; the caller's own reply is returned.
import { actorOf, type Turn } from '../desk.js';
import { RecipientUnreachableError } from '../errors.js';
import { sameParticipant, type Locale } from '../events.js';
import { t } from '../i18n.js';
import { agentActions, confirmActions, reply, ticketCard, type Outbound, type Reply } from '../replies.js';
import type { Saved } from './change-ticket.js';
import type { PersonRef, Ticket, Tier } from './ticket.js';

function localeOf(turn: Turn, person: PersonRef): Locale {
  return person.locale ?? turn.deps.settings.defaultLocale;
}

function toPerson(turn: Turn, person: PersonRef | null, build: (locale: Locale) => Reply): Outbound[] {
  if (!person || sameParticipant(person, turn.from)) return [];
  return [{ to: { kind: 'person', person }, reply: build(localeOf(turn, person)) }];
}

async function toTeam(turn: Turn, ticket: Ticket, tier: Tier, build: (locale: Locale) => Reply): Promise<Outbound[]> {
  const agents = await turn.deps.store.listAgents({ department: ticket.department, tier });
  const people = agents
    .filter((a) => !sameParticipant(a, turn.from))
    .map(({ platform, userId, name, locale }): PersonRef => (locale ? { platform, userId, name, locale } : { platform, userId, name }));
  const locale = turn.deps.settings.defaultLocale;
  return [{ to: { kind: 'team', department: ticket.department, tier, agents: people }, reply: build(locale) }];
}

function teamCard(locale: Locale, key: 'team.new' | 'unclaim.team' | 'escalate.team' | 'move.team', tk: Ticket, extra = {}): Reply {
  const text = t(locale, key, {
    code: tk.code,
    priority: tk.priority,
    department: tk.department,
    tier: tk.tier,
    name: tk.requester.name,
    title: tk.title,
    reason: '',
    ...extra,
  });
  return reply(text, tk, agentActions(locale, tk));
}

async function outboundFor(turn: Turn, saved: Saved): Promise<Outbound[]> {
  const { after: tk, event } = saved;
  const actor = actorOf(turn).who.name;
  const p = { code: tk.code, name: actor };
  switch (event.kind) {
    case 'created':
      return toTeam(turn, tk, tk.tier, (l) => teamCard(l, 'team.new', tk));
    case 'claimed':
      return toPerson(turn, tk.requester, (l) => reply(t(l, 'claim.requester', p), tk));
    case 'unclaimed':
      return toTeam(turn, tk, tk.tier, (l) => teamCard(l, 'unclaim.team', tk));
    case 'assigned':
      return toPerson(turn, tk.assignee, (l) => reply(t(l, 'assign.assignee', { ...p, title: tk.title }), tk, agentActions(l, tk)));
    case 'reply':
      return toPerson(turn, tk.requester, (l) => reply(t(l, 'reply.requester', { ...p, text: event.text ?? '' }), tk));
    case 'message':
      return tk.assignee
        ? toPerson(turn, tk.assignee, (l) => reply(t(l, 'message.agent', { ...p, text: event.text ?? '' }), tk, agentActions(l, tk)))
        : toTeam(turn, tk, tk.tier, (l) => reply(t(l, 'message.agent', { ...p, text: event.text ?? '' }), tk, agentActions(l, tk)));
    case 'moved':
      return toTeam(turn, tk, tk.tier, (l) => teamCard(l, 'move.team', tk));
    case 'escalated': {
      const reason = event.text ? ` — ${event.text}` : '';
      const team = await toTeam(turn, tk, tk.tier, (l) => teamCard(l, 'escalate.team', tk, { reason }));
      return [...team, ...toPerson(turn, tk.requester, (l) => reply(t(l, 'escalate.requester', { ...p, tier: tk.tier }), tk))];
    }
    case 'resolved':
      return toPerson(turn, tk.requester, (l) =>
        reply(t(l, 'resolve.requester', { ...p, resolution: tk.resolution ?? '' }), tk, confirmActions(l, tk.code)),
      );
    case 'confirmed':
      return toPerson(turn, tk.resolvedBy ?? tk.assignee, (l) => reply(t(l, 'confirm.agent', p), tk));
    case 'auto_closed':
      return [
        ...toPerson(turn, tk.requester, (l) => reply(t(l, 'autoclose.requester', p), tk)),
        ...toPerson(turn, tk.resolvedBy ?? tk.assignee, (l) => reply(t(l, 'autoclose.agent', p), tk)),
      ];
    case 'reopened': {
      const resolver = toPerson(turn, saved.before.resolvedBy, (l) => reply(t(l, 'reopen.agent', p), tk, agentActions(l, tk)));
      return [...resolver, ...(await toTeam(turn, tk, tk.tier, (l) => teamCard(l, 'unclaim.team', tk)))];
    }
    case 'cancelled':
      return toPerson(turn, saved.before.assignee, (l) => reply(t(l, 'cancel.agent', p), tk));
    default:
      return [];
  }
}

/** Tells everyone concerned; a failed delivery is logged, never undoes the change. */
export async function announce(turn: Turn, saved: Saved): Promise<void> {
  const outbound = await outboundFor(turn, saved);
  const results = await Promise.allSettled(outbound.map((o) => turn.deps.notifier.deliver(o)));
  const unreachable: PersonRef[] = [];
  results.forEach((r, i) => {
    if (r.status === 'fulfilled') return;
    const to = outbound[i]!.to;
    if (r.reason instanceof RecipientUnreachableError && to.kind === 'person') unreachable.push(to.person);
    else turn.deps.logger.warn({ err: r.reason, ticket: saved.after.code, to: to.kind }, 'notification not delivered');
  });
  // Whoever acted must know their words did not arrive, rather than wait for an answer.
  for (const person of unreachable) {
    const notice = reply(t(turn.locale, 'notify.unreachable', { name: person.name, platform: person.platform }), saved.after);
    await turn.deps.notifier
      .deliver({ to: { kind: 'person', person: turn.from }, reply: { ...notice, ephemeral: true } })
      .catch((err: unknown) => turn.deps.logger.warn({ err, ticket: saved.after.code }, 'could not tell the actor about an unreachable person'));
  }
  const { kind, text, actor } = saved.event;
  await turn.deps.notifier
    .ticketChanged?.({
      card: ticketCard(turn.deps.settings.defaultLocale, saved.after),
      event: { kind, text, actor },
      people: [saved.after.requester, ...(saved.after.assignee ? [saved.after.assignee] : []), ...(saved.before.assignee ? [saved.before.assignee] : [])],
    })
    .catch((err: unknown) => turn.deps.logger.warn({ err, ticket: saved.after.code }, 'ticket card not updated'));
}

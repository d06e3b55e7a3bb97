// What a committed change means for everyone but the person who made it: the
// messages to people and teams, the card agents see, where it came from. Pure:
// the team's agents are looked up before the commit and passed in.
import type { ChangeRecord } from '../change-record.js';
import { EMAIL_PLATFORM } from '../people/email-address.js';
import { actorOf, type Turn } from '../turn.js';
import { sameParticipant, type Locale } from '../events.js';
import { t } from '../i18n.js';
import { guideTriedLine } from '../faq/guide-words.js';
import type { Agent } from '../ports/people-store.js';
import { agentActions, confirmActions, readerOf, readingOf, reply, ticketCard, ticketView, type Outbound, type Reply } from '../replies.js';
import { selves } from '../people/selves.js';
import { departmentName } from './ticket-words.js';
import { slaSettingsOf } from '../sla/desk-sla.js';
import { pendingRules } from '../sla/ticket-clock.js';
import { leftWords, momentWords } from '../sla/time-words.js';
import type { EventDraft, EventKind, PersonRef, Ticket, Tier } from './ticket.js';
import { withRatingAsk } from './rating-words.js';
import { withFilesOut } from '../files/carry-files.js';

/** Kinds whose record tells the department's agents at the ticket's (new) tier. */
const TEAM_KINDS: ReadonlySet<EventKind> = new Set(['created', 'unclaimed', 'moved', 'escalated', 'reopened', 'message']);

/** Who to ask the store for before committing: the agents of the ticket's queue, when the change concerns them. */
export function teamOf(next: Pick<Ticket, 'department' | 'tier' | 'assignee'>, kind: EventKind): { department: string; tier: Tier } | null {
  // A reminder goes to the assignee, or to the whole queue while nobody holds the ticket.
  if (kind === 'sla_reminder' || kind === 'sla_breached') return next.assignee ? null : { department: next.department, tier: next.tier };
  if (!TEAM_KINDS.has(kind) || (kind === 'message' && next.assignee)) return null;
  return { department: next.department, tier: next.tier };
}

export interface DescribedChange {
  before: Ticket;
  after: Ticket;
  event: Pick<EventDraft, 'kind' | 'text' | 'actor'> & { data?: EventDraft['data'] };
  /** The team's agents (from `teamOf`), empty when the change does not concern them. */
  team: readonly Agent[];
  /** Pushes carried along, after the change's own (a lead also in the team gets both). */
  alsoTell?: readonly Outbound[];
}

function personRef({ platform, userId, name, locale }: PersonRef): PersonRef {
  return locale ? { platform, userId, name, locale } : { platform, userId, name };
}

/** One push per person per change: whoever is told in person is not pushed the team's message too. */
function oncePerPerson(outbound: Outbound[]): Outbound[] {
  const told = outbound.flatMap((o) => (o.to.kind === 'person' ? [o.to.person] : []));
  return outbound.map((o) => {
    if (o.to.kind !== 'team') return o;
    const agents = o.to.agents.filter((a) => !told.some((p) => sameParticipant(p, a)));
    return { ...o, to: { ...o.to, agents } };
  });
}

function outboundFor(turn: Turn, change: DescribedChange): Outbound[] {
  const { after: tk, before, event, team } = change;
  const defaultLocale = turn.deps.settings.defaultLocale;
  const p = { code: tk.code, name: actorOf(turn).who.name };
  // Read at the commit's moment: a platform that draws the due time itself keeps the card current after.
  const reading = readingOf(turn);
  // Pushes go to agents unless they go to the requester, who reads the ticket as theirs (`mine`).
  const v = (locale: Locale) => ticketView(locale, tk, reading, 'staff');
  const mine = (locale: Locale) => ticketView(locale, tk, reading, 'requester');

  const toPerson = (person: PersonRef | null, build: (locale: Locale) => Reply): Outbound[] => {
    if (!person || sameParticipant(person, turn.from)) return [];
    // Whoever acted must know their words did not arrive, rather than wait for an answer.
    const notice = reply(t(turn.locale, 'notify.unreachable', { name: person.name, platform: person.platform }), ticketView(turn.locale, tk, reading, readerOf(selves(turn), tk)));
    return [{ to: { kind: 'person', person }, reply: build(person.locale ?? defaultLocale), ifUnreachable: { ...notice, ephemeral: true } }];
  };
  const toTeam = (build: (locale: Locale) => Reply): Outbound[] => {
    const agents = team.filter((a) => !sameParticipant(a, turn.from)).map(personRef);
    const out: Outbound = { to: { kind: 'team', department: tk.department, tier: tk.tier, agents }, reply: build(defaultLocale) };
    const others = [...new Set(agents.map((a) => a.locale ?? defaultLocale))].filter((l) => l !== defaultLocale);
    if (others.length > 0) out.inLocales = others.map((locale) => ({ locale, reply: build(locale) }));
    return [out];
  };
  const teamCard = (locale: Locale, key: 'team.new' | 'unclaim.team' | 'escalate.team' | 'move.team', extra = {}): Reply => {
    const text = t(locale, key, { code: tk.code, priority: tk.priority, department: departmentName(locale, tk.department), tier: tk.tier, name: tk.requester.name, title: tk.title, reason: '', ...extra });
    // Whoever picks it up sees what the requester already tried, and does not ask it again.
    return reply(tk.guide ? `${text}\n${guideTriedLine(locale, tk.guide)}` : text, v(locale), agentActions(locale, tk));
  };

  switch (event.kind) {
    case 'created':
      return toTeam((l) => teamCard(l, 'team.new'));
    case 'claimed':
      return toPerson(tk.requester, (l) => reply(t(l, 'claim.requester', p), mine(l)));
    case 'unclaimed':
      return toTeam((l) => teamCard(l, 'unclaim.team'));
    case 'assigned':
      return toPerson(tk.assignee, (l) => reply(t(l, 'assign.assignee', { ...p, title: tk.title }), v(l), agentActions(l, tk)));
    case 'reply':
      // By mail, answering is replying: the chat's "or type ticket reply…" would only confuse.
      return toPerson(tk.requester, (l) => reply(t(l, tk.requester.platform === EMAIL_PLATFORM ? 'mail.reply.requester' : 'reply.requester', { ...p, text: event.text ?? '' }), mine(l)));
    case 'message': {
      const build = (l: Locale) => reply(t(l, 'message.agent', { ...p, text: event.text ?? '' }), v(l), agentActions(l, tk));
      return tk.assignee ? toPerson(tk.assignee, build) : toTeam(build);
    }
    case 'moved':
      return toTeam((l) => teamCard(l, 'move.team'));
    case 'escalated': {
      const reason = event.text ? ` — ${event.text}` : '';
      return [...toTeam((l) => teamCard(l, 'escalate.team', { reason })), ...toPerson(tk.requester, (l) => reply(t(l, 'escalate.requester', { ...p, tier: tk.tier }), mine(l)))];
    }
    case 'resolved':
      return toPerson(tk.requester, (l) => reply(t(l, 'resolve.requester', { ...p, resolution: tk.resolution ?? '' }), mine(l), confirmActions(l, tk.code)));
    case 'confirmed':
      return toPerson(tk.resolvedBy ?? tk.assignee, (l) => reply(t(l, 'confirm.agent', p), v(l)));
    case 'auto_closed':
      return [
        // Closed after a resolution nobody answered: the requester is still asked, once, how it went.
        ...toPerson(tk.requester, (l) => withRatingAsk(l, reply(t(l, 'autoclose.requester', p), mine(l)), tk.code)),
        ...toPerson(tk.resolvedBy ?? tk.assignee, (l) => reply(t(l, 'autoclose.agent', p), v(l))),
      ];
    case 'reopened':
      return [...toPerson(before.resolvedBy, (l) => reply(t(l, 'reopen.agent', p), v(l), agentActions(l, tk))), ...toTeam((l) => teamCard(l, 'unclaim.team'))];
    case 'cancelled':
      return toPerson(before.assignee, (l) => reply(t(l, 'cancel.agent', p), v(l)));
    case 'sla_reminder': {
      const build = (l: Locale) => reply(t(l, 'sla.remind', { ...slaWords(turn, tk, l, event.data ?? {}), title: tk.title }), v(l), agentActions(l, tk));
      return tk.assignee ? toPerson(tk.assignee, build) : toTeam(build);
    }
    case 'sla_breached': {
      const words = (l: Locale) => ({ ...slaWords(turn, tk, l, event.data ?? {}), title: tk.title });
      if (tk.tier === before.tier) return toPerson(tk.assignee, (l) => reply(t(l, 'sla.breach.assignee', words(l)), v(l), agentActions(l, tk)));
      return [...toTeam((l) => reply(t(l, 'sla.breach.team', words(l)), v(l), agentActions(l, tk))), ...toPerson(before.assignee, (l) => reply(t(l, 'sla.breach.passed', words(l)), v(l)))];
    }
    case 'waiting_reminder': {
      const closesAt = tk.sla ? pendingRules(tk.sla, tk, slaSettingsOf(turn.deps.settings)).find((r) => r.rule === 'waiting.close')?.at : undefined;
      const when = (l: Locale) => (closesAt === undefined ? '' : momentWords(l, closesAt, zoneOf(turn, tk)));
      return toPerson(tk.requester, (l) => reply(t(l, 'sla.waiting.requester', { ...p, title: tk.title, when: when(l) }), mine(l)));
    }
    case 'closed_unanswered':
      return [...toPerson(tk.requester, (l) => reply(t(l, 'sla.unanswered.requester', p), mine(l))), ...toPerson(tk.assignee, (l) => reply(t(l, 'sla.unanswered.agent', p), v(l)))];
    default:
      return [];
  }
}

function zoneOf(turn: Turn, tk: Ticket): string {
  return slaSettingsOf(turn.deps.settings).calendarFor(tk.department).zone;
}

/** The words an SLA message needs: which target, when it falls due and how far off that is. */
function slaWords(turn: Turn, tk: Ticket, locale: Locale, data: EventDraft['data']) {
  const target = data.target === 'firstResponse' ? 'sla.target.firstResponse' : 'sla.target.resolution';
  const due = typeof data.targetDue === 'number' ? data.targetDue : typeof data.due === 'number' ? data.due : turn.now;
  return {
    code: tk.code,
    priority: tk.priority,
    department: departmentName(locale, tk.department),
    tier: tk.tier,
    target: t(locale, target),
    when: momentWords(locale, due, zoneOf(turn, tk)),
    left: leftWords(locale, due - turn.now),
  };
}

export function describeChange(turn: Turn, change: DescribedChange): ChangeRecord {
  const { after, before, event } = change;
  const origin: ChangeRecord['origin'] = { channel: turn.channel, person: personRef(turn.from) };
  if (turn.origin.eventId) origin.eventId = turn.origin.eventId;
  if (turn.origin.place) origin.place = turn.origin.place;
  return {
    id: `${after.code}#${after.version}`,
    at: turn.now,
    ticket: after,
    event: { kind: event.kind, text: event.text, actor: event.actor },
    previousAssignee: before.assignee,
    outbound: [...withFilesOut(oncePerPerson(outboundFor(turn, change)), after), ...(change.alsoTell ?? [])],
    card: ticketCard(turn.deps.settings.defaultLocale, after, readingOf(turn)),
    origin,
  };
}

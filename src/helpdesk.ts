// The one entry point: people's events in (replies for the sender come back),
// time in (sweeps), and read-only views out. Messages for anyone else leave
// through the outbox, committed with the change that causes them.
import { EMAIL_PLATFORM } from './people/email-address.js';
import { fileOnTicket } from './files/file-access.js';
import { carriedFrom } from './files/carry-files.js';
import { filesNotice } from './commands/files-message.js';
import { isFileId, type TicketFile } from './files/attachment.js';
import * as agentCommands from './commands/agent-commands.js';
import { listTickets } from './commands/requester-commands.js';
import { suggestCodes, type CodeSuggestion } from './commands/code-suggestions.js';
import { agentDepartments, heldSection } from './commands/agent-home.js';
import { searchTickets, type TicketSearch } from './commands/ticket-search.js';
import type { HelpDeskDeps, Turn } from './turn.js';
import { isHelpDeskError } from './errors.js';
import { participantKey, type InboundEvent, type Locale, type Participant } from './events.js';
import { t } from './i18n.js';
import { deliveryKey, isFirstDelivery } from './pipeline/dedupe.js';
import { isFromBot } from './pipeline/ignore-self.js';
import { createMessagePace } from './pipeline/message-pace.js';
import { createOneAtATime } from './pipeline/one-at-a-time.js';
import { findAgent, localeFor } from './pipeline/find-agent.js';
import { cleanEvent } from './pipeline/hidden-characters.js';
import { route } from './pipeline/route.js';
import { linkVouchedAddress } from './pipeline/link-address.js';
import { selvesOf } from './people/selves.js';
import { errorReply, type Reply } from './replies.js';
import { adoptUnclockedTickets, sweepSla, type SlaSweepReport, type SweepOptions } from './sla/sweep-sla.js';
import { SYSTEM } from './sla/sla-actions.js';

/** What one sweep did. */
export interface SweepReport extends SlaSweepReport {
  /** Resolved tickets closed because nobody confirmed them. */
  autoClosed: string[];
}

/** A person's own view of the desk (a home tab): their tickets and, for agents, their queue. */
export interface Overview {
  sections: Reply[];
  /** The reader's language, for what a home tab draws around the sections. */
  locale?: Locale;
  /** For an agent: the departments their queue may be narrowed to, named in their language. */
  departments?: { id: string; name: string }[];
  /** The department the queue shows, when narrowed to one. */
  department?: string;
}

export interface HelpDesk {
  handle(event: InboundEvent): Promise<Reply[]>;
  /** Time-driven work due at `now` (the SLA rules); a dry run writes and sends nothing. */
  sweep(now: number, options?: SweepOptions): Promise<SweepReport>;
  /** Gives an SLA clock to the active tickets opened before the desk kept one; their codes. */
  adoptUnclockedTickets(now: number): Promise<string[]>;
  /** `department`: the agent's queue narrowed to one of their departments (ignored when not theirs). */
  overview(person: Participant, department?: string): Promise<Overview>;
  /** Ticket codes to offer while `person` types one (`first`: the ticket of the thread they type in). */
  suggestCodes(person: Participant, typed: string, first?: string): Promise<CodeSuggestion[]>;
  /** Tickets found for a search box (see searchTickets); a refusal (a requester asking for the queue) is one ephemeral reply. */
  searchTickets(person: Participant, which: TicketSearch, typed: string): Promise<Reply[]>;
  /** A file of a ticket with its bytes, when `person` (as a verifier named them) may open it; null otherwise, whatever the reason. */
  openFile(person: Participant, code: string, fileId: string): Promise<{ file: TicketFile; bytes: Uint8Array } | null>;
}


export function createHelpDesk(deps: HelpDeskDeps): HelpDesk {
  const pace = createMessagePace(deps.settings.messagesPerMinute ?? 0);
  const oneAtATime = createOneAtATime();

  async function turnFor(from: Participant, channel: string, now: number, origin: Turn['origin'] = {}): Promise<Turn> {
    const agent = await findAgent(deps.store, from);
    const locale = localeFor(from, agent, deps.settings.defaultLocale);
    return { deps, from, agent, locale, channel, now, origin, oneAtATime };
  }

  /** Said once when a person goes past their messages a minute; the rest of that minute is not read. */
  async function tooFast(event: InboundEvent, now: number, retryInMs: number): Promise<Reply[]> {
    const turn = await turnFor(event.from, event.channel, now);
    deps.logger.warn({ platform: event.from.platform, user: event.from.userId }, 'a person went past their messages a minute: the rest of their minute is not read');
    const seconds = Math.max(1, Math.ceil(retryInMs / 1000));
    return [{ text: t(turn.locale, 'limit.messages', { limit: deps.settings.messagesPerMinute ?? 0, seconds }), ephemeral: true }];
  }

  async function unexpected(turn: Turn, event: InboundEvent, err: unknown): Promise<Reply[]> {
    const ref = deps.newId().slice(0, 8);
    deps.logger.error({ err, ref, platform: event.from.platform, kind: event.kind }, 'unexpected error while handling an event');
    const key = deliveryKey(event);
    if (key) await deps.store.forget(key).catch(() => undefined);
    return [{ text: t(turn.locale, 'error.unexpected', { ref }), ephemeral: true, failed: true }];
  }

  /** The desk acting on its own; it is nobody's agent, so no lookup (it would fill the people cache before anyone asked). */
  const systemTurn = (now: number): Turn => ({ deps, from: SYSTEM, agent: null, locale: deps.settings.defaultLocale, channel: 'system', now, origin: {}, oneAtATime });

  return {
    adoptUnclockedTickets: (now) => adoptUnclockedTickets(systemTurn(now)),

    async handle(received) {
      if (isFromBot(received)) return [];
      const { event, marked } = cleanEvent(received);
      if (marked > 0) deps.logger.warn({ platform: event.from.platform, userId: event.from.userId, marked }, 'hidden characters in a message were marked');
      const now = deps.clock.now();
      // Before the delivery id is remembered: a flood costs no store write. Not mail: a mail waits in its
      // mailbox until read, one at a time, and robots are held off by the channel's share of answers.
      const paced = event.from.platform === EMAIL_PLATFORM ? ({ verdict: 'read' } as const) : pace.check(participantKey(event.from), now);
      if (paced.verdict === 'ignore') return [];
      if (paced.verdict === 'refuse') return tooFast(event, now, paced.retryInMs);
      if (!(await isFirstDelivery(deps.store, event, now))) return [];
      await deps.faq.refresh?.();
      // A link not written now is written at the person's next message: this one is answered all the same.
      await linkVouchedAddress(deps.store, event.from, now).catch((err: unknown) => deps.logger.warn({ err, platform: event.from.platform }, 'could not link a person to the address their platform gave'));
      const origin: Turn['origin'] = {};
      if (event.id) origin.eventId = event.id;
      if (event.place) origin.place = event.place;
      const turn = await turnFor(event.from, event.channel, now, origin);
      const carried = carriedFrom(event.files, event.refusedFiles);
      if (carried) turn.carried = carried;
      try {
        return [...(await route(turn, event)), ...filesNotice(turn)];
      } catch (err) {
        if (isHelpDeskError(err)) return [errorReply(turn.locale, err), ...filesNotice(turn)];
        return unexpected(turn, event, err);
      }
    },

    async sweep(now, options) {
      const report = await sweepSla(systemTurn(now), options);
      return { ...report, autoClosed: report.actions.filter((a) => a.rule === 'resolved.close').map((a) => a.code) };
    },

    async overview(person, department) {
      const turn = await turnFor(person, person.platform, deps.clock.now());
      const sections = await listTickets(turn);
      const overview: Overview = { sections, locale: turn.locale };
      if (turn.agent) {
        const departments = agentDepartments(turn);
        overview.departments = departments;
        const narrowed = departments.some((d) => d.id === department) ? department : undefined;
        if (narrowed) overview.department = narrowed;
        sections.push(...(await heldSection(turn)));
        try {
          sections.push(...(await agentCommands.showQueue(turn, narrowed ? { verb: 'queue', department: narrowed } : { verb: 'queue' })));
        } catch (err) {
          // An agent of no configured department has no queue to show.
          if (!isHelpDeskError(err)) throw err;
        }
      }
      overview.sections = sections.filter((r) => !r.ephemeral);
      return overview;
    },

    async suggestCodes(person, typed, first) {
      return suggestCodes(await turnFor(person, person.platform, deps.clock.now()), typed, first);
    },

    async openFile(person, code, fileId) {
      if (!isFileId(fileId) || typeof code !== 'string' || code.length > 40) return null;
      const ticket = await deps.store.get(code.toUpperCase());
      if (!ticket) return null;
      const agent = await findAgent(deps.store, person);
      const file = fileOnTicket(person, agent, ticket, fileId, await selvesOf(deps.store, person));
      if (!file) return null;
      const bytes = await deps.store.readFile(file.id);
      return bytes ? { file, bytes } : null;
    },

    async searchTickets(person, which, typed) {
      const turn = await turnFor(person, person.platform, deps.clock.now());
      try {
        return await searchTickets(turn, which, typed);
      } catch (err) {
        if (isHelpDeskError(err)) return [errorReply(turn.locale, err)];
        throw err;
      }
    },
  };
}

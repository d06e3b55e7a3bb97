// What every step and command handler receives: the ports, the settings, and the
// turn being handled (who asked, in which language, when).
import type { Locale, Participant } from './events.js';
import type { ChangeSink } from './ports/change-sink.js';
import type { FileKeeper } from './files/file-keeper.js';
import type { CarriedFiles } from './files/carry-files.js';
import type { Archive } from './archive/archive.js';
import type { Clock } from './ports/clock.js';
import type { FaqMatcher } from './ports/faq-matcher.js';
import type { Logger } from './ports/logger.js';
import type { DeskObserver } from './ports/observer.js';
import type { Agent } from './ports/people-store.js';
import type { LinkedIdentity as Identity } from './ports/address-book.js';
import type { Store } from './ports/store.js';
import type { OneAtATime } from './pipeline/one-at-a-time.js';
import type { SlaSettings } from './sla/sla-config-schema.js';
import type { Actor } from './tickets/transitions.js';
import type { TriageGuesser } from './tickets/triage.js';

/** Tickets of a department get codes with its prefix (it, IT -> IT-42). */
export interface Department {
  id: string;
  prefix: string;
}

export interface DeskSettings {
  departments: readonly Department[];
  defaultLocale: Locale;
  faqAnswerThreshold: number;
  faqSuggestThreshold: number;
  /** A resolved ticket nobody confirms closes by itself after this long (0: never), whatever the policies say; absent: as the policies say. */
  autoCloseMs?: number;
  /** Calendars, policies and on-call rotas (SPORTELLO_CONFIG); absent: the defaults. */
  sla?: SlaSettings;
  /** A closed ticket whose requester writes again in its mail thread within this long opens again; later, a new ticket follows it (absent: 7 days). */
  reopenClosedMs?: number;
  /** Tickets one person may open in an hour (0 or absent: no limit). */
  ticketsPerHour?: number;
  /**
   * `confirm` (the default): free text the FAQ does not answer is offered as a
   * ticket, with the guess shown, before it opens; `direct`: it opens at once.
   */
  ticketIntake?: 'confirm' | 'direct';
  /** Messages (commands and button presses too) one person may send in a minute, agents included (0 or absent: no limit). */
  messagesPerMinute?: number;
  /** Different people who must confirm a wording before it becomes a phrasing of its entry (absent: 2; 0: the desk learns nothing). */
  faqLearnPeople?: number;
}

export interface HelpDeskDeps {
  store: Store;
  /** Delivers committed changes; without it every change is kept in the outbox and nobody is prompted. */
  changes?: ChangeSink;
  clock: Clock;
  logger: Logger;
  faq: FaqMatcher;
  triage: TriageGuesser;
  settings: DeskSettings;
  newId: () => string;
  observer?: DeskObserver;
  /** Closed tickets searchable in memory (`ticket search`, similar tickets on claim); absent: neither is offered. */
  archive?: Archive;
  /** Checks and keeps files; its limits bound what one ticket may hold. Absent: files are refused. */
  files?: FileKeeper;
}

export interface Turn {
  deps: HelpDeskDeps;
  from: Participant;
  /** Set when the sender is a registered agent. */
  agent: Agent | null;
  locale: Locale;
  channel: string;
  now: number;
  /** The platform delivery that caused the turn, so channels can skip echoing it back. */
  origin: { eventId?: string; place?: string };
  /** Runs work after any other this desk runs under the same key (one person's ticket openings). */
  oneAtATime: OneAtATime;
  /** Files the person sent with this event, until a change takes them (see files/carry-files.ts). */
  carried?: CarriedFiles;
  /**
   * The sender's identities on every channel (the sender first), once a command
   * that acts as the requester has loaded them (people/selves.ts); absent: the sender alone.
   */
  selves?: readonly Identity[];
}

export function actorOf(turn: Turn): Actor {
  const { platform, userId, name } = turn.from;
  // An agent's registered language is how later messages to them (a reopen, a confirmation) should read.
  const locale = turn.from.locale ?? turn.agent?.locale;
  const who = locale ? { platform, userId, name, locale } : { platform, userId, name };
  return { who, channel: turn.channel, at: turn.now };
}

// The one module adapters import from.
export { createHelpDesk, type HelpDesk, type SweepReport, type Overview } from './helpdesk.js';
export type { HelpDeskDeps, DeskSettings, Department } from './turn.js';
export { HelpDeskError, isHelpDeskError, RecipientUnreachableError, type ErrorCode } from './errors.js';
export { participantKey, sameParticipant, LOCALES, TICKET_THREAD, SHARED_PLACE, type InboundEvent, type Participant, type Locale } from './events.js';
export type { Command, CommandOf, Verb } from './commands/command.js';
export { asksForNewTicketForm, isCommandText } from './commands/parse-command.js';
export { MAX_SUGGESTIONS, type CodeSuggestion } from './commands/code-suggestions.js';
export { homeWords, type HomeWords } from './commands/agent-home.js';
export { TICKET_SEARCHES, type TicketSearch } from './commands/ticket-search.js';
export { THREAD_DEFAULTS, TO_REQUESTER_PREFIX, keptInternalLine, threadCommand, type ThreadDefault } from './commands/thread-message.js';
export { commandFromAction, commandFromForm } from './commands/command-from-action.js';
export { NEW_TICKET_FORM, deskForm, formErrorSummary, formErrors, formGone, isDeskFormId, newTicketForm, reactionOutcome } from './commands/ticket-forms.js';
export type { FormField, FormOption, Reply, ReplyAction, ReplyForm, Outbound, Recipient } from './replies.js';
export { replyFor } from './replies.js';
export { fillMarks } from './i18n.js';
export type { Store } from './ports/store.js';
export type { OutboxStore, PendingChange, DeliveryFailure } from './ports/outbox-store.js';
export type { ChangeSink } from './ports/change-sink.js';
export { HELD_PER_PERSON, type InboxStore, type HeldMessage, type Addressee } from './ports/inbox-store.js';
export type { WorkSlotStore } from './ports/work-slot-store.js';
export { HISTORY_PER_PERSON, type WebChatStore, type HistoryLine, type HistorySource } from './ports/web-chat-store.js';
export { peopleConcerned, type ChangeRecord, type ChangeOrigin } from './change-record.js';
export type { TicketStore, QueueQuery, Page, RecordOf, TriageCorrection } from './ports/ticket-store.js';
export { ROLES, type Agent, type PeopleStore, type Role } from './ports/people-store.js';
export { AGENT_PLATFORMS, NAME_MAX, readAgentInput, type AgentField, type AgentFields, type AgentProblem, type AgentProblemKind } from './people/read-agent-input.js';
export type { StateStore, FaqOffer, TicketDraft } from './ports/state-store.js';
export type { FaqStore } from './ports/faq-store.js';
export type { FaqLearningStore, LearnedWording, Voucher, WordingSeen, WordingSource, WordingStatus } from './ports/faq-learning-store.js';
export type { ConsoleAccessStore, ConsoleGrant, ConsoleSession } from './ports/console-access-store.js';
export type { OnCallOverrideDraft, OnCallStore, StoredOnCallOverride, StoredWeeklyRota } from './ports/on-call-store.js';
export { withLearnedPhrasings, withRefusedWordings, wordingKey } from './faq/learning-rules.js';
export type { Clock } from './ports/clock.js';
export type { Logger } from './ports/logger.js';
export type { DeskObserver } from './ports/observer.js';
export type { FaqEntry, FaqMatch, FaqMatcher } from './ports/faq-matcher.js';
export { createTfidfMatcher } from './faq/create-tfidf-matcher.js';
export { createSemanticTier, type SemanticTier } from './faq/semantic-tier.js';
export type { Embedder, EmbeddingKind } from './ports/embedder.js';
export { createFaqTriage } from './faq/faq-triage.js';
export { suggestedQuestions } from './faq/suggested-questions.js';
export { createLiveLearntTriage, type LiveLearntTriage } from './faq/live-learnt-triage.js';
export { createLiveFaqMatcher } from './faq/live-faq-matcher.js';
export {
  assertMatchable, checkKnowledgeBase, faqEntryProblems, knowledgeBaseJson, mergeKnowledgeBase, parseKnowledgeBase, usableFaqEntries, KnowledgeBaseError,
  type FaqProblem, type FaqProblemKind,
} from './faq/knowledge-base.js';
export { checkImport } from './faq/check-import.js';
export { createKeywordTriage, type TriageGuesser } from './tickets/triage.js';
export { compareForQueue } from './tickets/queue-order.js';
export { formatCode, parseCode } from './tickets/codes.js';
export {
  STATUSES, PRIORITIES, EVENT_KINDS, toTicketView,
  type Ticket, type TicketEvent, type TicketStatus, type Priority, type Tier, type NewTicket, type EventDraft, type PersonRef, type TicketView, type TicketRating,
} from './tickets/ticket.js';
export { cardFieldName, type CardField } from './tickets/ticket-words.js';
export { utcLabel, type CardPerson } from './tickets/ticket.js';
export { departmentName } from './tickets/ticket-words.js';
export { DEFAULT_CALENDAR, DEFAULT_ZONE, OFFICE_HOURS, WEEKDAYS, alwaysOpenCalendar, createBusinessCalendar, span, weeklyHours, type BusinessCalendar, type CalendarSpec, type HolidayPlace, type OpenSpan, type Weekday, type WeeklyHours } from './sla/business-calendar.js';
export { addBusinessDays, addBusinessTime, businessTimeBetween, isOpen, nextOpening } from './sla/business-time.js';
export { businessDays, formatDuration, hours, minutes, parseDuration, type SlaDuration } from './sla/duration.js';
export { dueAfterPauses, elapsedBusinessTime, pausesFrom, type Pause, type StatusChange } from './sla/pauses.js';
export { DEFAULT_POLICIES, DEFAULT_SLA_POLICIES, withResolvedCloseAfter, clockCalendar, pagesOnCall, policyFor, reminderDue, targetDue, targetLength, type PolicyTable, type SlaClock, type SlaPolicies, type SlaPolicy, type SlaTarget } from './sla/policies.js';
export { NO_ROTA, onDuty, type OnCallRota, type RotaOverride, type Shift, type TierRota } from './sla/on-call.js';
export { onDutyIn, rotaInForce, whoIsOnDuty, type OnCallOverrideInForce, type TierRotaInForce } from './sla/who-is-on-duty.js';
export { SHIFT_HINT, listOf, localTimeText, overrideProblems, readInstant, readOverride, readShifts, shiftText, type OverrideField, type OverrideProblem, type OverrideProblemKind, type OverrideText, type RotaInputResult } from './sla/rota-input.js';
export { SlaConfigError, describeSlaConfigIssues, parseSlaConfig, slaConfigSchema, type SlaConfigInput, type SlaSettings } from './sla/sla-config-schema.js';
export { channelName, priorityLabel, statusLabel, ticketLabels } from './tickets/ticket-words.js';
export { worksOn } from './tickets/permissions.js';
export { isInternal } from './tickets/visibility.js';
export { SLA_RULES, SLA_TARGETS, advanceClock, pendingRules, slaStanding, startClock, type PendingRule, type SlaRule, type SlaStanding, type SlaTargetName, type TicketSla } from './sla/ticket-clock.js';
export { clockChange, clockNewTicket, slaSettingsOf } from './sla/desk-sla.js';
export { SYSTEM, dueAction, type DueAction, type PageContext } from './sla/sla-actions.js';
export { sweepSla, type SlaSweepReport, type SweepAction, type SweepOptions } from './sla/sweep-sla.js';
export { durationWords, leftWords, momentWords } from './sla/time-words.js';
export { dayWords, defaultSlaSettings, expectedResponse, firstResponsePromise, slaStateWords, slaWords, targetWords, type SlaReading, type SlaState, type SlaWords } from './sla/sla-words.js';

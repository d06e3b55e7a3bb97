// What a person asks of the desk, with its arguments named. Typed text
// (`ticket claim IT-42`), buttons, forms and slash-command options all arrive
// as one of these, so no adapter writes command text for the desk to read back.
//
// Arguments are kept as the person gave them (a code as typed, a department as
// chosen). The desk checks them when it runs the command, in one place and in
// the same order for every way in: that is what keeps an agent-only command
// answering "agents only" before "usage", and a form's department checked
// exactly like a typed `--dept`.

export type Command =
  // Anyone.
  | { verb: 'new'; text: string; skipFaq?: boolean; department?: string; urgency?: string }
  /** No code: the caller's active tickets. */
  | { verb: 'status'; code?: string }
  /** `page`: as typed or carried by a Next button, from 1; absent for the first. */
  | { verb: 'list'; page?: string }
  | { verb: 'cancel'; code: string; reason?: string }
  | { verb: 'reply'; code: string; text: string }
  | { verb: 'help' }
  // Agents.
  | { verb: 'queue'; department?: string; page?: string }
  | { verb: 'next' }
  | { verb: 'claim'; code: string }
  | { verb: 'unclaim'; code: string }
  | { verb: 'note'; code: string; text: string }
  /** `P1`…`P4` or a word for one (`critical`, `bassa`…). */
  | { verb: 'priority'; code: string; priority: string }
  /** `agent`: a user id, a leading `@` allowed. */
  | { verb: 'assign'; code: string; agent: string }
  | { verb: 'move'; code: string; department: string }
  /** `askReason`: pressed as a button, so the agent is asked why in a form before anything changes. */
  | { verb: 'escalate'; code: string; reason?: string; askReason?: boolean }
  /**
   * Without `resolution` (the Resolve button) the desk writes who resolved it; typed, it must say something.
   * `faq`: the FAQ entry that would have answered it (`--faq <id>`): the ticket's wording becomes a pending phrasing of it.
   */
  | { verb: 'resolve'; code: string; resolution?: string; faq?: string }
  | { verb: 'faq'; sub: 'add'; question: string; answer: string }
  | { verb: 'faq'; sub: 'promote'; code: string }
  /** Closed tickets by words and filters (see src/archive): each filter as typed, checked when it runs. */
  | { verb: 'search'; words: string; department?: string; priority?: string; agent?: string; requester?: string; from?: string; to?: string }
  /** FAQ drafts (src/faq-drafts): the pending ones, one in full, a lead's decision or edit. `version`: the one a button showed. */
  | { verb: 'faq'; sub: 'drafts' }
  | { verb: 'faq'; sub: 'draft'; id: string }
  | { verb: 'faq'; sub: 'approve' | 'dismiss'; id: string; version?: number }
  /** Without `questions` and `answer` (the Edit button): how to edit it. `questions`: separated by `|`. */
  | { verb: 'faq'; sub: 'edit'; id: string; version?: number; questions?: string; answer?: string }
  // Leads and admins.
  /** The report: `since` like 7d, or `from`/`to` dates; one department or all. */
  | { verb: 'stats'; since?: string; from?: string; to?: string; department?: string }
  // Only buttons ask these.
  | { verb: 'confirm'; code: string }
  | { verb: 'reopen'; code: string }
  | { verb: 'selfsolve'; code: string }
  | { verb: 'faq-yes'; offer: string }
  | { verb: 'faq-no'; offer: string }
  /** `choice`: the position of the picked entry in the offer's list. */
  | { verb: 'faq-pick'; offer: string; choice: number }
  /** Answers to "which ticket is this about?": the ticket, or a new request. */
  | { verb: 'follow-to'; code: string }
  | { verb: 'follow-new' }
  /** Answers to "shall I open a ticket?" (see ticket-intake.ts): open it as guessed, or with a department or urgency picked by position. */
  | { verb: 'intake-open'; offer: string }
  | { verb: 'intake-to'; offer: string; choice: number }
  | { verb: 'intake-as'; offer: string; choice: number }
  /** Show the departments or the urgencies to pick from. */
  | { verb: 'intake-dept'; offer: string }
  | { verb: 'intake-urgency'; offer: string }
  | { verb: 'intake-cancel'; offer: string }
  /** The clarifying form, filled in: what is affected, since when. */
  | { verb: 'intake-details'; offer: string; affected: string; since: string }
  // Only the e-mail channel sends these: a mail says everything at once, and nobody presses a button.
  /** A mail that follows no ticket: the FAQ's sure answer, else a ticket at once. `department`: the mailbox's, when it has one. */
  | { verb: 'mail-new'; subject: string; text: string; department?: string }
  /** A mail in a ticket's thread: SOLVED, a message, or (closed) the ticket again or a new one that follows it. */
  | { verb: 'mail-reply'; code: string; text: string; subject?: string }
  /** A reply to the FAQ's answer mail: SOLVED, or the details that open the ticket. */
  | { verb: 'mail-answer'; offer: string; text: string; subject?: string }
  /** What a mail that opened a ticket is told, again: the desk stopped after opening it, before the answer went out. `origin`: that mail's delivery id. */
  | { verb: 'mail-opened'; origin: string }
  // Outages (agents): tie a ticket to the one it is the same problem as (`parent`), or untie it.
  | { verb: 'link'; code: string; parent: string }
  | { verb: 'unlink'; code: string }
  /** The requester's rating of a closed ticket, 1 to 5 (a button). */
  | { verb: 'rate'; code: string; score: number }
  /** Answers to "we know about <outage>: is this your problem?" (see outage-banner.ts). */
  | { verb: 'outage-yes'; offer: string }
  | { verb: 'outage-no'; offer: string }
  /** A guided fix's step (see guided-fix.ts): done, next, a choice by position, stuck; and, when coming back, continue, start over, something else. */
  | { verb: 'guide-done'; offer: string }
  | { verb: 'guide-next'; offer: string }
  | { verb: 'guide-stuck'; offer: string }
  | { verb: 'guide-resume'; offer: string }
  | { verb: 'guide-restart'; offer: string }
  | { verb: 'guide-else'; offer: string }
  | { verb: 'guide-pick'; offer: string; choice: number };

export type Verb = Command['verb'];

export type CommandOf<V extends Verb> = Extract<Command, { verb: V }>;

// Coded errors: the core throws these for expected outcomes, and each boundary
// turns them into a friendly reply (core) or a status code (HTTP) exactly once.

export type ErrorCode =
  | 'TICKET.NOT_FOUND'
  | 'TICKET.ALREADY_CLAIMED'
  | 'TICKET.ILLEGAL_TRANSITION'
  | 'TICKET.MAX_TIER'
  | 'TICKET.FINISHED'
  | 'TICKET.SAME_DEPARTMENT'
  /** Internal: the sweeper found the ticket touched again since it looked. */
  | 'TICKET.NOT_DUE'
  | 'DEPARTMENT.UNKNOWN'
  | 'TICKET.NOT_ASSIGNED_TO_YOU'
  | 'TICKET.BAD_CODE'
  | 'AUTH.AGENT_ONLY'
  | 'AGENT.NOT_FOUND'
  | 'AGENT.NOT_IN_DEPARTMENT'
  | 'COMMAND.UNKNOWN'
  | 'COMMAND.USAGE'
  | 'QUEUE.EMPTY'
  | 'OFFER.GONE'
  | 'FAQ.NOT_SOLVED'
  | 'FAQ.NOT_AN_ENTRY'
  | 'FAQ.UNKNOWN_ENTRY'
  | 'STORE.CONFLICT'
  /** The person opened as many tickets as an hour allows. */
  | 'LIMIT.TICKETS'
  /** FAQ drafts (src/faq-drafts): none by that id; approved or dismissed already; changed since it was shown; not a lead of its department; an edit that cannot be an entry. */
  | 'DRAFT.NOT_FOUND'
  | 'DRAFT.DECIDED'
  | 'DRAFT.CHANGED'
  | 'DRAFT.LEADS_ONLY'
  | 'DRAFT.INVALID';

export type ErrorParams = Record<string, string | number>;

export class HelpDeskError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: ErrorParams = {},
    options?: { cause?: unknown },
  ) {
    super(`${code} ${JSON.stringify(params)}`, options);
    this.name = 'HelpDeskError';
  }
}

export function isHelpDeskError(err: unknown, code?: ErrorCode): err is HelpDeskError {
  return err instanceof HelpDeskError && (code === undefined || err.code === code);
}

/**
 * Thrown by a Notifier when a platform cannot start a conversation with a person
 * (Teams: nobody can be messaged before they have talked to the bot once).
 */
export class RecipientUnreachableError extends Error {
  override name = 'RecipientUnreachableError';
  constructor(readonly platform: string, readonly userId: string) {
    super(`${platform}:${userId} cannot be messaged yet`);
  }
}

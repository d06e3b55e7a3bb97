// Satisfaction: when a ticket closes (confirmed by its requester, or closed by
// the desk after nobody answered the resolution), the requester is asked once,
// on their platform, for 1 to 5. A click rates it; the next message they write
// soon after, if it is not a command, is taken as a comment. Ignoring the
// question costs nothing: later messages go the usual way.
//
// Not asked when a ticket was cancelled, solved by the requester from the FAQ,
// or closed because the requester stopped answering (they were not there to
// judge the work, and a question after that silence is noise).
import { actorOf, type Turn } from '../turn.js';
import { HelpDeskError } from '../errors.js';
import type { Participant } from '../events.js';
import { t } from '../i18n.js';
import { readPendingAnswer, type PendingAnswer } from './pending-answer.js';
import { reply, type Reply } from '../replies.js';
import { commitChange } from '../tickets/commit-change.js';
import { isRequester, worksOn } from '../tickets/permissions.js';
import { knowSelves } from '../people/selves.js';
import type { Ticket, TicketRating } from '../tickets/ticket.js';
import { yesOrNo } from '../conversation/small-talk.js';
import { SCORES, ratingWords } from '../tickets/rating-words.js';
import { Refusal, answeringRefusals } from './refusal.js';
import { ticketCode } from './require-code.js';

/** A message this soon after the click is the comment; later, it is about something else. */
export const RATING_COMMENT_MS = 10 * 60 * 1000;
/** Longer comments are cut here (a rating's comment is a few sentences, not a new ticket). */
const COMMENT_MAX = 2000;


const keyOf = (who: Pick<Participant, 'platform' | 'userId'>) => `rating-comment:${who.platform}:${who.userId}`;


function isScore(n: number): n is TicketRating['score'] {
  return (SCORES as readonly number[]).includes(n);
}

/** The rating button: only the requester, only once the ticket is closed, only once. */
export function rateTicket(turn: Turn, input: string, score: number): Promise<Reply[]> {
  return answeringRefusals(turn.locale, async () => {
    const code = ticketCode(input);
    if (!isScore(score)) throw new HelpDeskError('COMMAND.UNKNOWN', { command: `rate ${score}`.slice(0, 40) });
    const mine = await knowSelves(turn);
    const { after } = await commitChange(turn, code, (tk) => {
      // An agent who works on it is told why; anyone else learns nothing of a ticket not theirs.
      if (!isRequester(mine, tk)) throw worksOn(turn.agent, tk.department) ? new Refusal('rating.notYours', { code }) : new HelpDeskError('TICKET.NOT_FOUND', { code });
      if (tk.rating) throw new Refusal('rating.twice', { code, score: tk.rating.score });
      if (tk.status !== 'closed') throw new Refusal('rating.notClosed', { code });
      const rating: TicketRating = { score, at: turn.now };
      return rated(turn, tk, rating, { score });
    });
    await turn.deps.store.setRef(keyOf(turn.from), JSON.stringify({ code: after.code, at: turn.now } satisfies PendingAnswer));
    return [reply(t(turn.locale, 'rating.thanks', { code, score }))];
  });
}

function rated(turn: Turn, tk: Ticket, rating: TicketRating, data: Record<string, number>) {
  return {
    next: { ...tk, rating },
    event: { at: turn.now, kind: 'rated' as const, actor: actorOf(turn).who, channel: turn.channel, text: ratingWords(rating), data },
  };
}

/**
 * A message right after a rating is its comment (the caller has checked it is not a
 * command); null when no rating waits for one, and the message goes the usual way.
 */
export async function takeRatingComment(turn: Turn, text: string): Promise<Reply[] | null> {
  const key = keyOf(turn.from);
  const pending = readPendingAnswer(await turn.deps.store.getRef(key));
  if (!pending) return null;
  await turn.deps.store.setRef(key, '');
  const comment = text.trim().slice(0, COMMENT_MAX);
  if (turn.now - pending.at > RATING_COMMENT_MS || !comment) return null;
  // "no grazie", "no thanks": an answer to the invitation, not a comment.
  if (yesOrNo(comment) === 'no') return [reply(t(turn.locale, 'rating.skipped'))];
  const { code } = pending;
  return answeringRefusals(turn.locale, async () => {
    const mine = await knowSelves(turn);
    await commitChange(turn, code, (tk) => {
      if (!isRequester(mine, tk) || !tk.rating || tk.rating.comment) throw new Refusal('rating.twice', { code, score: tk.rating?.score ?? 0 });
      return rated(turn, tk, { ...tk.rating, comment }, { score: tk.rating.score, comment: 1 });
    });
    return [reply(t(turn.locale, 'rating.commentThanks', { code }))];
  });
}

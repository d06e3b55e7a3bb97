// The rating question and how a rating reads: used when a ticket closes (the
// requester's own answer, the desk's auto-close push) and in the transcript.
import type { Locale } from '../events.js';
import { t } from '../i18n.js';
import { reply, type Reply } from '../replies.js';
import type { TicketRating } from './ticket.js';

export const SCORES = [1, 2, 3, 4, 5] as const;

/** The question, with one button per score. */
export function ratingAsk(locale: Locale, code: string): Reply {
  return reply(
    t(locale, 'rating.ask', { code }),
    undefined,
    SCORES.map((score) => ({ id: `rate:${code}_${score}`, label: `${score} ${'★'.repeat(score)}` })),
  );
}

/** A message that says a ticket closed, with the question after it (one push, not two). */
export function withRatingAsk(locale: Locale, said: Reply, code: string): Reply {
  const ask = ratingAsk(locale, code);
  return { ...said, text: `${said.text}\n\n${ask.text}`, actions: [...(said.actions ?? []), ...(ask.actions ?? [])] };
}

/** How a rating reads in the transcript, the same in both languages. */
export function ratingWords(rating: TicketRating): string {
  const stars = `${'★'.repeat(rating.score)}${'☆'.repeat(5 - rating.score)} (${rating.score}/5)`;
  return rating.comment ? `${stars}: ${rating.comment}` : stars;
}


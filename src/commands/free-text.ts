// A message that is not a command: an answer to a waiting ticket, a question
// the FAQ can answer, or a new ticket — in that order.
import type { Turn } from '../desk.js';
import { HelpDeskError } from '../errors.js';
import { t } from '../i18n.js';
import { reply, type Reply } from '../replies.js';
import { openTicket } from '../tickets/open-ticket.js';
import { answerText, confidentAnswer, help } from './requester-commands.js';
import { replyOnTicket } from './ticket-ops.js';

const HELP_WORDS = /^(help|aiuto|\?|ciao|hello|hi)[!.?\s]*$/i;

export async function handleFreeText(turn: Turn, text: string): Promise<Reply[]> {
  if (HELP_WORDS.test(text.trim())) return help(turn);
  const [waiting] = await turn.deps.store.byRequester(turn.from.platform, turn.from.userId, {
    statuses: ['waiting_user'],
    limit: 1,
  });
  if (waiting) return replyOnTicket(turn, waiting.code, text);

  const match = confidentAnswer(turn, text);
  if (match) {
    const id = turn.deps.newId();
    await turn.deps.store.saveOffer({ id, requester: turn.from, text, faqId: match.entry.id, createdAt: turn.now });
    return [
      reply(t(turn.locale, 'faq.answer', { answer: answerText(turn, match) }), undefined, [
        { id: `faq-yes:${id}`, label: t(turn.locale, 'action.faqYes') },
        { id: `faq-no:${id}`, label: t(turn.locale, 'action.faqNo') },
      ]),
    ];
  }
  return ticketOpened(turn, text, null);
}

async function ticketOpened(turn: Turn, text: string, faqTried: string | null): Promise<Reply[]> {
  const ticket = await openTicket(turn, text, faqTried);
  const params = { code: ticket.code, priority: ticket.priority, department: ticket.department };
  return [reply(t(turn.locale, 'ticket.created', params), ticket)];
}

/** "Yes, solved" counts a deflection; "No" opens the ticket, noting which answer was tried. */
export async function answerOffer(turn: Turn, offerId: string, solved: boolean): Promise<Reply[]> {
  const offer = await turn.deps.store.takeOffer(offerId, turn.from);
  if (!offer) throw new HelpDeskError('OFFER.GONE');
  if (!solved) return ticketOpened(turn, offer.text, offer.faqId);
  turn.deps.observer?.faqDeflected(offer.faqId);
  return [reply(t(turn.locale, 'faq.thanks'))];
}

// Requests by e-mail (the mail-* verbs): the same desk as chat, said one mail at
// a time. A new mail gets the FAQ's sure answer or a ticket at once (a mail
// cannot press "Open ticket"); a mail in a ticket's thread is the requester
// writing on it; the confirm question is answered with a word.
import { t } from '../i18n.js';
import type { CommandOf } from '../commands/command.js';
import { learnFromConfirmation, learnFromRefusal, unflag } from '../commands/faq-learning.js';
import { answerText, confidentAnswer } from '../commands/requester-commands.js';
import { confirmFix, reopenClosedTicket, reopenTicket, replyOnTicket } from '../commands/ticket-ops.js';
import { openedReply } from '../commands/ticket-intake.js';
import { filesOnlyText } from '../commands/files-message.js';
import { ticketCode } from '../commands/require-code.js';
import { classifyMessage } from '../conversation/small-talk.js';
import type { FaqEntry } from '../ports/faq-matcher.js';
import type { FaqOffer } from '../ports/state-store.js';
import { reply, type Reply } from '../replies.js';
import { isRequester } from '../tickets/permissions.js';
import { knowSelves } from '../people/selves.js';
import { openTicket, type TicketChoices } from '../tickets/open-ticket.js';
import type { Ticket } from '../tickets/ticket.js';
import type { Turn } from '../turn.js';
import { cleanSubject, mailRequestText, saysSolved, scoreIn, soundsThankful } from './mail-words.js';
import { rateTicket } from '../commands/rating.js';

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_REOPEN_CLOSED_MS = 7 * DAY_MS;

/** "Thanks", "ok", "👍": nothing to act on, and nothing worth a mail back. */
function onlySmallTalk(text: string): boolean {
  return classifyMessage(text).kind === 'small-talk';
}

export async function mailNew(turn: Turn, c: CommandOf<'mail-new'>): Promise<Reply[]> {
  const withFiles = (turn.carried?.pending.length ?? 0) > 0;
  const text = mailRequestText(c.subject, c.text) || filesOnlyText(turn);
  if (!text) return [];
  if (!withFiles && onlySmallTalk(text)) return [];
  // Files want a ticket to live on: a mail with some skips the FAQ.
  if (!withFiles) {
    const top = await confidentAnswer(turn, text);
    if (top) return mailAnswerOffer(turn, text, top.entry);
  }
  return openFromMail(turn, text, c.department ? { department: c.department } : {});
}

async function openFromMail(turn: Turn, text: string, choices: TicketChoices): Promise<Reply[]> {
  // The mail's delivery id stays on the ticket: if the desk stops before its answer is out, the next read finds the ticket by it (mailOpened).
  const ticket = await openTicket(turn, text, turn.origin.eventId ? { ...choices, origin: turn.origin.eventId } : choices);
  return [openedReply(turn, ticket)];
}

/** Nothing when no ticket of the sender's came from that mail: the desk stopped before opening one, and the mail is read as new. */
export async function mailOpened(turn: Turn, c: CommandOf<'mail-opened'>): Promise<Reply[]> {
  const theirs = await turn.deps.store.byRequester(turn.from.platform, turn.from.userId, { limit: 50 });
  // Read afresh after a stop, the mail went to the desk as `<origin>#again<n>`.
  const ticket = theirs.find((tk) => tk.origin === c.origin || tk.origin?.startsWith(`${c.origin}#`));
  return ticket ? [openedReply(turn, ticket)] : [];
}

/** The answer, and how to say whether it helped; the buttons stay on the reply only so the channel knows which offer it is. */
async function mailAnswerOffer(turn: Turn, text: string, entry: FaqEntry): Promise<Reply[]> {
  const offer: FaqOffer = { id: turn.deps.newId(), requester: turn.from, text, faqId: entry.id, createdAt: turn.now };
  await turn.deps.store.saveOffer(offer);
  await turn.deps.store.countFaqAnswer(entry.id, turn.locale);
  await turn.deps.store.noteFaqAnswered(entry.department, turn.now);
  return [
    reply(t(turn.locale, 'mail.faqAnswer', { answer: answerText(turn, entry) }), undefined, [
      { id: `faq-yes:${offer.id}`, label: t(turn.locale, 'action.faqYes') },
      { id: `faq-no:${offer.id}`, label: t(turn.locale, 'action.faqNo') },
    ]),
  ];
}

/** SOLVED (or a thank-you) counts a deflection; anything else opens the ticket with the question, the details and the answer tried. */
export async function mailAnswer(turn: Turn, c: CommandOf<'mail-answer'>): Promise<Reply[]> {
  const offer = await turn.deps.store.takeOffer(c.offer, turn.from);
  // Answered already, or not an answer mail: the words are a request of their own.
  if (!offer || offer.draft || offer.guide || offer.choices) return mailNew(turn, { verb: 'mail-new', subject: c.subject ?? '', text: c.text });
  const said = c.text.trim();
  if (saysSolved(said) || (said && onlySmallTalk(said))) {
    turn.deps.observer?.faqDeflected(offer.faqId);
    await learnFromConfirmation(turn, offer, offer.faqId, 'answer');
    return [reply(t(turn.locale, 'mail.faqSolved'))];
  }
  const alsoTell = await learnFromRefusal(turn, offer, true);
  const text = said ? `${offer.text}\n\n${said}` : offer.text;
  return openFromMail(turn, text, { faqTried: offer.faqId, alsoTell }).catch(async (err: unknown) => {
    if (alsoTell.length > 0) await unflag(turn, offer.faqId);
    throw err;
  });
}

/** A mail in the thread of `code`: where the ticket stands decides what the words do. */
export async function mailReply(turn: Turn, c: CommandOf<'mail-reply'>): Promise<Reply[]> {
  const code = ticketCode(c.code);
  const ticket = await turn.deps.store.get(code);
  // Someone else's ticket (a colleague in copy, a forwarded thread) or none: a request of its own, which tells nobody about that ticket.
  if (!ticket || !isRequester(await knowSelves(turn), ticket)) return mailNew(turn, { verb: 'mail-new', subject: c.subject ?? '', text: c.text });
  const text = c.text.trim() || filesOnlyText(turn);
  if (!text) return [];
  const solved = saysSolved(text);
  const chat = onlySmallTalk(text) || soundsThankful(text);
  switch (ticket.status) {
    case 'resolved':
      if (solved) return confirmFix(turn, code);
      // A thank-you is kept on the ticket without undoing the fix.
      return chat ? quietly(replyOnTicket(turn, code, text)) : reopenTicket(turn, code, text);
    case 'closed':
    case 'cancelled': {
      const score = ticket.status === 'closed' ? scoreIn(text) : null;
      if (score !== null && !ticket.rating) return rateByMail(turn, code, score);
      // Thanks, "all good", a score given twice: nothing to reopen for.
      if (solved || chat || score !== null) return [];
      return withinReopenWindow(turn, ticket) ? reopenClosedTicket(turn, code, text) : followWithNew(turn, ticket, c.subject ?? '', text);
    }
    default:
      return quietly(replyOnTicket(turn, code, text));
  }
}

/** The rating, thanked without the chat's "write a comment now": the next mail in the thread would reopen the ticket instead. */
async function rateByMail(turn: Turn, code: string, score: number): Promise<Reply[]> {
  const replies = await rateTicket(turn, code, score);
  const refused = replies.some((r) => r.ephemeral);
  return refused ? replies : [reply(t(turn.locale, 'mail.rated', { code, score }))];
}

/** The mail is in the thread already: "Added to IT-4" by mail after every reply would only fill the person's inbox. */
async function quietly(work: Promise<Reply[]>): Promise<Reply[]> {
  await work;
  return [];
}

function withinReopenWindow(turn: Turn, ticket: Ticket): boolean {
  if (ticket.status !== 'closed') return false;
  const window = turn.deps.settings.reopenClosedMs ?? DEFAULT_REOPEN_CLOSED_MS;
  return turn.now - (ticket.closedAt ?? ticket.updatedAt) <= window;
}

/** Too long after it closed (or it was cancelled): a new ticket, in the same department, that says which one it follows. */
async function followWithNew(turn: Turn, old: Ticket, subject: string, text: string): Promise<Reply[]> {
  const closed = new Date(old.closedAt ?? old.updatedAt).toISOString().slice(0, 10);
  const title = cleanSubject(subject) || old.title;
  const body = [title, text, t(turn.locale, 'mail.follows', { code: old.code, date: closed })].join('\n\n');
  return openFromMail(turn, body, { department: old.department });
}

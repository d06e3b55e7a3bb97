// A message that is not a command: a follow-up on a ticket under way (or the
// question which one), a question the FAQ can answer (or nearly: "did you
// mean…"), or a new ticket — in that order.
import type { Turn } from '../turn.js';
import { HelpDeskError } from '../errors.js';
import type { Locale } from '../events.js';
import { t } from '../i18n.js';
import type { FaqEntry, FaqMatch } from '../ports/faq-matcher.js';
import type { FaqOffer } from '../ports/state-store.js';
import { reply, type Reply } from '../replies.js';
import { openTicket } from '../tickets/open-ticket.js';
import { learnFromConfirmation, learnFromRefusal, unflag } from './faq-learning.js';
import { answerText, confidentAnswer } from './requester-commands.js';
import { activeTickets, askWhich, followUpOf } from './follow-up.js';
import { replyOnTicket } from './ticket-ops.js';
import { continueIntake, isVague, offerTicket, openedReply, type IntakePointer } from './ticket-intake.js';
import { isOutageOffer, outageBanner } from '../outage/outage-banner.js';
import { isGuided, startGuide } from './guided-fix.js';
import { entryTitleIn } from '../faq/guide.js';

const MAX_CHOICES = 3;

/** Small talk ("grazie", "ok", "👍") has been answered before this: see conversation/small-talk.ts. */
export async function handleFreeText(turn: Turn, text: string): Promise<Reply[]> {
  const follows = followUpOf(await activeTickets(turn), turn.now);
  switch (follows.kind) {
    case 'waiting':
      return replyOnTicket(turn, follows.ticket.code, text);
    case 'recent': {
      const { code } = follows.ticket;
      const [added] = await replyOnTicket(turn, code, text);
      // Sent without being asked: say how to make it a new request instead.
      return [{ ...added!, text: t(turn.locale, 'followup.added', { code }) }];
    }
    case 'ask':
      return askWhich(turn, text, follows.tickets);
    case 'none':
      // An open outage that reads like it comes first: the asker may just be one more person it hit.
      return (await outageBanner(turn, text)) ?? newRequest(turn, text);
  }
}

/** Words that follow no ticket: the FAQ's answer, its guesses, or a ticket (offered first: see ticket-intake.ts). */
export async function newRequest(turn: Turn, text: string, clarified = false): Promise<Reply[]> {
  const { faqAnswerThreshold, faqSuggestThreshold } = turn.deps.settings;
  const matches = await turn.deps.faq.match(text, MAX_CHOICES);
  const top = matches[0];
  if (top && top.confidence >= faqAnswerThreshold && !top.held) return offerAnswer(turn, text, top.entry);
  // Once the person has added details, the FAQ's near guesses were seen (or beside the point): only a sure answer stops the ticket.
  const likely = clarified ? [] : matches.filter((m) => m.confidence >= faqSuggestThreshold);
  if (likely.length > 0) return offerChoices(turn, text, likely);
  return offerTicket(turn, text, clarified);
}

/**
 * A typed message while the desk waits on "shall I open a ticket?": an answer
 * to it, a detail for it, or (when the FAQ answers it alone) a new question.
 */
export async function continueRequest(
  turn: Turn,
  pending: IntakePointer,
  text: string,
  answer: 'yes' | 'no' | null,
): Promise<Reply[]> {
  if (answer === null && pending.stage === 'confirm') {
    const top = await confidentAnswer(turn, text);
    if (top) return offerAnswer(turn, text, top.entry);
  }
  return continueIntake(turn, pending, text, answer, newRequest);
}

async function saveOffer(turn: Turn, text: string, faqId: string, choices?: string[]): Promise<string> {
  const offer: FaqOffer = { id: turn.deps.newId(), requester: turn.from, text, faqId, createdAt: turn.now };
  if (choices) offer.choices = choices;
  await turn.deps.store.saveOffer(offer);
  return offer.id;
}

async function offerAnswer(turn: Turn, text: string, entry: FaqEntry): Promise<Reply[]> {
  const id = await saveOffer(turn, text, entry.id);
  // Counted per language: the web chat suggests the questions most asked in the reader's.
  await turn.deps.store.countFaqAnswer(entry.id, turn.locale);
  // And per day and department, for the report's deflection rate.
  await turn.deps.store.noteFaqAnswered(entry.department, turn.now);
  // An entry with steps walks the person through them instead of showing one block.
  if (isGuided(entry)) return startGuide(turn, text, entry);
  const answer = answerText(turn, entry);
  return [
    reply(t(turn.locale, 'faq.answer', { answer }), undefined, [
      { id: `faq-yes:${id}`, label: t(turn.locale, 'action.faqYes') },
      { id: `faq-no:${id}`, label: t(turn.locale, 'action.faqNo') },
    ]),
  ];
}

async function offerChoices(turn: Turn, text: string, likely: readonly FaqMatch[]): Promise<Reply[]> {
  const choices = likely.map((m) => m.entry.id);
  const id = await saveOffer(turn, text, choices[0]!, choices);
  const actions = likely.map((m, i) => ({ id: `faq-pick:${id}_${i}`, label: entryTitleIn(turn.locale, m.entry) }));
  actions.push({ id: `faq-no:${id}`, label: t(turn.locale, 'action.noneOfThese') });
  return [reply(t(turn.locale, 'faq.didYouMean'), undefined, actions)];
}

async function takeOffer(turn: Turn, offerId: string): Promise<FaqOffer> {
  const offer = await turn.deps.store.takeOffer(offerId, turn.from);
  // A ticket offer or a guide's step is no FAQ answer: its own buttons answer it.
  if (!offer || offer.draft || offer.guide || isOutageOffer(offer)) throw new HelpDeskError('OFFER.GONE');
  return offer;
}

/** "Yes, solved" counts a deflection; "No" opens the ticket, noting which answer was tried. */
export async function answerOffer(turn: Turn, offerId: string, solved: boolean): Promise<Reply[]> {
  const offer = await takeOffer(turn, offerId);
  // "No, open a ticket" is the person's choice already: it opens at once, unless it says too little to act on
  // or the desk cannot tell which team it is for (then it asks, rather than file it under the first).
  if (!solved && turn.deps.settings.ticketIntake !== 'direct' && (isVague(offer.text) || !(await turn.deps.triage.guess(offer.text)).confident)) {
    await learnFromRefusal(turn, offer, false);
    return offerTicket(turn, offer.text, false, offer.faqId);
  }
  if (!solved) {
    const alsoTell = await learnFromRefusal(turn, offer, true);
    const ticket = await openTicket(turn, offer.text, { faqTried: offer.faqId, alsoTell }).catch(async (err: unknown) => {
      // No ticket, no push: the flag waits for a later "No".
      if (alsoTell.length > 0) await unflag(turn, offer.faqId);
      throw err;
    });
    return [openedReply(turn, ticket)];
  }
  turn.deps.observer?.faqDeflected(offer.faqId);
  await learnFromConfirmation(turn, offer, offer.faqId, 'answer');
  return [reply(t(turn.locale, 'faq.thanks'))];
}

/** A pick from "did you mean…": that entry's answer, asked about like any other. */
export async function pickChoice(turn: Turn, offerId: string, choice: number): Promise<Reply[]> {
  const offer = await takeOffer(turn, offerId);
  const entry = turn.deps.faq.entry(offer.choices?.[choice] ?? '');
  if (!entry) throw new HelpDeskError('OFFER.GONE');
  await learnFromConfirmation(turn, offer, entry.id, 'pick');
  return offerAnswer(turn, offer.text, entry);
}

// Before free text becomes a ticket, the desk says the FAQ had no answer and
// offers one with its guess shown (department and urgency in words, each
// changeable); one tap opens it. A short, vague request is first asked what is
// affected and since when, once. When the desk is not sure of the department
// it asks which instead of defaulting to the first. Explicit requests
// (`ticket new`, the new-ticket form, the :ticket: reaction) skip all this.
//
// The offer is kept in the store like a FAQ offer, so a double tap opens one
// ticket; a pointer per person lets a typed "sì" or a typed detail answer it.
import type { Turn } from '../turn.js';
import { HelpDeskError } from '../errors.js';
import { t } from '../i18n.js';
import type { FaqOffer, TicketDraft } from '../ports/state-store.js';
import { openedText, readingOf, reply, viewFor, type Reply, type ReplyAction, type ReplyForm } from '../replies.js';
import { openTicket } from '../tickets/open-ticket.js';
import { priorityFrom, type Level } from '../tickets/priority.js';
import { departmentName, priorityLabel } from '../tickets/ticket-words.js';
import type { Ticket } from '../tickets/ticket.js';
import { words } from '../faq/normalise.js';
import type { CommandOf } from './command.js';

/** A typed "yes" or detail answers an offer this recent; its buttons work for as long as it is kept. */
export const INTAKE_ANSWER_MS = 30 * 60 * 1000;
/** Fewer words than this say too little to route ("pc rotto", "vpn non va"): the desk asks once for more. */
const VAGUE_WORDS = 4;
/** In button order: intake-as:<offer>_0 is high. */
export const URGENCIES: readonly Level[] = ['high', 'medium', 'low'];

/** Too few words to route or act on ("pc rotto"): worth one question before a ticket. */
export function isVague(text: string): boolean {
  return words(text).length < VAGUE_WORDS;
}

/** What a person continuing a conversation must start over from: the text and where the offer stood. */
export interface StartRequest {
  (turn: Turn, text: string, clarified?: boolean): Promise<Reply[]>;
}

export interface IntakePointer {
  offer: string;
  stage: TicketDraft['stage'];
  at: number;
}

const pointerKey = (turn: Turn) => `intake:${turn.from.platform}:${turn.from.userId}`;

/** The reply to a ticket just opened, however it was asked for. */
export function openedReply(turn: Turn, ticket: Ticket): Reply {
  const view = viewFor(turn, ticket);
  return reply(openedText(turn, ticket, view), view);
}

/**
 * Free text the FAQ did not answer: a ticket opened at once (`direct`), or
 * offered. `clarified`: the person has already said more, so no second question.
 */
export async function offerTicket(turn: Turn, text: string, clarified = false, faqTried?: string): Promise<Reply[]> {
  if (turn.deps.settings.ticketIntake === 'direct') return [openedReply(turn, await openTicket(turn, text, { faqTried: null }))];
  const guess = await turn.deps.triage.guess(text);
  const vague = !clarified && isVague(text);
  const draft: TicketDraft = {
    stage: vague ? 'clarify' : 'confirm',
    department: guess.department,
    confident: guess.confident,
    impact: guess.impact,
    urgency: guess.urgency,
  };
  if (faqTried) draft.faqTried = faqTried;
  const id = await saveDraft(turn, text, draft);
  return [vague ? clarifyReply(turn, id) : confirmReply(turn, id, draft)];
}

async function saveDraft(turn: Turn, text: string, draft: TicketDraft): Promise<string> {
  const offer: FaqOffer = { id: turn.deps.newId(), requester: turn.from, text, faqId: '', draft, createdAt: turn.now };
  await turn.deps.store.saveOffer(offer);
  const pointer: IntakePointer = { offer: offer.id, stage: draft.stage, at: turn.now };
  await turn.deps.store.setRef(pointerKey(turn), JSON.stringify(pointer));
  return offer.id;
}

function clarifyReply(turn: Turn, id: string): Reply {
  const { locale } = turn;
  const form: ReplyForm = {
    id: `intake-details:${id}`,
    title: t(locale, 'intake.form.title'),
    openLabel: t(locale, 'intake.form.open'),
    submitLabel: t(locale, 'intake.form.submit'),
    fields: [
      { id: 'affected', label: t(locale, 'intake.form.affected'), placeholder: t(locale, 'intake.form.affectedHint') },
      { id: 'since', label: t(locale, 'intake.form.since'), placeholder: t(locale, 'intake.form.sinceHint'), optional: true },
    ],
  };
  const actions: ReplyAction[] = [
    { id: `intake-open:${id}`, label: t(locale, 'intake.openAsIs') },
    { id: `intake-cancel:${id}`, label: t(locale, 'intake.cancel') },
  ];
  return { ...reply(t(locale, 'intake.clarify'), undefined, actions), form };
}

function departmentActions(turn: Turn, id: string): ReplyAction[] {
  return turn.deps.settings.departments.map((d, i) => ({ id: `intake-to:${id}_${i}`, label: departmentName(turn.locale, d.id) }));
}

function confirmReply(turn: Turn, id: string, draft: TicketDraft): Reply {
  const { locale } = turn;
  const cancel = { id: `intake-cancel:${id}`, label: t(locale, 'intake.cancel') };
  const priority = priorityLabel(locale, priorityFrom(draft.impact, draft.urgency), { sla: readingOf(turn).sla, department: draft.department });
  if (!draft.confident) return reply(t(locale, 'intake.whichTeam', { priority }), undefined, [...departmentActions(turn, id), cancel]);
  const text = t(locale, 'intake.offer', { department: departmentName(locale, draft.department), priority });
  return reply(text, undefined, [
    { id: `intake-open:${id}`, label: t(locale, 'intake.open') },
    { id: `intake-dept:${id}`, label: t(locale, 'intake.changeDept') },
    { id: `intake-urgency:${id}`, label: t(locale, 'intake.changeUrgency') },
    cancel,
  ]);
}

/** The person's offer, gone from the store: a second tap, or a stale or forged button, finds nothing. */
async function takeDraft(turn: Turn, offerId: string): Promise<FaqOffer & { draft: TicketDraft }> {
  const offer = await turn.deps.store.takeOffer(offerId, turn.from);
  if (!offer?.draft) throw new HelpDeskError('OFFER.GONE');
  return offer as FaqOffer & { draft: TicketDraft };
}

async function forgetPointer(turn: Turn, offerId: string): Promise<void> {
  const pointer = await pendingIntake(turn);
  if (pointer?.offer === offerId) await turn.deps.store.setRef(pointerKey(turn), '');
}

async function open(turn: Turn, offer: FaqOffer & { draft: TicketDraft }, department: string, urgency: Level): Promise<Reply[]> {
  await forgetPointer(turn, offer.id);
  return [openedReply(turn, await openTicket(turn, offer.text, { faqTried: offer.draft.faqTried ?? null, department, urgency }))];
}

/** "Open ticket" as shown, or "Open it as it is" after the clarifying question; with no department to accept, it is asked. */
export async function intakeOpen(turn: Turn, c: CommandOf<'intake-open'>): Promise<Reply[]> {
  const offer = await takeDraft(turn, c.offer);
  if (!offer.draft.confident) {
    const draft: TicketDraft = { ...offer.draft, stage: 'confirm' };
    return [confirmReply(turn, await saveDraft(turn, offer.text, draft), draft)];
  }
  return open(turn, offer, offer.draft.department, offer.draft.urgency);
}

export async function intakeTo(turn: Turn, c: CommandOf<'intake-to'>): Promise<Reply[]> {
  const offer = await takeDraft(turn, c.offer);
  const department = turn.deps.settings.departments[c.choice];
  if (!department) throw new HelpDeskError('OFFER.GONE');
  return open(turn, offer, department.id, offer.draft.urgency);
}

export async function intakeAs(turn: Turn, c: CommandOf<'intake-as'>): Promise<Reply[]> {
  const offer = await takeDraft(turn, c.offer);
  const urgency = URGENCIES[c.choice];
  if (!urgency) throw new HelpDeskError('OFFER.GONE');
  return open(turn, offer, offer.draft.department, urgency);
}

/** The choices for one field; the offer moves to a new id so the earlier buttons no longer act. */
export async function intakeChange(turn: Turn, c: CommandOf<'intake-dept' | 'intake-urgency'>): Promise<Reply[]> {
  const offer = await takeDraft(turn, c.offer);
  const id = await saveDraft(turn, offer.text, offer.draft);
  const cancel = { id: `intake-cancel:${id}`, label: t(turn.locale, 'intake.cancel') };
  if (c.verb === 'intake-dept') return [reply(t(turn.locale, 'intake.pickTeam'), undefined, [...departmentActions(turn, id), cancel])];
  const levels = URGENCIES.map((u, i) => ({ id: `intake-as:${id}_${i}`, label: t(turn.locale, `intake.urgency.${u}`) }));
  return [reply(t(turn.locale, 'intake.pickUrgency'), undefined, [...levels, cancel])];
}

export async function intakeCancel(turn: Turn, c: CommandOf<'intake-cancel'>): Promise<Reply[]> {
  await takeDraft(turn, c.offer);
  await forgetPointer(turn, c.offer);
  return [reply(t(turn.locale, 'intake.cancelled'))];
}

/** The clarifying form: the request, with what the person added, starts over (the FAQ may answer it now). */
export async function intakeDetails(turn: Turn, c: CommandOf<'intake-details'>, start: StartRequest): Promise<Reply[]> {
  const offer = await takeDraft(turn, c.offer);
  await forgetPointer(turn, c.offer);
  const lines = [offer.text];
  if (c.affected) lines.push(`${t(turn.locale, 'intake.details.affected')}: ${c.affected}`);
  if (c.since) lines.push(`${t(turn.locale, 'intake.details.since')}: ${c.since}`);
  return start(turn, lines.join('\n'), true);
}

/** The offer a typed answer would answer, if the desk asked one recently. */
export async function pendingIntake(turn: Turn): Promise<IntakePointer | null> {
  const raw = await turn.deps.store.getRef(pointerKey(turn));
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return null;
    const { offer, stage, at } = value as Record<string, unknown>;
    if (typeof offer !== 'string' || (stage !== 'clarify' && stage !== 'confirm') || typeof at !== 'number') return null;
    return turn.now - at < INTAKE_ANSWER_MS ? { offer, stage, at } : null;
  } catch {
    return null;
  }
}

/**
 * A typed message while an offer waits: "yes"/"no" answer it; after the
 * clarifying question, anything else is the detail asked for; after the
 * offer, words that add to it start it over with them joined.
 */
export async function continueIntake(turn: Turn, pointer: IntakePointer, text: string, answer: 'yes' | 'no' | null, start: StartRequest): Promise<Reply[]> {
  if (answer === 'no') return intakeCancel(turn, { verb: 'intake-cancel', offer: pointer.offer });
  if (answer === 'yes') return intakeOpen(turn, { verb: 'intake-open', offer: pointer.offer });
  const offer = await turn.deps.store.takeOffer(pointer.offer, turn.from);
  await turn.deps.store.setRef(pointerKey(turn), '');
  // Answered by a button meanwhile: the words are a new request of their own.
  if (!offer?.draft) return start(turn, text);
  return start(turn, `${offer.text}\n${text.trim()}`, true);
}

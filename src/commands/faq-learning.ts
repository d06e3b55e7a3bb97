// The knowledge loop, run on the presses that say how an answer was received
// (never on the question itself, so answering costs nothing more): a wording
// confirmed by enough different people becomes a phrasing of its entry; an entry
// whose answers keep getting "No" is flagged to its department's leads.
import type { Turn } from '../turn.js';
import { sameParticipant } from '../events.js';
import { keepsFailing, learnableKey, OUTCOME_WINDOW } from '../faq/learning-rules.js';
import { t } from '../i18n.js';
import type { FaqEntry } from '../ports/faq-matcher.js';
import type { Voucher, WordingSource } from '../ports/faq-learning-store.js';
import type { FaqOffer } from '../ports/state-store.js';
import { HelpDeskError } from '../errors.js';
import { reply, type Outbound, type Reply } from '../replies.js';
import { loadTicket } from '../tickets/change-ticket.js';
import { requireAgent, worksOn } from '../tickets/permissions.js';
import { answerText } from './requester-commands.js';
import { resolveTicket } from './ticket-ops.js';
import { departmentName } from '../tickets/ticket-words.js';

/** People who must confirm the same wording before it is learnt without an agent (0: learning off). */
export const DEFAULT_LEARN_PEOPLE = 2;

const learnPeople = (turn: Turn) => turn.deps.settings.faqLearnPeople ?? DEFAULT_LEARN_PEOPLE;

/** A short id an agent can type (`faq learned --approve …`). */
const wordingId = (turn: Turn) => turn.deps.newId().replace(/-/g, '').slice(0, 10);

/** Learning never costs the person their answer: a store that fails here is logged, and the press goes on. */
async function quietly<T>(turn: Turn, what: string, run: () => Promise<T>): Promise<T | null> {
  try {
    return await run();
  } catch (err) {
    turn.deps.logger.warn({ err }, `knowledge loop: could not ${what}`);
    return null;
  }
}

/** Notes `text` as a wording of `entry` vouched for by `by`; approves it once enough people have. Returns the wording's id, or null when nothing was learnt. */
export async function noteWording(turn: Turn, entry: FaqEntry, text: string, source: WordingSource, by: Voucher): Promise<string | null> {
  const key = learnableKey(text, entry);
  if (!key) return null;
  const { store } = turn.deps;
  const wording = await store.noteWording({ id: wordingId(turn), entryId: entry.id, key, text: text.trim(), source, at: turn.now }, by);
  const needed = learnPeople(turn);
  if (wording.status === 'pending' && needed > 0 && wording.people >= needed) {
    const decided = await store.decideWording(wording.id, 'approved', 'people', turn.now);
    if (decided?.status === 'approved') {
      turn.deps.logger.info({ entry: entry.id, wording: wording.id, people: wording.people }, 'knowledge loop: a wording confirmed by enough people is now a phrasing');
      await turn.deps.faq.refresh?.({ force: true });
    }
  }
  return wording.id;
}

/** "Yes, solved" or a pick among "did you mean": the asker's wording counts for the entry. */
export async function learnFromConfirmation(turn: Turn, offer: FaqOffer, entryId: string, source: 'answer' | 'pick'): Promise<void> {
  if (learnPeople(turn) <= 0) return;
  const entry = turn.deps.faq.entry(entryId);
  if (!entry) return;
  const person: Voucher = { kind: 'person', platform: turn.from.platform, userId: turn.from.userId };
  await quietly(turn, 'note a confirmed wording', () => noteWording(turn, entry, offer.text, source, person));
  if (source !== 'answer') return;
  await quietly(turn, 'record a solved answer', async () => {
    const outcomes = await turn.deps.store.recordFaqOutcome(entryId, true, turn.now, OUTCOME_WINDOW);
    // Flagged once per run of "No": the flag goes when the entry recovers, so a later run flags it again.
    if (outcomes.includes(false) && !keepsFailing(outcomes)) await turn.deps.store.clearFaqFlag(entryId);
  });
}

/**
 * "No, open a ticket" after an answer: counts against the entry. Returns the
 * push for the department's leads when this "No" is the one that flags it, to
 * go out with the ticket the "No" opens (see describe-change.ts); when no
 * ticket opens now (`canTell` false) the flag waits for a later "No".
 */
export async function learnFromRefusal(turn: Turn, offer: FaqOffer, canTell: boolean): Promise<Outbound[]> {
  if (learnPeople(turn) <= 0 || offer.choices) return [];
  const entry = turn.deps.faq.entry(offer.faqId);
  if (!entry) return [];
  const flag = await quietly(turn, 'record a refused answer', async () => {
    const outcomes = await turn.deps.store.recordFaqOutcome(entry.id, false, turn.now, OUTCOME_WINDOW);
    // The next person asking nearly this sees the entry among choices, not as the answer.
    const key = learnableKey(offer.text, entry);
    if (key && (await turn.deps.store.noteRefusal({ entryId: entry.id, key, text: offer.text.trim(), at: turn.now }))) await turn.deps.faq.refresh?.({ force: true });
    if (!canTell || !keepsFailing(outcomes)) return [];
    const leads = (await turn.deps.store.listAgents({ department: entry.department })).filter((a) => a.role === 'lead' && !sameParticipant(a, turn.from));
    if (leads.length === 0 || !(await turn.deps.store.flagFaqEntry(entry.id, turn.now))) return [];
    const no = outcomes.filter((solved) => !solved).length;
    turn.deps.logger.info({ entry: entry.id, no, of: outcomes.length }, 'knowledge loop: an entry whose answers keep failing is flagged to its leads');
    return leads.map((lead): Outbound => {
      const locale = lead.locale ?? turn.deps.settings.defaultLocale;
      const { platform, userId, name } = lead;
      const text = t(locale, 'learn.flagged', { id: entry.id, department: departmentName(locale, entry.department), no, total: outcomes.length, wording: offer.text.trim().slice(0, 200) });
      return { to: { kind: 'person', person: lead.locale ? { platform, userId, name, locale: lead.locale } : { platform, userId, name } }, reply: reply(text) };
    });
  });
  return flag ?? [];
}

/** The flag's push could not leave (its ticket did not open): the entry may be flagged again. */
export async function unflag(turn: Turn, entryId: string): Promise<void> {
  await quietly(turn, 'clear a flag whose push did not leave', () => turn.deps.store.clearFaqFlag(entryId));
}

/**
 * `ticket resolve CODE --faq <id> [resolution]`: the entry would have answered
 * the ticket, so its wording becomes a pending phrasing of the entry (an agent
 * decides it: `faq learned`). Without a resolution the entry's answer is it.
 */
export async function resolveWithFaq(turn: Turn, code: string, faqId: string, resolution: string): Promise<Reply[]> {
  const agent = requireAgent(turn.agent, 'resolve');
  const entry = turn.deps.faq.entry(faqId.trim());
  if (!entry) throw new HelpDeskError('FAQ.UNKNOWN_ENTRY', { id: faqId.trim().slice(0, 100) });
  if (!worksOn(agent, entry.department)) throw new HelpDeskError('AGENT.NOT_IN_DEPARTMENT', { name: agent.name, department: entry.department });
  const replies = await resolveTicket(turn, code, resolution || answerText(turn, entry));
  if (learnPeople(turn) <= 0) return replies;
  const ticket = await loadTicket(turn.deps.store, code);
  const noted = await quietly(turn, 'note a resolved ticket\'s wording', () => noteWording(turn, entry, ticket.description, 'ticket', { kind: 'ticket', code: ticket.code }));
  return noted ? [...replies, reply(t(turn.locale, 'learn.proposed', { code: ticket.code, id: entry.id }))] : replies;
}

// A guided fix in the chat: an FAQ entry with steps, one step at a time, with
// buttons (or typed answers) that move on, branch, end solved, or open a ticket
// that carries every step tried. Each step shown is an offer in the store that
// its buttons take, so a double tap acts once and a stale button finds nothing;
// a pointer per person lets them leave and come back (`ticket help`, a
// greeting, or any words that are not a new question).
import type { Turn } from '../turn.js';
import { HelpDeskError } from '../errors.js';
import type { Locale } from '../events.js';
import { words } from '../faq/normalise.js';
import { yesOrNo } from '../conversation/small-talk.js';
import { entryTitleIn, guideName, nextAfter, stepIndex, stepTitle, stepTitleWords, wordsIn, type GuideStep } from '../faq/guide.js';
import type { GuideRun, GuideTaken, GuideTrail } from '../faq/guide-run.js';
import type { GuideStepKind } from '../ports/guide-stats-store.js';
import { t } from '../i18n.js';
import type { FaqEntry, FaqMatch } from '../ports/faq-matcher.js';
import type { FaqOffer } from '../ports/state-store.js';
import { reply, type Outbound, type Reply, type ReplyAction } from '../replies.js';
import { openTicket } from '../tickets/open-ticket.js';
import { learnFromConfirmation, learnFromRefusal, unflag } from './faq-learning.js';
import { openedReply } from './ticket-intake.js';

/** How long a guide left half way waits to be picked up again. */
export const GUIDE_KEEP_MS = 24 * 60 * 60 * 1000;
/** Longer than this, typed words are a message of their own, not an answer to a step. */
const ANSWER_WORDS = 12;

export type GuidedEntry = FaqEntry & { steps: GuideStep[] };
export const isGuided = (entry: FaqEntry): entry is GuidedEntry => Boolean(entry.steps?.length);

/** What a press (or typed answer) asks of the step shown. */
export type GuidePress = { kind: 'done' | 'next' | 'stuck' } | { kind: 'pick'; choice: number };

/** Where a person's guide stands, kept under their key so any later message can find it. */
export interface GuidePointer {
  offer: string;
  entryId: string;
  step: string;
  seq: number;
  at: number;
}

const pointerKey = (turn: Turn) => `guide:${turn.from.platform}:${turn.from.userId}`;

async function mark(turn: Turn, run: GuideRun, step: string, seq: number, kind: GuideStepKind): Promise<void> {
  try {
    await turn.deps.store.markGuideStep({ run: run.run, seq, entryId: run.entryId, stepId: step, kind, at: turn.now });
  } catch (err) {
    // The figures never cost the person their guide.
    turn.deps.logger.warn({ err, entry: run.entryId }, 'guided fix: could not keep a step mark');
  }
}

/**
 * A run from the first step, marked as reached there: a guide started, started
 * over, or changed under the person (the words they typed meanwhile go along).
 */
async function shownFromTheTop(turn: Turn, text: string, entry: GuidedEntry, lead: string, said?: string[]): Promise<Reply> {
  const run: GuideRun = { run: turn.deps.newId(), entryId: entry.id, step: entry.steps[0]!.id, seq: 1, trail: [], startedAt: turn.now };
  if (said) run.said = said;
  await mark(turn, run, run.step, 1, 'reached');
  return showStep(turn, text, entry, run, lead);
}

/** A confident answer (or a pick) of an entry with steps: its first step, instead of the one-block answer. */
export async function startGuide(turn: Turn, text: string, entry: GuidedEntry): Promise<Reply[]> {
  return [await shownFromTheTop(turn, text, entry, t(turn.locale, 'guide.start', { name: entryTitleIn(turn.locale, entry) }))];
}

/** Keeps the step as an offer its buttons take, points the person at it, and words it. */
async function showStep(turn: Turn, text: string, entry: GuidedEntry, run: GuideRun, lead?: string): Promise<Reply> {
  const offer: FaqOffer = { id: turn.deps.newId(), requester: turn.from, text, faqId: entry.id, guide: run, createdAt: turn.now };
  await turn.deps.store.saveOffer(offer);
  const pointer: GuidePointer = { offer: offer.id, entryId: entry.id, step: run.step, seq: run.seq, at: turn.now };
  await turn.deps.store.setRef(pointerKey(turn), JSON.stringify(pointer));
  return stepReply(turn.locale, entry, run, offer.id, lead);
}

function stepReply(locale: Locale, entry: GuidedEntry, run: GuideRun, offerId: string, lead?: string): Reply {
  const index = stepIndex(entry.steps, run.step);
  const step = entry.steps[index]!;
  const parts = lead ? [lead] : [];
  parts.push(t(locale, 'guide.step', { n: run.seq, text: wordsIn(step.text, locale) }));
  const actions: ReplyAction[] = [];
  if (step.ask && step.choices) {
    parts.push(wordsIn(step.ask, locale));
    step.choices.forEach((c, i) => actions.push({ id: `guide-pick:${offerId}_${i}`, label: wordsIn(c.label, locale) }));
    actions.push({ id: `guide-stuck:${offerId}`, label: t(locale, 'guide.action.stuck') });
    parts.push(t(locale, 'guide.typeChoice'));
  } else if (nextAfter(entry.steps, index) === 'ticket') {
    // "Didn't help" after the last thing to try is the ticket itself: one button says so.
    actions.push({ id: `guide-done:${offerId}`, label: t(locale, 'guide.action.done') }, { id: `guide-next:${offerId}`, label: t(locale, 'guide.action.lastNo') });
    parts.push(t(locale, 'guide.typeLast'));
  } else {
    actions.push(
      { id: `guide-done:${offerId}`, label: t(locale, 'guide.action.done') },
      { id: `guide-next:${offerId}`, label: t(locale, 'guide.action.next') },
      { id: `guide-stuck:${offerId}`, label: t(locale, 'guide.action.stuck') },
    );
    parts.push(t(locale, 'guide.typeStep'));
  }
  return reply(parts.join('\n\n'), undefined, actions);
}

/** The guide a person left under way, if it is recent enough to pick up. */
export async function guideInProgress(turn: Turn): Promise<GuidePointer | null> {
  const raw = await turn.deps.store.getRef(pointerKey(turn));
  if (!raw) return null;
  try {
    const v: unknown = JSON.parse(raw);
    if (typeof v !== 'object' || v === null) return null;
    const { offer, entryId, step, seq, at } = v as Record<string, unknown>;
    if (typeof offer !== 'string' || typeof entryId !== 'string' || typeof step !== 'string' || typeof seq !== 'number' || typeof at !== 'number') return null;
    return turn.now - at < GUIDE_KEEP_MS ? { offer, entryId, step, seq, at } : null;
  } catch {
    return null;
  }
}

async function forgetGuide(turn: Turn, offerId: string): Promise<void> {
  const pointer = await guideInProgress(turn);
  if (pointer?.offer === offerId) await turn.deps.store.setRef(pointerKey(turn), '');
}

/** What a press asks when the knowledge base changed under the guide: "done" ends it well; anything else starts it over or hands it to a person. */
type Changed = 'done' | 'other';

/**
 * The step's offer, gone from the store once taken. A stale button of the
 * person's guide hears where it stands (only they see it); an offer that is
 * not theirs, or gone, is refused. When the knowledge base changed under the
 * guide, the press is answered here.
 */
async function takeStep(turn: Turn, offerId: string, pressed: Changed = 'other'): Promise<{ offer: FaqOffer & { guide: GuideRun }; entry: GuidedEntry } | Reply[]> {
  const offer = await turn.deps.store.takeOffer(offerId, turn.from);
  if (!offer?.guide) {
    const pointer = await guideInProgress(turn);
    // Their own guide's step, gone (taken meanwhile by a second press): the pointer must not keep handing out its buttons.
    if (pointer?.offer === offerId) await turn.deps.store.setRef(pointerKey(turn), '');
    if (!pointer || pointer.offer === offerId) throw new HelpDeskError('OFFER.GONE');
    const resume = await resumeReplies(turn, t(turn.locale, 'guide.behind'));
    if (resume.length === 0) throw new HelpDeskError('OFFER.GONE');
    // A press on a button someone else's chat shows must change nothing there (see Slack's card updates).
    return resume.map((r) => ({ ...r, ephemeral: true }));
  }
  const guided = offer as FaqOffer & { guide: GuideRun };
  const entry = turn.deps.faq.entry(offer.faqId);
  if (entry && isGuided(entry) && stepIndex(entry.steps, guided.guide.step) >= 0) return { offer: guided, entry };
  await forgetGuide(turn, offerId);
  return changedUnder(turn, guided, entry ?? null, pressed);
}

/** The guide was edited or removed while the person followed it. */
async function changedUnder(turn: Turn, offer: FaqOffer & { guide: GuideRun }, entry: FaqEntry | null, pressed: Changed): Promise<Reply[]> {
  if (pressed === 'done') return [reply(t(turn.locale, 'faq.thanks'))];
  if (entry && isGuided(entry)) return [await shownFromTheTop(turn, offer.text, entry, t(turn.locale, 'guide.changed'), offer.guide.said)];
  // No guide any more: what the person asked goes to a person (the entry is not blamed: it changed, it did not fail).
  return [openedReply(turn, await openTicket(turn, askedAndSaid(offer), { faqTried: offer.faqId || null }))];
}

/** A press on a step's button, or the same said in words (`words`: kept for the ticket when they say more than the answer). */
export async function pressGuide(turn: Turn, offerId: string, press: GuidePress, words?: string): Promise<Reply[]> {
  const taken = await takeStep(turn, offerId, press.kind === 'done' ? 'done' : 'other');
  if (Array.isArray(taken)) return taken;
  const { offer, entry } = taken;
  const run: GuideRun = words ? { ...offer.guide, said: [...(offer.guide.said ?? []), words] } : offer.guide;
  const index = stepIndex(entry.steps, run.step);
  const step = entry.steps[index]!;
  let to: string;
  if (press.kind === 'stuck') to = 'stuck';
  else if (press.kind === 'done') to = 'solved';
  else if (press.kind === 'pick' && step.choices?.[press.choice]) to = step.choices[press.choice]!.next;
  else if (press.kind === 'pick' || step.choices) {
    // A choice the step does not have (edited since, or forged), or "next" on a question: it wants one of its answers.
    return [await showStep(turn, offer.text, entry, run, t(turn.locale, 'guide.pickOne'))];
  } else to = nextAfter(entry.steps, index);
  const passed: GuideTaken = press.kind === 'pick' ? { step: step.id, choice: press.choice, at: turn.now } : { step: step.id, at: turn.now };
  const after: GuideRun = { ...run, trail: [...run.trail, passed] };
  if (to === 'solved') {
    await mark(turn, run, step.id, run.seq, 'solved');
    return solved(turn, { ...offer, guide: run }, entry);
  }
  // A pressed "I'm stuck" leaves the step unanswered; a choice (or "Didn't help") that ends in a ticket is an answer.
  if (to === 'stuck') return endInTicket(turn, { ...offer, guide: run }, entry, run, 'stuck');
  if (to === 'ticket') return endInTicket(turn, { ...offer, guide: after }, entry, run, 'ended');
  await mark(turn, run, step.id, run.seq, 'moved');
  const next: GuideRun = { ...after, step: to, seq: run.seq + 1 };
  await mark(turn, next, to, next.seq, 'reached');
  return [await showStep(turn, offer.text, entry, next)];
}

async function solved(turn: Turn, offer: FaqOffer & { guide: GuideRun }, entry: GuidedEntry): Promise<Reply[]> {
  await forgetGuide(turn, offer.id);
  turn.deps.observer?.faqDeflected(entry.id);
  await learnFromConfirmation(turn, offer, entry.id, 'answer');
  return [reply(t(turn.locale, 'guide.solved', { n: offer.guide.seq }))];
}

/**
 * The guide ends in a ticket. Should the ticket not open (the person's hourly
 * limit), the step is kept as it was, so nothing they did is lost.
 */
async function endInTicket(turn: Turn, offer: FaqOffer & { guide: GuideRun }, entry: GuidedEntry, at: GuideRun, how: GuideTrail['how']): Promise<Reply[]> {
  await forgetGuide(turn, offer.id);
  let opened: Reply[];
  try {
    opened = await toTicket(turn, offer, entry, how);
  } catch (err) {
    await showStep(turn, offer.text, entry, at);
    throw err;
  }
  // Counted once the ticket is there: a refused one leaves the step as it was, in the figures too.
  await mark(turn, at, at.step, at.seq, how === 'stuck' ? 'stuck' : 'ended');
  return opened;
}

/**
 * Files sent while a guide is under way (a screenshot of the error): a person
 * should look, so the guide ends in a ticket with them, the words and the steps.
 * Null when no guide is under way.
 */
export async function guideWithFiles(turn: Turn, text: string): Promise<Reply[] | null> {
  const pointer = await guideInProgress(turn);
  if (!pointer) return null;
  const offer = await turn.deps.store.takeOffer(pointer.offer, turn.from);
  const entry = offer?.guide ? turn.deps.faq.entry(offer.faqId) : undefined;
  if (!offer?.guide || !entry || !isGuided(entry) || stepIndex(entry.steps, offer.guide.step) < 0) return null;
  const run: GuideRun = { ...offer.guide, said: [...(offer.guide.said ?? []), text] };
  return endInTicket(turn, { ...offer, guide: run }, entry, run, 'stuck');
}

/** Every step shown, in both languages as the guide has them now, with the answer given to each. */
function trailOf(entry: GuidedEntry, run: GuideRun, how: GuideTrail['how']): GuideTrail {
  const byId = new Map(entry.steps.map((s) => [s.id, s]));
  const steps = run.trail.map((taken) => {
    const step = byId.get(taken.step);
    const shown: GuideTrail['steps'][number] = { id: taken.step, title: step ? stepTitleWords(step) : { en: taken.step } };
    if (step?.ask) shown.ask = step.ask;
    const label = taken.choice === undefined ? undefined : step?.choices?.[taken.choice]?.label;
    if (label) shown.answer = label;
    return shown;
  });
  // Stuck at a step: it was shown and not answered.
  if (how === 'stuck' || steps.length === 0 || steps[steps.length - 1]!.id !== run.step) {
    const step = byId.get(run.step);
    if (step) steps.push({ id: step.id, title: stepTitleWords(step), ...(step.ask ? { ask: step.ask } : {}) });
  }
  return { entryId: entry.id, name: guideName(entry), steps, how };
}


/** What a ticket from the guide says: the question that started it, then whatever the person wrote on the way. */
const askedAndSaid = (offer: FaqOffer & { guide: GuideRun }) => [offer.text, ...(offer.guide.said ?? [])].join('\n');

/** The guide did not fix it: a ticket in the entry's department that starts where the guide stopped. */
async function toTicket(turn: Turn, offer: FaqOffer & { guide: GuideRun }, entry: GuidedEntry, how: GuideTrail['how']): Promise<Reply[]> {
  const text = askedAndSaid(offer);
  // Stuck at the very first step, the guide was likely the wrong one: it counts against the entry like a "No".
  const alsoTell: Outbound[] = how === 'stuck' && offer.guide.seq === 1 ? await learnFromRefusal(turn, offer, true) : [];
  const guide = trailOf(entry, offer.guide, how);
  const ticket = await openTicket(turn, text, { faqTried: entry.id, department: entry.department, guide, alsoTell }).catch(async (err: unknown) => {
    if (alsoTell.length > 0) await unflag(turn, entry.id);
    throw err;
  });
  const opened = openedReply(turn, ticket);
  return [{ ...opened, text: `${opened.text}\n${t(turn.locale, 'guide.ticketCarries', { n: guide.steps.length })}` }];
}

/** "You were at step N of …": continue, start over, or hand it to a person (and, after new words, "something else"). */
async function resumeReplies(turn: Turn, lead?: string): Promise<Reply[]> {
  const pointer = await guideInProgress(turn);
  if (!pointer) return [];
  const entry = turn.deps.faq.entry(pointer.entryId);
  if (!entry || !isGuided(entry)) return [];
  const step = entry.steps[stepIndex(entry.steps, pointer.step)];
  if (!step) return [];
  return [resumeReply(turn.locale, entry, step, pointer, lead, false)];
}

function resumeReply(locale: Locale, entry: GuidedEntry, step: GuideStep, pointer: GuidePointer, lead: string | undefined, withElse: boolean): Reply {
  const text = t(locale, 'guide.resume', { name: entryTitleIn(locale, entry), n: pointer.seq, step: stepTitle(step, locale) });
  const actions: ReplyAction[] = [
    { id: `guide-resume:${pointer.offer}`, label: t(locale, 'guide.action.resume') },
    { id: `guide-restart:${pointer.offer}`, label: t(locale, 'guide.action.restart') },
    { id: `guide-stuck:${pointer.offer}`, label: t(locale, 'guide.action.ticket') },
  ];
  if (withElse) actions.push({ id: `guide-else:${pointer.offer}`, label: t(locale, 'guide.action.else') });
  return reply(lead ? `${lead}\n${text}` : text, undefined, actions);
}

/** Continue where the person left: the same step, shown again. */
export async function resumeGuide(turn: Turn, offerId: string): Promise<Reply[]> {
  const taken = await takeStep(turn, offerId);
  if (Array.isArray(taken)) return taken;
  return [await showStep(turn, taken.offer.text, taken.entry, taken.offer.guide)];
}

/** From the first step again, as a new run (the one left counts as left where it stopped). */
export async function restartGuide(turn: Turn, offerId: string): Promise<Reply[]> {
  const taken = await takeStep(turn, offerId);
  if (Array.isArray(taken)) return taken;
  return [await shownFromTheTop(turn, taken.offer.text, taken.entry, t(turn.locale, 'guide.restarted'), taken.offer.guide.said)];
}

/**
 * "Something else": the words last written were a new request after all. The
 * guide stays where it was (resumable), without them; the request starts afresh.
 */
export async function guideElse(turn: Turn, offerId: string, start: (turn: Turn, text: string) => Promise<Reply[]>): Promise<Reply[]> {
  const taken = await takeStep(turn, offerId);
  if (Array.isArray(taken)) return taken;
  const { offer, entry } = taken;
  const said = [...(offer.guide.said ?? [])];
  const request = said.pop();
  const kept: GuideRun = { ...offer.guide };
  if (said.length > 0) kept.said = said;
  else delete kept.said;
  await showStep(turn, offer.text, entry, kept);
  return request ? start(turn, request) : resumeReplies(turn);
}

/** `ticket help` while a guide is under way: where it stands, before the commands. */
export async function helpWithGuide(turn: Turn, help: Reply[]): Promise<Reply[]> {
  return [...(await resumeReplies(turn)), ...help];
}

// Typed answers to a step, after normalise.words (lower case, no accents).
const STUCK = new Set(['bloccato', 'bloccata', 'stuck', 'ticket', 'tecnico', 'operatore', 'human', 'someone', 'qualcuno', 'aiutatemi', 'cannot', 'unable']);
/** Said in two words or more ("non ci riesco", "can't": normalise splits the apostrophe). */
const STUCK_PHRASES = [/\bnon (ci )?riesco\b/, /\bcan t\b/, /\bnon so\b/, /\bdon t know\b/, /\bapri(mi)? (un )?ticket\b/];
const NOT = new Set(['no', 'non', 'not', 'nope', 'niente', 'nulla', 'ancora', 'still', 'didn', 'doesn', 'isn', 'nah', 'next', 'avanti', 'prossimo', 'successivo', 'neanche', 'nemmeno', 'nothing', 'same', 'uguale', 'stesso']);
const WORKS = new Set(['funziona', 'funzionano', 'risolto', 'risolta', 'sistemato', 'sistemata', 'works', 'worked', 'working', 'fixed', 'solved', 'riuscito', 'riuscita']);
/** "ora va", "adesso va": it works, where "va" alone goes anywhere ("va in crash"). */
const WORKS_PHRASES = [/\b(ora|adesso|finalmente) va\b/, /^va$/];
/** "fatto", "ok", "sì", "grazie": the step is done, but was the problem? The desk asks rather than guess. */
const UNSURE = new Set(['fatto', 'fatta', 'done', 'ok', 'okay', 'grazie', 'thanks', 'thank', 'provato', 'tried', 'k', 'bene', 'si', 'yes', 'yep', 'perfetto', 'great']);
/** Words that say nothing more than the answer around them ("ora funziona, grazie mille"). */
const FILLER = new Set(['it', 'ora', 'adesso', 'now', 'e', 'ma', 'the', 'a', 'un', 'per', 'favore', 'please', 'mi', 'me', 'i', 'am', 'm', 's', 'is', 'sono', 'ho', 'have', 'mille', 'tante', 'so', 'much', 'very', 'help', 'aiuto', 'va', 'finalmente', 'all', 'tutto', 'di', 'nuovo', 'again', 'yet', 'still', 'really', 'davvero', 'proprio', 'sempre', 'purtroppo', 'sorry', 'scusa', 'open', 'apri', 'aprimi', 'ci', 'riesco', 't', 'can', 'know', 'do', 'don', 'wow', 'yay', 'evviva', 'yeah']);
const QUESTION_START = new Set(['dove', 'come', 'cosa', 'perche', 'quale', 'quando', 'where', 'how', 'what', 'why', 'which', 'when']);
const YES_LABEL = new Set(['si', 'yes']);
const isAnswerWord = (w: string) => STUCK.has(w) || NOT.has(w) || WORKS.has(w) || UNSURE.has(w) || FILLER.has(w);

/** Whether typed words pick one of a question's choices (the label's words in either language, or yes/no for a yes/no label), and whether they say only that. */
function typedChoice(text: string, said: readonly string[], step: GuideStep): { choice: number; bare: boolean } | null {
  const joined = said.join(' ');
  const yesNo = yesOrNo(text) ?? (said[0] === 'yes' || said[0] === 'si' ? 'yes' : said[0] === 'no' ? 'no' : null);
  const found: { choice: number; label: string[] }[] = [];
  step.choices?.forEach((c, i) => {
    const labels = [c.label.it, c.label.en].filter((l): l is string => Boolean(l)).map((l) => words(l));
    const byWords = labels.find((l) => l.length > 0 && (l.join(' ') === joined || (said.length <= l.length + 3 && l.every((w) => said.includes(w)))));
    const byYesNo = yesNo !== null ? labels.find((l) => l.length === 1 && (yesNo === 'yes' ? YES_LABEL.has(l[0]!) : l[0] === 'no')) : undefined;
    const label = byWords ?? byYesNo;
    if (label) found.push({ choice: i, label });
  });
  if (found.length !== 1) return null;
  const { choice, label } = found[0]!;
  return { choice, bare: said.every((w) => label.includes(w) || YES_LABEL.has(w) || w === 'no' || FILLER.has(w) || UNSURE.has(w)) };
}

/**
 * What typed words say about the step shown: a press, `unsure` (ask again), or
 * null (not an answer to it: a question, a detail). `bare`: the words say the
 * answer and nothing more; a press with more words ("no, e ora la spia è
 * rossa") carries them to the ticket, and "it works" with more ("working but
 * very slow") is asked back rather than taken as solved.
 */
export function readTypedAnswer(text: string, step: GuideStep): { press: GuidePress | 'unsure'; bare: boolean } | null {
  // "va bene" is an "ok", not "it works".
  const said = words(text.replace(/\bva\s+bene\b/giu, 'ok'));
  if (said.length === 0 || said.length > ANSWER_WORDS) return null;
  if (step.choices) {
    const picked = typedChoice(text, said, step);
    if (picked) return { press: { kind: 'pick', choice: picked.choice }, bare: picked.bare };
  }
  const joined = said.join(' ');
  const bare = said.every(isAnswerWord);
  if (said.some((w) => STUCK.has(w)) || STUCK_PHRASES.some((p) => p.test(joined))) return { press: { kind: 'stuck' }, bare };
  // A question back ("where is the button?", "dove va inserito il nastro") is not an answer: it goes on the ticket if one opens.
  if (step.choices || text.trim().endsWith('?') || QUESTION_START.has(said[0]!)) return null;
  if (said.some((w) => NOT.has(w))) return { press: { kind: 'next' }, bare };
  if (said.some((w) => WORKS.has(w)) || WORKS_PHRASES.some((p) => p.test(joined))) return { press: bare ? { kind: 'done' } : 'unsure', bare };
  if (said.every((w) => UNSURE.has(w) || FILLER.has(w))) return { press: 'unsure', bare: true };
  return null;
}

/** A question the FAQ answers on its own, about something else: that answer; the guide waits. */
function answersAlone(turn: Turn, top: FaqMatch, entry: FaqEntry): boolean {
  return top.entry.id !== entry.id && top.confidence >= turn.deps.settings.faqAnswerThreshold && !top.held;
}

async function answeredElsewhere(turn: Turn, text: string, entry: FaqEntry): Promise<boolean> {
  const top = (await turn.deps.faq.match(text, 1))[0];
  return Boolean(top && answersAlone(turn, top, entry));
}

/**
 * A typed message while a guide is under way: an answer to the step shown; a
 * greeting or "help" (the guide is offered back); or words that are not a new
 * question the FAQ can answer on its own (kept for the ticket, and the guide
 * offered back with "something else"). Null: the message is not about the
 * guide (it goes its usual way, and the guide waits).
 */
export async function continueGuide(turn: Turn, pointer: GuidePointer, text: string, smallTalk: 'greeting' | 'help' | 'other' | null): Promise<Reply[] | null> {
  const entry = turn.deps.faq.entry(pointer.entryId);
  if (!entry || !isGuided(entry)) return null;
  const step = entry.steps[stepIndex(entry.steps, pointer.step)];
  if (!step) return null;
  const typed = readTypedAnswer(text, step);
  // An answer that says more, or a "stuck" in a longer message, may be a new problem the FAQ knows: that goes first.
  if (typed && !typed.bare && (await answeredElsewhere(turn, text, entry))) return null;
  if (typed?.press === 'unsure') {
    const taken = await takeStep(turn, pointer.offer);
    if (Array.isArray(taken)) return taken;
    const run: GuideRun = typed.bare ? taken.offer.guide : { ...taken.offer.guide, said: [...(taken.offer.guide.said ?? []), text.trim()] };
    return [await showStep(turn, taken.offer.text, taken.entry, run, t(turn.locale, 'guide.didItWork'))];
  }
  // "I'm stuck" inside a longer message (".. can't log in to my PC"): the person chooses, with the words kept.
  if (typed && !(typed.press.kind === 'stuck' && !typed.bare)) return pressGuide(turn, pointer.offer, typed.press, typed.bare ? undefined : text.trim());
  if (smallTalk === 'greeting' || smallTalk === 'help') return resumeReplies(turn);
  if (smallTalk === 'other') return null;
  if (!typed) {
    const top = (await turn.deps.faq.match(text, 1))[0];
    // The same question again: the guide it started, where it stands.
    if (top?.entry.id === entry.id && top.confidence >= turn.deps.settings.faqSuggestThreshold) return resumeReplies(turn);
    if (top && answersAlone(turn, top, entry)) return null;
  }
  const taken = await turn.deps.store.takeOffer(pointer.offer, turn.from);
  if (!taken?.guide) return null;
  const run: GuideRun = { ...taken.guide, said: [...(taken.guide.said ?? []), text.trim()] };
  // Kept (with the words) as the offer the guide resumes from; the person is asked what they want first.
  await showStep(turn, taken.text, entry, run);
  const now = await guideInProgress(turn);
  return now ? [resumeReply(turn.locale, entry, step, now, t(turn.locale, 'guide.noted'), true)] : null;
}

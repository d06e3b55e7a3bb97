// A guided fix: an FAQ entry's steps, shown one at a time. A step either asks
// the person to try something ("Done, it works" / "Didn't help, next") or asks
// a question whose choices branch. Every path ends in "solved" or "ticket".
// The checks here run at import, so a guide nobody can finish never reaches
// the people following it.
import { LOCALES, type Locale } from '../events.js';
import type { FaqEntry } from '../ports/faq-matcher.js';
import { detectLanguage } from './language.js';
import { words } from './normalise.js';

export type Words = Partial<Record<Locale, string>>;

/** Where a step or a choice leads: another step by id, or one of the two ends. */
export type GuideEnd = 'solved' | 'ticket';
export const GUIDE_ENDS: readonly GuideEnd[] = ['solved', 'ticket'];

export interface GuideChoice {
  label: Words;
  next: string;
}

export interface GuideStep {
  /** Unique within the entry; named by `next` and kept on tickets and in the step figures. */
  id: string;
  /** A few words for the agents' card ("Restart"); absent: the text's first words. */
  title?: Words;
  text: Words;
  /** A question whose `choices` branch (absent: the step is something to try). */
  ask?: Words;
  choices?: GuideChoice[];
  /** For a step to try, where "Didn't help" leads; absent: the following step, or a ticket after the last. */
  next?: string;
}

export const STEP_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
export const MAX_STEPS = 15;
export const MAX_CHOICES = 4;

export const isGuideEnd = (next: string): next is GuideEnd => (GUIDE_ENDS as readonly string[]).includes(next);

/** Where "Didn't help" leads from `index` (a step to try). */
export function nextAfter(steps: readonly GuideStep[], index: number): string {
  return steps[index]!.next ?? steps[index + 1]?.id ?? 'ticket';
}

/** Every place a step leads, in button order. */
export function exitsOf(steps: readonly GuideStep[], index: number): string[] {
  const step = steps[index]!;
  return step.choices ? step.choices.map((c) => c.next) : [nextAfter(steps, index)];
}

export function stepIndex(steps: readonly GuideStep[], id: string): number {
  return steps.findIndex((s) => s.id === id);
}

/** The words in `locale`, or in the other language when the guide has only that. */
export function wordsIn(words: Words, locale: Locale): string {
  return words[locale] ?? words.en ?? words.it ?? '';
}

const TITLE_MAX = 60;

/** A step's short name: its title, or its text's first sentence (without its closing stop) cut short. */
export function stepTitle(step: GuideStep, locale: Locale): string {
  if (step.title) return wordsIn(step.title, locale);
  const first = wordsIn(step.text, locale).split(/(?<=[.!?:])\s|\n/)[0]!.trim().replace(/[.:]$/, '');
  return first.length > TITLE_MAX ? `${first.slice(0, TITLE_MAX - 1)}…` : first;
}

/** A step's short name in every language its text has. */
export function stepTitleWords(step: GuideStep): Words {
  const out: Words = {};
  for (const l of LOCALES) if (step.text[l]) out[l] = stepTitle(step, l);
  return out;
}

/** The phrasing of an entry a guide (or a choice) is called by: one in this language, else one too short to tell, else the first. */
export function entryTitleIn(locale: Locale, entry: FaqEntry): string {
  const read = entry.questions.map((q) => ({ q, language: detectLanguage(words(q)) }));
  return (read.find((r) => r.language === locale) ?? read.find((r) => r.language === null) ?? read[0]!).q;
}

/** A guide's name in each language. */
export function guideName(entry: FaqEntry): Words {
  const out: Words = {};
  for (const l of LOCALES) out[l] = entryTitleIn(l, entry);
  return out;
}

export type GuideProblemKind = 'duplicate-step' | 'unknown-step' | 'unreachable-step' | 'step-loop' | 'missing-language' | 'choices';

export interface GuideProblem {
  /** As the file names it: `steps.2.next`, `steps.0.text.en`. */
  path: (string | number)[];
  kind: GuideProblemKind;
  /** In English, after the entry's label. */
  said: string;
}

/** Every language every text of a step must be in: the entry's answer's. */
function languageProblems(steps: readonly GuideStep[], languages: readonly Locale[]): GuideProblem[] {
  const out: GuideProblem[] = [];
  const need = (words: Words | undefined, path: (string | number)[]) => {
    if (!words) return;
    for (const l of languages) if (!words[l]) out.push({ path: [...path, l], kind: 'missing-language', said: `has no "${l}" text (the entry's answer has one)` });
  };
  steps.forEach((s, i) => {
    need(s.text, ['steps', i, 'text']);
    need(s.title, ['steps', i, 'title']);
    need(s.ask, ['steps', i, 'ask']);
    s.choices?.forEach((c, j) => need(c.label, ['steps', i, 'choices', j, 'label']));
  });
  return out;
}

/**
 * What is wrong with a guide whose steps are each well formed: a step id used
 * twice, a `next` naming no step, a step no path from the first reaches, a
 * path that comes back to a step it passed (a person could go round for ever),
 * a text missing one of the entry's languages.
 */
export function guideProblems(steps: readonly GuideStep[], languages: readonly Locale[]): GuideProblem[] {
  const out: GuideProblem[] = [];
  const ids = new Map<string, number>();
  steps.forEach((s, i) => {
    if (ids.has(s.id)) out.push({ path: ['steps', i, 'id'], kind: 'duplicate-step', said: `step id "${s.id}" is used twice` });
    else ids.set(s.id, i);
    if (Boolean(s.ask) !== Boolean(s.choices)) out.push({ path: ['steps', i, s.ask ? 'choices' : 'ask'], kind: 'choices', said: s.ask ? 'asks a question but has no choices' : 'has choices but no question ("ask")' });
    if (s.choices && s.next !== undefined) out.push({ path: ['steps', i, 'next'], kind: 'choices', said: 'has choices, so its "next" would never be used: put it on a choice' });
    if (!s.choices && s.next === 'solved') out.push({ path: ['steps', i, 'next'], kind: 'choices', said: '"Didn\'t help" cannot lead to "solved"' });
  });
  const leadsTo = (i: number) => exitsOf(steps, i);
  steps.forEach((s, i) => {
    const exits = s.choices ? s.choices.map((c, j) => ({ next: c.next, path: ['steps', i, 'choices', j, 'next'] })) : s.next !== undefined ? [{ next: s.next, path: ['steps', i, 'next'] }] : [];
    for (const e of exits) {
      if (!isGuideEnd(e.next) && !ids.has(e.next)) out.push({ path: e.path, kind: 'unknown-step', said: `leads to "${e.next}", which is no step (nor "solved" or "ticket")` });
    }
  });
  if (out.length > 0 || steps.length === 0) return [...out, ...languageProblems(steps, languages)];

  // Depth-first from the first step: a step met again while still on the path is a loop.
  const state = new Array<'new' | 'open' | 'done'>(steps.length).fill('new');
  const walk = (i: number, trail: string[]): void => {
    state[i] = 'open';
    for (const next of leadsTo(i)) {
      if (isGuideEnd(next)) continue;
      const j = ids.get(next)!;
      if (state[j] === 'open') {
        const from = trail.indexOf(next);
        out.push({ path: ['steps', i], kind: 'step-loop', said: `goes round in a loop: ${[...trail.slice(from), next].join(' → ')}` });
      } else if (state[j] === 'new') walk(j, [...trail, next]);
    }
    state[i] = 'done';
  };
  walk(0, [steps[0]!.id]);
  steps.forEach((s, i) => {
    if (state[i] === 'new') out.push({ path: ['steps', i], kind: 'unreachable-step', said: `step "${s.id}" cannot be reached from the first step` });
  });
  return [...out, ...languageProblems(steps, languages)];
}

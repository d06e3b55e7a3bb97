// The step figures of guided fixes (`faq stats`, the leads' console): marks
// counted by the store, read here into what a lead acts on.
import type { FaqEntry } from '../ports/faq-matcher.js';
import { GUIDE_STEP_KINDS, type GuideStepCount, type GuideStepKind } from '../ports/guide-stats-store.js';
import { guideName, stepTitleWords, type Words } from './guide.js';

/** Rows of (entry, step, kind, n) folded into one count per step. */
export function foldGuideCounts(rows: readonly { entryId: string; stepId: string; kind: string; n: number }[]): GuideStepCount[] {
  const bySteps = new Map<string, GuideStepCount>();
  for (const r of rows) {
    if (!(GUIDE_STEP_KINDS as readonly string[]).includes(r.kind)) continue;
    const key = JSON.stringify([r.entryId, r.stepId]);
    let count = bySteps.get(key);
    if (!count) {
      count = { entryId: r.entryId, stepId: r.stepId, reached: 0, solved: 0, moved: 0, stuck: 0, ended: 0 };
      bySteps.set(key, count);
    }
    count[r.kind as GuideStepKind] += r.n;
  }
  return [...bySteps.values()];
}

/** A step's figures: how many got there, and how each of them left it. */
export interface GuideStepFigures {
  stepId: string;
  /** Its place in the guide (1: the first); null for a step the entry no longer has. */
  n: number | null;
  /** Its short name in each language the guide has; null for a removed step. */
  title: Words | null;
  reached: number;
  solved: number;
  /** Pressed "I'm stuck, open a ticket" here. */
  stuck: number;
  /** The guide's own path ended in a ticket here. */
  ended: number;
  /** Reached it and did nothing more: no press, no ticket. */
  left: number;
  /** stuck + ended + left: runs that ended here without a fix. */
  failed: number;
  /** failed / reached; null when nobody reached it. */
  failShare: number | null;
}

export interface GuideFigures {
  entryId: string;
  /** What a lead knows the guide by: a question of the entry in each language (as the chat names the guide). */
  name: Words;
  /** Runs that reached the first step. */
  started: number;
  solved: number;
  /** Runs that ended in a ticket: stuck plus ended, over every step. */
  tickets: number;
  left: number;
  /** solved / started; null when nobody started. */
  deflection: number | null;
  /** The guide's steps in its order, then those it no longer has. */
  steps: GuideStepFigures[];
  /** The step with the most failures among those reached at least `minReached` times; null when none failed. */
  worst: GuideStepFigures | null;
}

export interface GuideStatsFigures {
  guides: GuideFigures[];
  /** Across every guide; ties go to the earlier guide (knowledge base order). */
  worst: { entryId: string; name: Words; step: GuideStepFigures } | null;
}

/** Below this many runs reaching a step, its failures say too little to call it the worst. */
export const MIN_REACHED_FOR_WORST = 5;

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

function stepFigures(stepId: string, n: number | null, title: Words | null, c: GuideStepCount | undefined): GuideStepFigures {
  const reached = c?.reached ?? 0;
  const solved = c?.solved ?? 0;
  const stuck = c?.stuck ?? 0;
  const ended = c?.ended ?? 0;
  // Marks of one run can land out of order or be lost with a crash: what is left never goes below nought.
  const left = Math.max(0, reached - (c?.moved ?? 0) - solved - stuck - ended);
  const failed = stuck + ended + left;
  return { stepId, n, title, reached, solved, stuck, ended, left, failed, failShare: share(failed, reached) };
}

/** The step that fails most: most failures, the earlier step on a tie; steps no longer in the guide are not candidates. */
function worstOf(steps: readonly GuideStepFigures[], minReached: number): GuideStepFigures | null {
  let worst: GuideStepFigures | null = null;
  for (const s of steps) {
    if (s.n === null || s.failed === 0 || s.reached < minReached) continue;
    if (!worst || s.failed > worst.failed) worst = s;
  }
  return worst;
}

/**
 * The learning figures of every guided entry, in knowledge base order: an entry
 * with steps (zeros when nobody ran it yet), or one whose marks outlive its steps.
 * Marks of steps an edit removed are shown after the guide's own, by id.
 */
export function guideStatsFigures(counts: readonly GuideStepCount[], entries: readonly FaqEntry[], opts: { minReached?: number } = {}): GuideStatsFigures {
  const minReached = opts.minReached ?? MIN_REACHED_FOR_WORST;
  const byEntry = new Map<string, Map<string, GuideStepCount>>();
  for (const c of counts) {
    let steps = byEntry.get(c.entryId);
    if (!steps) byEntry.set(c.entryId, (steps = new Map()));
    steps.set(c.stepId, c);
  }
  const guides: GuideFigures[] = [];
  for (const e of entries) {
    const marked = byEntry.get(e.id);
    if (!e.steps?.length && !marked) continue;
    const own = e.steps ?? [];
    const ownIds = new Set(own.map((s) => s.id));
    const removed = [...(marked?.keys() ?? [])].filter((id) => !ownIds.has(id)).sort();
    const steps = [
      ...own.map((s, i) => stepFigures(s.id, i + 1, stepTitleWords(s), marked?.get(s.id))),
      ...removed.map((id) => stepFigures(id, null, null, marked?.get(id))),
    ];
    const sum = (pick: (s: GuideStepFigures) => number) => steps.reduce((n, s) => n + pick(s), 0);
    const started = own[0] ? (marked?.get(own[0].id)?.reached ?? 0) : 0;
    const solved = sum((s) => s.solved);
    guides.push({
      entryId: e.id,
      name: guideName(e),
      started,
      solved,
      tickets: sum((s) => s.stuck + s.ended),
      left: sum((s) => s.left),
      deflection: share(solved, started),
      steps,
      worst: worstOf(steps, minReached),
    });
  }
  let worst: GuideStatsFigures['worst'] = null;
  for (const g of guides) {
    if (g.worst && (!worst || g.worst.failed > worst.step.failed)) worst = { entryId: g.entryId, name: g.name, step: g.worst };
  }
  return { guides, worst };
}

// One person's run through a guide: where they are, what they answered, and
// (once it ends in a ticket) the trail the ticket keeps for its agents.

import type { Words } from './guide.js';

/** A step passed: "Didn't help" (`choice` absent) or the choice picked, by position. */
export interface GuideTaken {
  step: string;
  choice?: number;
  at: number;
}

/** Kept on the offer of the step shown now; each press takes it and leaves the next one. */
export interface GuideRun {
  /** Random: what the step figures count a run by (starting over makes a new one). */
  run: string;
  entryId: string;
  /** The step shown now, and its place in the run (1: the first). */
  step: string;
  seq: number;
  trail: GuideTaken[];
  /** What the person wrote meanwhile that answered no step: it goes on the ticket if one opens. */
  said?: string[];
  startedAt: number;
}

/** On a ticket a guide ended in: every step shown, in both languages as the guide had them then. */
export interface GuideTrailStep {
  id: string;
  title: Words;
  ask?: Words;
  /** The choice picked; absent: "Didn't help" (or the step it stopped at). */
  answer?: Words;
}

export interface GuideTrail {
  entryId: string;
  /** The guide's name, as one of its entry's questions. */
  name: Words;
  steps: GuideTrailStep[];
  /** `stuck`: the person asked for a ticket at the last step; `ended`: the guide itself ends in one there. */
  how: 'stuck' | 'ended';
}


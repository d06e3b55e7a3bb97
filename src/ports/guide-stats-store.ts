// How guided fixes went, step by step: one mark per thing that happened at a
// step of one person's run through a guide. Marks name no person; a run is a
// random id, so the figures can be kept as long as the entry lives.

/**
 * `reached`: the step was shown; `solved`: "Done, it works" (or a choice that
 * ends solved) there; `moved`: on to another step; `stuck`: "I'm stuck, open a
 * ticket" there; `ended`: the guide's own path ended in a ticket there.
 */
export type GuideStepKind = 'reached' | 'solved' | 'moved' | 'stuck' | 'ended';
export const GUIDE_STEP_KINDS: readonly GuideStepKind[] = ['reached', 'solved', 'moved', 'stuck', 'ended'];

export interface GuideStepMark {
  /** One person's run through the guide; starting over is a new run. */
  run: string;
  /** The step's place in this run (1: the first step shown). With `run` and `kind`, what a mark is kept once by. */
  seq: number;
  entryId: string;
  stepId: string;
  kind: GuideStepKind;
  at: number;
}

/** Marks of one step of one entry, by kind. */
export type GuideStepCount = { entryId: string; stepId: string } & Record<GuideStepKind, number>;

export interface GuideStatsStore {
  /** Keeps the mark once: the same run, place and kind again (a retried press) changes nothing. */
  markGuideStep(mark: GuideStepMark): Promise<void>;
  /** Marks counted per entry and step (made at or after `since` when given; only `entryId`'s when given), in no set order. */
  guideStepCounts(query?: { entryId?: string; since?: number }): Promise<GuideStepCount[]>;
}

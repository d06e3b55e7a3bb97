// The step figures of guided fixes (`faq stats`, the leads' console): marks
// counted by the store, read here into what a lead acts on.
import { GUIDE_STEP_KINDS, type GuideStepCount, type GuideStepKind } from '../ports/guide-stats-store.js';

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


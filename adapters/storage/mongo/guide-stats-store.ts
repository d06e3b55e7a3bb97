// Marks of guided fixes, one document each (an insert per mark: FerretDB's updates are not atomic); counted when asked.
import { foldGuideCounts, type GuideStatsStore } from '../../../src/index.js';
import { ignoreDuplicateKey } from './duplicate-key.js';
import type { Models } from './models.js';

export function createMongoGuideStatsStore(m: Models): GuideStatsStore {
  return {
    async markGuideStep(mark) {
      const doc = { _id: `${mark.run}#${mark.seq}#${mark.kind}`, entryId: mark.entryId, stepId: mark.stepId, kind: mark.kind, at: mark.at };
      await m.GuideMark.collection.insertOne(doc as never).catch(ignoreDuplicateKey);
    },
    async guideStepCounts(query = {}) {
      const match: Record<string, unknown> = { at: { $gte: query.since ?? 0 } };
      if (query.entryId !== undefined) match.entryId = String(query.entryId);
      const rows = await m.GuideMark.aggregate<{ _id: { entryId: string; stepId: string; kind: string }; n: number }>([
        { $match: match },
        { $group: { _id: { entryId: '$entryId', stepId: '$stepId', kind: '$kind' }, n: { $sum: 1 } } },
      ]);
      return foldGuideCounts(rows.map((r) => ({ ...r._id, n: r.n })));
    },
  };
}

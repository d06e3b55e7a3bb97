// Marks of guided fixes, one row each; the figures are counted when asked.
import type Database from 'better-sqlite3';
import { foldGuideCounts, type GuideStatsStore } from '../../../src/index.js';
import type { Write } from './group-commit.js';

interface CountRow {
  entry_id: string;
  step_id: string;
  kind: string;
  n: number;
}

export function createSqliteGuideStatsStore(db: Database.Database, write: Write): GuideStatsStore {
  const stmt = {
    mark: db.prepare('INSERT INTO guide_marks (run, seq, kind, entry_id, step_id, at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING'),
    counts: db.prepare<{ entry: string | null; since: number }, CountRow>(
      `SELECT entry_id, step_id, kind, count(*) AS n FROM guide_marks
        WHERE (@entry IS NULL OR entry_id = @entry) AND at >= @since GROUP BY entry_id, step_id, kind`,
    ),
  };
  return {
    async markGuideStep(m) {
      await write(() => stmt.mark.run(m.run, m.seq, m.kind, m.entryId, m.stepId, m.at));
    },
    async guideStepCounts(query = {}) {
      const rows = stmt.counts.all({ entry: query.entryId ?? null, since: query.since ?? 0 });
      return foldGuideCounts(rows.map((r) => ({ entryId: r.entry_id, stepId: r.step_id, kind: r.kind, n: r.n })));
    },
  };
}

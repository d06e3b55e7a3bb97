// The report's rollups on SQLite: one row per (day, department, cell), changed in
// the same transaction as the ticket write that changes them (`keep`), so they
// are never behind the tickets. A report sums the rows of its days.
import type Database from 'better-sqlite3';
import { cellDelta, faqAnswerCell, LIVE_DAY, type ReportCell, type ReportStore, type ReportSum, type Ticket } from '../../../src/index.js';
import type { Write } from './group-commit.js';

export interface SqliteReportStore {
  store: ReportStore;
  /** Adds a ticket change to the rollups; runs inside the change's transaction. */
  keep(before: Ticket | null, after: Ticket): void;
}

export function createSqliteReportStore(db: Database.Database, write: Write): SqliteReportStore {
  const add = db.prepare<ReportCell>(
    `INSERT INTO report_cells (day, department, cell, n) VALUES (@day, @department, @cell, @n)
     ON CONFLICT (day, department, cell) DO UPDATE SET n = n + excluded.n`,
  );
  const sums = db.prepare<[number, number], ReportSum>(
    'SELECT department, cell, SUM(n) AS n FROM report_cells WHERE day >= ? AND day < ? GROUP BY department, cell',
  );
  const sumsOf = db.prepare<[number, number, string], ReportSum>(
    'SELECT department, cell, SUM(n) AS n FROM report_cells WHERE day >= ? AND day < ? AND department = ? GROUP BY department, cell',
  );
  const addAll = (cells: readonly ReportCell[]) => {
    for (const c of cells) add.run(c);
  };
  return {
    keep(before, after) {
      addAll(cellDelta(before, after));
    },
    store: {
      async reportSums({ fromDay, toDay, department }) {
        const read = (from: number, to: number) => (department === undefined ? sums.all(from, to) : sumsOf.all(from, to, department));
        const window = read(Math.max(fromDay, 0), toDay);
        const live = read(LIVE_DAY, LIVE_DAY + 1);
        return { window: window.filter((r) => r.n !== 0), live: live.filter((r) => r.n !== 0) };
      },
      noteFaqAnswered(department, at) {
        return write(() => addAll([faqAnswerCell(department, at)]));
      },
    },
  };
}

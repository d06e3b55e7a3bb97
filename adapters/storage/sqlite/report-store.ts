// The report's rollups on SQLite: one row per (day, department) holding that day's
// cells as JSON ([cell, n] pairs), changed in the same transaction as the ticket
// write that changes them (`keep`), so they are never behind the tickets. A row per
// cell was tried first: a 90-day report then grouped some 200,000 rows (the
// durations' histogram bins) and took 0.4 s; a few hundred rows read whole and
// summed here take a fraction of that.
import type Database from 'better-sqlite3';
import { cellDelta, faqAnswerCell, LIVE_DAY, type ReportCell, type ReportStore, type ReportSum, type Ticket } from '../../../src/index.js';
import type { Write } from './group-commit.js';

export interface SqliteReportStore {
  store: ReportStore;
  /** Adds a ticket change to the rollups; runs inside the change's transaction. */
  keep(before: Ticket | null, after: Ticket): void;
}

type Pairs = [string, number][];

/** One day's cells as the row keeps them, from a day's cells summed. */
export function dayCells(cells: ReadonlyMap<string, number>): string {
  return JSON.stringify([...cells].filter(([, n]) => n !== 0));
}

export function createSqliteReportStore(db: Database.Database, write: Write): SqliteReportStore {
  const getDay = db.prepare<[number, string], { cells: string }>('SELECT cells FROM report_days WHERE day = ? AND department = ?');
  const putDay = db.prepare<[number, string, string]>(
    'INSERT INTO report_days (day, department, cells) VALUES (?, ?, ?) ON CONFLICT (day, department) DO UPDATE SET cells = excluded.cells',
  );
  const dropDay = db.prepare<[number, string]>('DELETE FROM report_days WHERE day = ? AND department = ?');
  const days = db.prepare<[number, number], { department: string; cells: string }>('SELECT department, cells FROM report_days WHERE day >= ? AND day < ?');
  const daysOf = db.prepare<[number, number, string], { department: string; cells: string }>(
    'SELECT department, cells FROM report_days WHERE day >= ? AND day < ? AND department = ?',
  );

  function add(cells: readonly ReportCell[]): void {
    const byDay = new Map<string, { day: number; department: string; cells: ReportCell[] }>();
    for (const c of cells) {
      const key = `${c.day}\u0000${c.department}`;
      (byDay.get(key) ?? byDay.set(key, { day: c.day, department: c.department, cells: [] }).get(key)!).cells.push(c);
    }
    for (const { day, department, cells: changes } of byDay.values()) {
      const row = getDay.get(day, department);
      const sums = new Map<string, number>(row ? (JSON.parse(row.cells) as Pairs) : []);
      for (const c of changes) sums.set(c.cell, (sums.get(c.cell) ?? 0) + c.n);
      const text = dayCells(sums);
      if (text === '[]') dropDay.run(day, department);
      else putDay.run(day, department, text);
    }
  }

  function summed(rows: readonly { department: string; cells: string }[]): ReportSum[] {
    // By department, then cell: no key built per entry (a 90-day report sums some 200,000).
    const byDepartment = new Map<string, Map<string, number>>();
    for (const { department, cells } of rows) {
      const sums = byDepartment.get(department) ?? byDepartment.set(department, new Map()).get(department)!;
      for (const [cell, n] of JSON.parse(cells) as Pairs) sums.set(cell, (sums.get(cell) ?? 0) + n);
    }
    return [...byDepartment].flatMap(([department, sums]) => [...sums].filter(([, n]) => n !== 0).map(([cell, n]) => ({ department, cell, n })));
  }

  return {
    keep(before, after) {
      add(cellDelta(before, after));
    },
    store: {
      async reportSums({ fromDay, toDay, department }) {
        const read = (from: number, to: number) => (department === undefined ? days.all(from, to) : daysOf.all(from, to, department));
        return { window: summed(read(Math.max(fromDay, 0), toDay)), live: summed(read(LIVE_DAY, LIVE_DAY + 1)) };
      },
      noteFaqAnswered(department, at) {
        return write(() => add([faqAnswerCell(department, at)]));
      },
    },
  };
}

// Which days a report covers. Rollups are kept per UTC day, so a report covers
// whole days: `--since 7d` is today and the six days before, `--from`/`--to` are
// dates, both included.
import type { ReportQuery, ReportStore } from '../ports/report-store.js';
import { DAY_MS, dayOf } from './report-cells.js';
import { reportFigures, type ReportFigures } from './report-figures.js';

export interface ReportAsk {
  since?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export type WindowProblem = 'since' | 'from' | 'to' | 'order' | 'mixed';

export type ReadWindow = { ok: true; fromDay: number; toDay: number } | { ok: false; problem: WindowProblem };

/** Ten years: further back than any desk has figures for. */
const MAX_DAYS = 3660;
export const DEFAULT_SINCE_DAYS = 30;

function dateDay(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Date.UTC rolls 2026-02-30 over to March: a date that does not come back the same was not a date.
  return new Date(ms).toISOString().slice(0, 10) === text ? dayOf(ms) : null;
}

export function readReportWindow(ask: ReportAsk, now: number): ReadWindow {
  const today = dayOf(now);
  if (ask.since !== undefined && (ask.from !== undefined || ask.to !== undefined)) return { ok: false, problem: 'mixed' };
  if (ask.from !== undefined || ask.to !== undefined) {
    const from = ask.from === undefined ? today - DEFAULT_SINCE_DAYS + 1 : dateDay(ask.from);
    if (from === null) return { ok: false, problem: 'from' };
    const to = ask.to === undefined ? today : dateDay(ask.to);
    if (to === null) return { ok: false, problem: 'to' };
    if (to < from || to - from >= MAX_DAYS) return { ok: false, problem: 'order' };
    return { ok: true, fromDay: from, toDay: to + 1 };
  }
  let days = DEFAULT_SINCE_DAYS;
  if (ask.since !== undefined) {
    const m = /^(\d{1,4})([dw])$/i.exec(ask.since.trim());
    days = m ? Number(m[1]) * (m[2]!.toLowerCase() === 'w' ? 7 : 1) : 0;
    if (days < 1 || days > MAX_DAYS) return { ok: false, problem: 'since' };
  }
  return { ok: true, fromDay: today - days + 1, toDay: today + 1 };
}

/** The figures for the days asked, read from the store's rollups. */
export async function buildReport(store: ReportStore, query: ReportQuery): Promise<ReportFigures> {
  const { window, live } = await store.reportSums(query);
  return reportFigures(window, live, { from: query.fromDay * DAY_MS, to: query.toDay * DAY_MS, department: query.department ?? null });
}

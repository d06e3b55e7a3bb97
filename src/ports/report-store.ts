import type { ReportCell } from '../reports/report-cells.js';

/** The days a report covers, [fromDay, toDay) in days since 1970-01-01 UTC, for one department or all. */
export interface ReportQuery {
  fromDay: number;
  toDay: number;
  department?: string;
}

/** A cell summed over the report's days, per department. */
export type ReportSum = Omit<ReportCell, 'day'>;

/**
 * The report's rollups. Ticket writes keep them (see src/reports/report-cells.ts):
 * each store adds a change's cellDelta in the same commit as the change, or as
 * close to it as the store allows. Reading never loads tickets.
 */
export interface ReportStore {
  /** The cells of the window's days and the live ones (who holds what now), summed per department and cell. */
  reportSums(query: ReportQuery): Promise<{ window: ReportSum[]; live: ReportSum[] }>;
  /** Counts one FAQ answer given, for the deflection rate. */
  noteFaqAnswered(department: string | undefined, at: number): Promise<void>;
}

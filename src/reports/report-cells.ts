// The figures a ticket adds to the report's rollups, by (day, department): counts
// the store keeps summed, so a report reads a few small rows per day instead of
// every ticket. A change adds what the ticket counts for now and takes away what
// it counted for before (cellDelta): a move, a reopening, a rating that comes
// after the close all leave the sums right.
import type { Ticket } from '../tickets/ticket.js';

/** One count of the rollups. `day` is days since 1970-01-01 in UTC; LIVE_DAY holds what is true now (who holds what). */
export interface ReportCell {
  day: number;
  department: string;
  cell: string;
  n: number;
}

export const DAY_MS = 86_400_000;
export const LIVE_DAY = -1;

export const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);

/**
 * Durations are counted in bins 0.2% wide (bin 0: under a second); a percentile is
 * read as its bin's middle, so it is within 0.1% of the exact value (half a second
 * under a second): 3 h reads as 3 h, give or take 11 s. A bin is one row however
 * many tickets fall in it, and a day of one department fills only the bins its
 * tickets fall in.
 */
const BIN_RATIO = 1.002;
const LOG_RATIO = Math.log(BIN_RATIO);

export function binOf(ms: number): number {
  if (ms < 1000) return 0;
  // The small nudge keeps an exact bound (1000 × 1.02^k) in its own bin despite rounding.
  return Math.floor(Math.log(ms / 1000) / LOG_RATIO + 1e-9) + 1;
}

/** The value a bin stands for: its middle (geometric, so the relative error is the same either side). */
export function binValue(bin: number): number {
  if (bin === 0) return 500;
  return Math.round(1000 * BIN_RATIO ** (bin - 1) * Math.sqrt(BIN_RATIO));
}

export const personKey = (p: { platform: string; userId: string }) => `${p.platform}:${p.userId}`;

const ACTIVE = new Set<Ticket['status']>(['open', 'in_progress', 'waiting_user', 'resolved']);

/** What one ticket counts for, as it stands. */
export function cellsOf(t: Ticket): ReportCell[] {
  const out: ReportCell[] = [];
  const add = (at: number, cell: string) => out.push({ day: at === LIVE_DAY ? LIVE_DAY : dayOf(at), department: t.department, cell, n: 1 });
  const facts = t.report;
  add(t.createdAt, 'opened');
  add(t.createdAt, `opened.p.${t.priority}`);
  add(t.createdAt, `opened.c.${t.channel}`);
  if (t.faqTried) add(t.createdAt, 'opened.faq');
  if (facts) add(t.createdAt, `hour.${facts.openedWeekday}.${facts.openedHour}`);
  const responded = t.sla?.respondedAt;
  if (facts?.firstResponseMs !== undefined && responded !== null && responded !== undefined) {
    add(responded, `fr.h.${binOf(facts.firstResponseMs)}`);
    add(responded, facts.firstResponseMet ? 'fr.met' : 'fr.missed');
  }
  if (t.closedAt !== undefined && !ACTIVE.has(t.status)) {
    const at = t.closedAt;
    add(at, 'closed');
    add(at, `closed.p.${t.priority}`);
    add(at, `closed.c.${t.channel}`);
    add(at, `closed.s.${t.status}`);
    if (t.status === 'closed') {
      if ((facts?.reopens ?? 0) > 0) add(at, 'reopened');
      if (facts?.resolutionMs !== undefined) {
        add(at, `res.h.${binOf(facts.resolutionMs)}`);
        add(at, facts.resolutionMet ? 'res.met' : 'res.missed');
      }
      if (t.resolvedBy) add(at, `agent.resolved.${personKey(t.resolvedBy)}`);
    }
    if (t.rating) add(at, `rating.${t.rating.score}`);
  }
  if (ACTIVE.has(t.status) && t.assignee) add(LIVE_DAY, `agent.held.${personKey(t.assignee)}`);
  return out;
}

const keyOf = (c: Pick<ReportCell, 'day' | 'department' | 'cell'>) => `${c.day}\u0000${c.department}\u0000${c.cell}`;

/** What a change adds to the rollups (negative counts take away), without the cells it leaves as they were. */
export function cellDelta(before: Ticket | null, after: Ticket | null): ReportCell[] {
  const sums = new Map<string, ReportCell>();
  const put = (cells: readonly ReportCell[], sign: 1 | -1) => {
    for (const c of cells) {
      const key = keyOf(c);
      const seen = sums.get(key);
      if (seen) seen.n += sign * c.n;
      else sums.set(key, { ...c, n: sign * c.n });
    }
  };
  if (before) put(cellsOf(before), -1);
  if (after) put(cellsOf(after), 1);
  return [...sums.values()].filter((c) => c.n !== 0);
}

/** FAQ answers given, counted by the day and the entry's department ('' when it has none). */
export function faqAnswerCell(department: string | undefined, at: number): ReportCell {
  return { day: dayOf(at), department: department ?? '', cell: 'faq.answered', n: 1 };
}

/** Rows of the same cell summed (the rollups of several days, or of rollups and pending deltas). */
export function sumCells(cells: Iterable<Pick<ReportCell, 'cell' | 'n'>>): Map<string, number> {
  const out = new Map<string, number>();
  for (const { cell, n } of cells) out.set(cell, (out.get(cell) ?? 0) + n);
  return out;
}

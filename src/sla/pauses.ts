// Time a ticket spends in waiting_user stops its clock: the desk cannot work without the
// requester's answer. Pauses come from the status history; the elapsed time and the due
// instant both leave them out.
import type { TicketStatus } from '../tickets/ticket.js';
import { addBusinessTime, businessTimeBetween } from './business-time.js';
import type { BusinessCalendar } from './business-calendar.js';

/** A stretch in waiting_user; `to` is null while the ticket still waits. */
export interface Pause {
  readonly from: number;
  readonly to: number | null;
}

export interface StatusChange {
  readonly at: number;
  readonly status: TicketStatus;
}

const PAUSING: ReadonlySet<TicketStatus> = new Set(['waiting_user']);

/** The pauses a status history holds, oldest first; the history need not be sorted. */
export function pausesFrom(history: readonly StatusChange[]): Pause[] {
  const out: Pause[] = [];
  let since: number | null = null;
  for (const change of [...history].sort((a, b) => a.at - b.at)) {
    const pausing = PAUSING.has(change.status);
    if (pausing && since === null) since = change.at;
    else if (!pausing && since !== null) {
      if (change.at > since) out.push({ from: since, to: change.at });
      since = null;
    }
  }
  if (since !== null) out.push({ from: since, to: null });
  return out;
}

/** Pauses from `start` on, sorted, overlaps merged; an open pause swallows everything after it. */
function tidy(pauses: readonly Pause[], start: number): Pause[] {
  const out: Pause[] = [];
  for (const p of [...pauses].sort((a, b) => a.from - b.from)) {
    if (p.to !== null && p.to <= start) continue;
    const from = Math.max(p.from, start);
    const last = out.at(-1);
    if (last && (last.to === null || from <= last.to)) {
      out[out.length - 1] = { from: last.from, to: last.to === null || p.to === null ? null : Math.max(last.to, p.to) };
    } else out.push({ from, to: p.to });
  }
  return out;
}

/** Open time from `start` to `now`, less the open time spent paused. */
export function elapsedBusinessTime(cal: BusinessCalendar, start: number, pauses: readonly Pause[], now: number): number {
  if (now <= start) return 0;
  let paused = 0;
  for (const p of tidy(pauses, start)) {
    if (p.from >= now) break;
    paused += businessTimeBetween(cal, p.from, Math.min(p.to ?? now, now));
  }
  return businessTimeBetween(cal, start, now) - paused;
}

/**
 * When `target` of unpaused open time will have passed since `start`. Only pauses before
 * that instant push it back (a pause after a breach does not undo it). While the ticket
 * still waits, the due instant is provisional: it moves with `now`, never earlier.
 */
export function dueAfterPauses(cal: BusinessCalendar, start: number, target: number, pauses: readonly Pause[], now: number): number {
  let cursor = start;
  let left = target;
  for (const p of tidy(pauses, start)) {
    const due = addBusinessTime(cal, cursor, left);
    if (due <= p.from) return due;
    left -= businessTimeBetween(cal, cursor, p.from);
    if (p.to === null) return addBusinessTime(cal, Math.max(p.from, now), left);
    cursor = p.to;
  }
  return addBusinessTime(cal, cursor, left);
}

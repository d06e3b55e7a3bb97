// Who answers a page: per department and tier, a weekly pattern of shifts in the
// department's zone, and dated overrides (holidays, sick days, swaps) that come first.
// People are named by their participant key ("slack:U024BE7LH"), the way the desk knows them.
import { DateTime } from 'luxon';
import type { Tier } from '../tickets/ticket.js';
import { WEEKDAYS, type Weekday } from './business-calendar.js';

export interface Shift {
  readonly days: readonly Weekday[];
  /** Minutes after local midnight. A shift whose `to` is not after its `from` runs past midnight into the next day. */
  readonly from: number;
  readonly to: number;
  readonly people: readonly string[];
}

export interface RotaOverride {
  /** Instants: [from, to). */
  readonly from: number;
  readonly to: number;
  /** Paged first while the override holds. */
  readonly people: readonly string[];
  /** Taken out of the weekly pattern while the override holds (away, ill). */
  readonly off: readonly string[];
}

export interface TierRota {
  readonly zone: string;
  readonly weekly: readonly Shift[];
  readonly overrides: readonly RotaOverride[];
}

export type OnCallRota = ReadonlyMap<string, ReadonlyMap<Tier, TierRota>>;

export const NO_ROTA: OnCallRota = new Map();

/** The people to page, in order: overrides first, then the weekly shifts as listed; nobody twice. */
export function onDuty(rota: OnCallRota, department: string, tier: Tier, at: number): string[] {
  const tierRota = rota.get(department)?.get(tier);
  if (!tierRota) return [];
  const active = tierRota.overrides.filter((o) => o.from <= at && at < o.to);
  const off = new Set(active.flatMap((o) => o.off));
  const local = DateTime.fromMillis(at, { zone: tierRota.zone });
  const weekly = tierRota.weekly.filter((s) => covers(s, local)).flatMap((s) => s.people).filter((p) => !off.has(p));
  return [...new Set([...active.flatMap((o) => o.people), ...weekly])];
}

function covers(shift: Shift, local: DateTime): boolean {
  const minute = local.hour * 60 + local.minute;
  const today = WEEKDAYS[local.weekday - 1]!;
  if (shift.from < shift.to) return shift.days.includes(today) && shift.from <= minute && minute < shift.to;
  const yesterday = WEEKDAYS[(local.weekday + 5) % 7]!;
  return (shift.days.includes(today) && minute >= shift.from) || (shift.days.includes(yesterday) && minute < shift.to);
}

// Arithmetic on open time: how much of it lies between two instants, and when a given
// amount of it will have passed. Everything walks the calendar's open stretches day by
// day in its zone; a 24x7 calendar is plain wall-clock arithmetic.
import { DateTime } from 'luxon';
import { dayOf, openSpansOn, type BusinessCalendar } from './business-calendar.js';

/** Far enough for any target (ten years); a calendar closed that long is a configuration mistake. */
const MAX_DAYS = 3660;

/** Open stretches from `at` onwards, the first one clipped to start at `at`. */
function* openSpansFrom(cal: BusinessCalendar, at: number): Generator<[number, number]> {
  const first = dayOf(cal, at);
  for (let day = first; day < first + MAX_DAYS; day++) {
    for (const [from, to] of openSpansOn(cal, day)) if (to > at) yield [Math.max(from, at), to];
  }
  throw new RangeError(`the calendar in ${cal.zone} has no open hours in the ten years after ${new Date(at).toISOString()}`);
}

export function isOpen(cal: BusinessCalendar, at: number): boolean {
  if (cal.alwaysOpen) return true;
  return openSpansOn(cal, dayOf(cal, at)).some(([from, to]) => from <= at && at < to);
}

/** `at` itself when open, otherwise the next instant the calendar opens. */
export function nextOpening(cal: BusinessCalendar, at: number): number {
  if (cal.alwaysOpen) return at;
  for (const [from] of openSpansFrom(cal, at)) return from;
  throw new RangeError('unreachable');
}

/** The instant at which `ms` of open time has passed since `start`; a target that ends exactly at closing time ends then, not at the next opening. */
export function addBusinessTime(cal: BusinessCalendar, start: number, ms: number): number {
  if (!(ms >= 0)) throw new RangeError(`business time to add must be zero or more (got ${ms})`);
  if (cal.alwaysOpen || ms === 0) return start + ms;
  let left = ms;
  for (const [from, to] of openSpansFrom(cal, start)) {
    if (left <= to - from) return from + left;
    left -= to - from;
  }
  throw new RangeError('unreachable');
}

/** Open time from `a` to `b`; negative when `b` comes first (time left on a breached target). */
export function businessTimeBetween(cal: BusinessCalendar, a: number, b: number): number {
  if (b < a) return -businessTimeBetween(cal, b, a);
  if (cal.alwaysOpen) return b - a;
  let sum = 0;
  for (const [from, to] of openSpansFrom(cal, a)) {
    if (from >= b) break;
    sum += Math.min(to, b) - from;
  }
  return sum;
}

/**
 * `days` business days after `start`: the same point of the working day on the days-th
 * business day after (Monday 15:00 + 3 -> Thursday 15:00). A start outside hours counts
 * from the next opening, and a start at opening time ends at the previous close (Saturday
 * + 1 -> Monday's close, not Tuesday's opening). On a 24x7 calendar a business day is a
 * calendar day in its zone.
 */
export function addBusinessDays(cal: BusinessCalendar, start: number, days: number): number {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`business days must be a whole number, zero or more (got ${days})`);
  if (days === 0) return start;
  if (cal.alwaysOpen) return DateTime.fromMillis(start, { zone: cal.zone }).plus({ days }).toMillis();
  const first = nextOpening(cal, start);
  let day = dayOf(cal, first);
  const spans = openSpansOn(cal, day);
  const offset = businessTimeBetween(cal, spans[0]![0], first);
  let previous = spans;
  for (let moved = 0, walked = 0; moved < days; walked++) {
    if (walked > MAX_DAYS) throw new RangeError(`the calendar in ${cal.zone} has no ${days} business days in the ten years after ${new Date(start).toISOString()}`);
    day++;
    const next = openSpansOn(cal, day);
    if (next.length === 0) continue;
    moved++;
    if (moved < days) previous = next;
    else if (offset === 0) return previous.at(-1)![1];
    else return withinDay(next, offset);
  }
  throw new RangeError('unreachable');
}

/** The instant `offset` of open time into a day's spans, or its close when the day is shorter. */
function withinDay(spans: readonly (readonly [number, number])[], offset: number): number {
  let left = offset;
  for (const [from, to] of spans) {
    if (left <= to - from) return from + left;
    left -= to - from;
  }
  return spans.at(-1)![1];
}

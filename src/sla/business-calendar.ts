// When a department is open: a time zone, opening hours per weekday and the days it is
// closed (public holidays from date-holidays plus dates an operator lists). Hours are
// wall-clock times in the calendar's zone, so a DST night moves the instants, not the
// hours: 09:00-18:00 is nine real hours on the switch days too.
import { createRequire } from 'node:module';
import type HolidaysType from 'date-holidays';
import { DateTime, IANAZone } from 'luxon';

type Holidays = HolidaysType;
/**
 * date-holidays takes a third of a second to load: it is loaded at the first holiday
 * lookup, not by every process that imports the core (the CLI, each test file).
 */
let holidaysClass: typeof HolidaysType | null = null;
function loadHolidays(): typeof HolidaysType {
  holidaysClass ??= createRequire(import.meta.url)('date-holidays') as typeof HolidaysType;
  return holidaysClass;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Minutes after local midnight; `to` may be 1440, midnight at the end of the day. */
export interface OpenSpan {
  readonly from: number;
  readonly to: number;
}

export type WeeklyHours = Readonly<Record<Weekday, readonly OpenSpan[]>>;

/** Where public holidays come from: a date-holidays country, optionally a state and a region in it. */
export interface HolidayPlace {
  readonly country: string;
  readonly state?: string | undefined;
  readonly region?: string | undefined;
}

export interface CalendarSpec {
  readonly zone: string;
  /** 'always' is 24x7: no hours, no holidays, business time is wall-clock time. */
  readonly hours: WeeklyHours | 'always';
  readonly holidays?: HolidayPlace | null;
  /** Extra closed days, `YYYY-MM-DD` in the calendar's zone. */
  readonly closedDates?: readonly string[];
}

export interface BusinessCalendar {
  readonly zone: string;
  readonly alwaysOpen: boolean;
  readonly hours: WeeklyHours;
  /** Whether the local day `YYYY-MM-DD` is closed all day (public holiday or listed date). */
  isClosedDay(date: string): boolean;
}

export const DEFAULT_ZONE = 'Europe/Rome';
export const DEFAULT_HOLIDAYS: HolidayPlace = { country: 'IT' };

const DAY_MINUTES = 24 * 60;

export function span(from: string, to: string): OpenSpan {
  return { from: minutesOf(from), to: minutesOf(to) };
}

/** `"09:30"` -> 570; `"24:00"` -> 1440. Callers validate the text first (see sla-config-schema). */
export function minutesOf(hhmm: string): number {
  const [h = '0', m = '0'] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** Same hours on the given days, closed on the others. */
export function weeklyHours(days: readonly Weekday[], spans: readonly OpenSpan[]): WeeklyHours {
  return Object.fromEntries(WEEKDAYS.map((d) => [d, days.includes(d) ? spans : []])) as unknown as WeeklyHours;
}

export const OFFICE_HOURS: WeeklyHours = weeklyHours(['mon', 'tue', 'wed', 'thu', 'fri'], [span('09:00', '13:00'), span('14:00', '18:00')]);

const ALL_DAY: WeeklyHours = weeklyHours([...WEEKDAYS], [{ from: 0, to: DAY_MINUTES }]);

export function createBusinessCalendar(spec: CalendarSpec): BusinessCalendar {
  if (spec.hours === 'always') return { zone: spec.zone, alwaysOpen: true, hours: ALL_DAY, isClosedDay: () => false };
  const hours = normalised(spec.hours);
  if (WEEKDAYS.every((d) => hours[d].length === 0)) throw new RangeError('a business calendar needs opening hours on at least one weekday');
  const closed = new Set(spec.closedDates ?? []);
  const publicHolidays = spec.holidays ? holidayDates(spec.holidays) : () => false;
  return {
    zone: spec.zone,
    alwaysOpen: false,
    hours,
    isClosedDay: (date) => closed.has(date) || publicHolidays(date),
  };
}

/** The 24x7 clock in a zone (the zone only matters for business-day counting). */
export function alwaysOpenCalendar(zone = DEFAULT_ZONE): BusinessCalendar {
  return createBusinessCalendar({ zone, hours: 'always' });
}

export const DEFAULT_CALENDAR: BusinessCalendar = createBusinessCalendar({ zone: DEFAULT_ZONE, hours: OFFICE_HOURS, holidays: DEFAULT_HOLIDAYS });

/** Spans sorted and merged, so the arithmetic can walk them in order. */
function normalised(hours: WeeklyHours): WeeklyHours {
  const out = {} as Record<Weekday, OpenSpan[]>;
  for (const day of WEEKDAYS) {
    const merged: OpenSpan[] = [];
    for (const s of [...hours[day]].filter((x) => x.to > x.from).sort((a, b) => a.from - b.from)) {
      const last = merged.at(-1);
      if (last && s.from <= last.to) merged[merged.length - 1] = { from: last.from, to: Math.max(last.to, s.to) };
      else merged.push(s);
    }
    out[day] = merged;
  }
  return out;
}

/** A lookup of the place's public holidays (only the `public` type closes the desk), filled a year at a time. */
function holidayDates(place: HolidayPlace): (date: string) => boolean {
  // Built at the first lookup: date-holidays takes tens of milliseconds to set up a place.
  let source: Holidays | null = null;
  const years = new Map<number, Set<string>>();
  return (date) => {
    const year = Number(date.slice(0, 4));
    let days = years.get(year);
    if (!days) {
      days = new Set();
      source ??= new (loadHolidays())(place.country, place.state ?? '', place.region ?? '', { types: ['public'] });
      for (const h of source.getHolidays(year)) {
        if (h.type !== 'public') continue;
        // date-holidays gives the local date first; a holiday may last more than a day.
        const first = DateTime.fromISO(h.date.slice(0, 10), { zone: 'UTC' });
        const length = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / 86_400_000));
        for (let i = 0; i < length; i++) days.add(first.plus({ days: i }).toISODate()!);
      }
      years.set(year, days);
    }
    return days.has(date);
  };
}

/** Places date-holidays knows, for validating a configuration. */
export function knownHolidayPlace(place: HolidayPlace): string | null {
  const source = new (loadHolidays())();
  const country = place.country.toUpperCase();
  if (!Object.hasOwn(source.getCountries(), country)) return `country "${place.country}" is not known to date-holidays (use a two-letter code such as IT)`;
  if (place.state !== undefined && !Object.hasOwn(source.getStates(country) ?? {}, place.state)) {
    return `state "${place.state}" is not known for ${country} (known: ${Object.keys(source.getStates(country) ?? {}).join(', ') || 'none'})`;
  }
  if (place.region !== undefined) {
    const regions = place.state !== undefined ? source.getRegions(country, place.state) ?? {} : {};
    if (!Object.hasOwn(regions, place.region)) return `region "${place.region}" is not known for ${country}${place.state ? ` state ${place.state}` : ''} (known: ${Object.keys(regions).join(', ') || 'none'})`;
  }
  return null;
}

/**
 * A local day as a whole number (days since 1970-01-01 on the calendar's own dates), so
 * walking day by day is integer arithmetic and only opening and closing times touch the zone.
 */
export type DayNumber = number;

const DAY_MS = 86_400_000;

export function dayOf(cal: BusinessCalendar, at: number): DayNumber {
  return Math.floor((at + IANAZone.create(cal.zone).offset(at) * 60_000) / DAY_MS);
}

export function dateOf(day: DayNumber): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function weekdayOf(day: DayNumber): Weekday {
  return WEEKDAYS[(((day + 3) % 7) + 7) % 7]!; // 1970-01-01 was a Thursday
}

type Spans = readonly (readonly [number, number])[];

// Opening times of a day never change, and tickets share days: each calendar keeps the
// instants it has worked out (bounded, in case a process runs for decades of dates).
const spanCache = new WeakMap<BusinessCalendar, Map<DayNumber, Spans>>();
const CACHE_DAYS = 20_000;

/** The open stretches of one local day, as instants [from, to); empty on a closed day. */
export function openSpansOn(cal: BusinessCalendar, day: DayNumber): Spans {
  let cache = spanCache.get(cal);
  if (!cache) spanCache.set(cal, (cache = new Map()));
  let spans = cache.get(day);
  if (!spans) {
    if (cache.size >= CACHE_DAYS) cache.clear();
    spans = computeSpans(cal, day);
    cache.set(day, spans);
  }
  return spans;
}

function computeSpans(cal: BusinessCalendar, day: DayNumber): Spans {
  const date = dateOf(day);
  if (cal.isClosedDay(date)) return [];
  const out: [number, number][] = [];
  for (const s of cal.hours[weekdayOf(day)]) {
    const from = wallInstant(cal.zone, day, s.from);
    const to = wallInstant(cal.zone, day, s.to);
    if (to > from) out.push([from, to]);
  }
  return out;
}

/** The instant a wall-clock time of a local day names: a time the spring switch skips moves forward, one the autumn switch repeats is its second occurrence (luxon). */
function wallInstant(zone: string, day: DayNumber, minutes: number): number {
  if (minutes >= DAY_MINUTES) return wallInstant(zone, day + 1, 0);
  const [year, month, date] = dateOf(day).split('-').map(Number) as [number, number, number];
  return DateTime.fromObject({ year, month, day: date, hour: Math.floor(minutes / 60), minute: minutes % 60 }, { zone }).toMillis();
}

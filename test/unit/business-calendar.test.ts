import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CALENDAR, OFFICE_HOURS, WEEKDAYS, addBusinessDays, addBusinessTime, alwaysOpenCalendar, businessTimeBetween, createBusinessCalendar,
  isOpen, nextOpening, span, weeklyHours, type BusinessCalendar,
} from '../../src/index.js';

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);
/** An instant as wall-clock time with offset in a zone, the way a person reads it. */
const local = (ms: number, zone = 'Europe/Rome') => DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true });

const rome = DEFAULT_CALENDAR;
const roma = createBusinessCalendar({ zone: 'Europe/Rome', hours: OFFICE_HOURS, holidays: { country: 'IT', state: '62', region: 'RM' } });
const milano = createBusinessCalendar({ zone: 'Europe/Rome', hours: OFFICE_HOURS, holidays: { country: 'IT', state: '25', region: 'MI' } });
const newYork = createBusinessCalendar({ zone: 'America/New_York', hours: weeklyHours(['mon', 'tue', 'wed', 'thu', 'fri'], [span('09:00', '17:00')]), holidays: { country: 'US', state: 'NY' } });
/** Open through the night only: the one business interval a DST switch falls inside. */
const nightDesk = createBusinessCalendar({ zone: 'Europe/Rome', hours: weeklyHours([...WEEKDAYS], [span('00:00', '06:00')]) });
/** Every hour of every day, but walked as business hours (not the 24x7 shortcut). */
const allDayRome = createBusinessCalendar({ zone: 'Europe/Rome', hours: weeklyHours([...WEEKDAYS], [span('00:00', '24:00')]) });
const sundayDesk = createBusinessCalendar({ zone: 'Europe/Rome', hours: weeklyHours(['sun'], [span('09:00', '18:00')]) });

describe('opening hours', () => {
  it('is open in office hours on a weekday, closed at lunch, after 18:00 and at weekends', () => {
    expect(isOpen(rome, at('2026-11-16T10:00:00+01:00'))).toBe(true);
    expect(isOpen(rome, at('2026-11-16T13:30:00+01:00'))).toBe(false);
    expect(isOpen(rome, at('2026-11-16T18:00:00+01:00'))).toBe(false);
    expect(isOpen(rome, at('2026-11-16T17:59:59+01:00'))).toBe(true);
    expect(isOpen(rome, at('2026-11-14T10:00:00+01:00'))).toBe(false);
    expect(isOpen(rome, at('2026-11-15T10:00:00+01:00'))).toBe(false);
  });

  it('opens next on Monday morning after a weekend, after lunch at lunch, and now when open', () => {
    expect(local(nextOpening(rome, at('2026-11-14T22:00:00+01:00')))).toBe('2026-11-16T09:00:00+01:00');
    expect(local(nextOpening(rome, at('2026-11-16T13:15:00+01:00')))).toBe('2026-11-16T14:00:00+01:00');
    expect(nextOpening(rome, at('2026-11-16T10:00:00+01:00'))).toBe(at('2026-11-16T10:00:00+01:00'));
  });

  it('carries a target over the weekend and over lunch, and ends one at closing time rather than at the next opening', () => {
    expect(local(addBusinessTime(rome, at('2026-11-13T17:30:00+01:00'), HOUR))).toBe('2026-11-16T09:30:00+01:00');
    expect(local(addBusinessTime(rome, at('2026-11-16T12:30:00+01:00'), HOUR))).toBe('2026-11-16T14:30:00+01:00');
    expect(local(addBusinessTime(rome, at('2026-11-16T17:00:00+01:00'), HOUR))).toBe('2026-11-16T18:00:00+01:00');
    expect(local(addBusinessTime(rome, at('2026-11-14T11:00:00+01:00'), 4 * HOUR))).toBe('2026-11-16T13:00:00+01:00');
  });

  it('counts the open time between two instants, negative when they come the other way round', () => {
    expect(businessTimeBetween(rome, at('2026-11-13T17:00:00+01:00'), at('2026-11-16T10:00:00+01:00'))).toBe(2 * HOUR);
    expect(businessTimeBetween(rome, at('2026-11-16T10:00:00+01:00'), at('2026-11-13T17:00:00+01:00'))).toBe(-2 * HOUR);
    expect(businessTimeBetween(rome, at('2026-11-14T09:00:00+01:00'), at('2026-11-15T18:00:00+01:00'))).toBe(0);
  });

  it('refuses a calendar open on no day at all', () => {
    expect(() => createBusinessCalendar({ zone: 'Europe/Rome', hours: weeklyHours([], []) })).toThrow(/at least one weekday/);
  });
});

describe('Italian holidays', () => {
  it.each(['2026-04-06', '2027-03-29', '2028-04-17'])('closes all Easter Monday %s and opens again on Tuesday', (day) => {
    const tenAm = DateTime.fromISO(`${day}T10:00`, { zone: 'Europe/Rome' }).toMillis();
    expect(isOpen(rome, tenAm)).toBe(false);
    expect(local(nextOpening(rome, tenAm))).toBe(DateTime.fromISO(`${day}T09:00`, { zone: 'Europe/Rome' }).plus({ days: 1 }).toISO({ suppressMilliseconds: true }));
  });

  it.each(['2026-04-06', '2027-03-29', '2028-04-17', '2028-04-25', '2026-06-02', '2027-06-02', '2026-12-08', '2027-12-08', '2026-01-06', '2026-12-25', '2026-10-04'])('is closed on %s', (day) => {
    expect(isOpen(rome, DateTime.fromISO(`${day}T10:00`, { zone: 'Europe/Rome' }).toMillis())).toBe(false);
  });

  it('stays open on ordinary weekdays next to the holidays', () => {
    for (const day of ['2026-04-07', '2028-04-24', '2026-06-03', '2026-12-09', '2026-06-29', '2026-12-07']) {
      expect(isOpen(rome, DateTime.fromISO(`${day}T10:00`, { zone: 'Europe/Rome' }).toMillis()), day).toBe(true);
    }
  });

  it("closes on a region's patron saint's day only where that region is configured", () => {
    const petersAndPauls = at('2026-06-29T10:00:00+02:00');
    const ambrose = at('2026-12-07T10:00:00+01:00');
    expect([isOpen(rome, petersAndPauls), isOpen(roma, petersAndPauls), isOpen(milano, petersAndPauls)]).toEqual([true, false, true]);
    expect([isOpen(rome, ambrose), isOpen(roma, ambrose), isOpen(milano, ambrose)]).toEqual([true, true, false]);
  });

  it('closes on extra dates from the configuration, in the calendar zone', () => {
    const withEve = createBusinessCalendar({ zone: 'Europe/Rome', hours: OFFICE_HOURS, holidays: { country: 'IT' }, closedDates: ['2026-12-24'] });
    expect(isOpen(withEve, at('2026-12-24T10:00:00+01:00'))).toBe(false);
    expect(local(addBusinessTime(withEve, at('2026-12-23T17:00:00+01:00'), 2 * HOUR))).toBe('2026-12-28T10:00:00+01:00');
  });

  it('carries a Friday-evening target over Easter to Tuesday', () => {
    expect(local(addBusinessTime(rome, at('2026-04-03T17:00:00+02:00'), 2 * HOUR))).toBe('2026-04-07T10:00:00+02:00');
  });
});

describe('DST switch nights', () => {
  it('keeps four hours of 24x7 time four real hours across 2026-03-29 and 2026-10-25 in Rome', () => {
    const roundTheClock = alwaysOpenCalendar('Europe/Rome');
    expect(local(addBusinessTime(roundTheClock, at('2026-03-28T23:00:00+01:00'), 4 * HOUR))).toBe('2026-03-29T04:00:00+02:00');
    expect(local(addBusinessTime(roundTheClock, at('2026-10-24T23:00:00+02:00'), 4 * HOUR))).toBe('2026-10-25T02:00:00+01:00');
    expect(local(addBusinessTime(allDayRome, at('2026-03-28T23:00:00+01:00'), 4 * HOUR))).toBe('2026-03-29T04:00:00+02:00');
    expect(local(addBusinessTime(allDayRome, at('2026-10-24T23:00:00+02:00'), 4 * HOUR))).toBe('2026-10-25T02:00:00+01:00');
  });

  it('counts a switch day as 23 and 25 hours when open all day, and 9:00-18:00 as nine hours either way', () => {
    expect(businessTimeBetween(allDayRome, at('2026-03-29T00:00:00+01:00'), at('2026-03-30T00:00:00+02:00'))).toBe(23 * HOUR);
    expect(businessTimeBetween(allDayRome, at('2026-10-25T00:00:00+02:00'), at('2026-10-26T00:00:00+01:00'))).toBe(25 * HOUR);
    expect(businessTimeBetween(sundayDesk, at('2026-03-29T00:00:00+01:00'), at('2026-03-30T00:00:00+02:00'))).toBe(9 * HOUR);
    expect(businessTimeBetween(sundayDesk, at('2026-10-25T00:00:00+02:00'), at('2026-10-26T00:00:00+01:00'))).toBe(9 * HOUR);
    expect(local(addBusinessTime(sundayDesk, at('2026-03-28T12:00:00+01:00'), 9 * HOUR))).toBe('2026-03-29T18:00:00+02:00');
  });

  it('opens a 00:00-06:00 desk for the real length of the night: 5 hours in spring, 7 in autumn, 6 otherwise', () => {
    const night = (day: string) => {
      const midnight = DateTime.fromISO(`${day}T00:00`, { zone: 'Europe/Rome' });
      return businessTimeBetween(nightDesk, midnight.toMillis(), midnight.plus({ days: 1 }).toMillis());
    };
    expect([night('2026-03-28'), night('2026-03-29'), night('2026-10-25'), night('2026-10-26')]).toEqual([6 * HOUR, 5 * HOUR, 7 * HOUR, 6 * HOUR]);
    expect(local(nextOpening(nightDesk, at('2026-03-29T01:30:00+01:00')))).toBe('2026-03-29T01:30:00+01:00');
    expect(local(addBusinessTime(nightDesk, at('2026-03-29T01:00:00+01:00'), 2 * HOUR))).toBe('2026-03-29T04:00:00+02:00');
  });

  it('opens a desk whose opening time the spring switch skips an hour later, and at the second 02:30 in autumn', () => {
    const earlyDesk = createBusinessCalendar({ zone: 'Europe/Rome', hours: weeklyHours(['sun'], [span('02:30', '04:00')]) });
    expect(local(nextOpening(earlyDesk, at('2026-03-29T00:00:00+01:00')))).toBe('2026-03-29T03:30:00+02:00');
    expect(local(nextOpening(earlyDesk, at('2026-10-25T00:00:00+02:00')))).toBe('2026-10-25T02:30:00+01:00');
    expect(businessTimeBetween(earlyDesk, at('2026-10-25T00:00:00+02:00'), at('2026-10-26T00:00:00+01:00'))).toBe(1.5 * HOUR);
  });

  it('carries a weekend target across either switch without gaining or losing an hour', () => {
    expect(local(addBusinessTime(rome, at('2026-03-27T17:00:00+01:00'), 2 * HOUR))).toBe('2026-03-30T10:00:00+02:00');
    expect(local(addBusinessTime(rome, at('2026-10-23T17:00:00+02:00'), 2 * HOUR))).toBe('2026-10-26T10:00:00+01:00');
    expect(businessTimeBetween(rome, at('2026-10-23T17:00:00+02:00'), at('2026-10-26T10:00:00+01:00'))).toBe(2 * HOUR);
  });
});

describe('business days', () => {
  it('lands on the same point of the working day', () => {
    expect(local(addBusinessDays(rome, at('2026-11-16T15:00:00+01:00'), 3))).toBe('2026-11-19T15:00:00+01:00');
    expect(local(addBusinessDays(rome, at('2026-11-13T17:00:00+01:00'), 1))).toBe('2026-11-16T17:00:00+01:00');
    // At lunch four hours of the day have passed: four hours into the next day is the end of its morning.
    expect(local(addBusinessDays(rome, at('2026-11-16T13:30:00+01:00'), 1))).toBe('2026-11-17T13:00:00+01:00');
  });

  it('counts a start outside hours from the next opening and ends it at a close, not at the following opening', () => {
    expect(local(addBusinessDays(rome, at('2026-11-14T22:00:00+01:00'), 1))).toBe('2026-11-16T18:00:00+01:00');
    expect(local(addBusinessDays(rome, at('2026-11-13T19:00:00+01:00'), 3))).toBe('2026-11-18T18:00:00+01:00');
  });

  it('skips holidays: ten business days over Christmas, New Year and Epiphany', () => {
    // 22, 23, 24, 28, 29, 30, 31 December, 4, 5 and 7 January (25 December, 1 and 6 January are holidays).
    expect(local(addBusinessDays(rome, at('2026-12-21T10:00:00+01:00'), 10))).toBe('2027-01-07T10:00:00+01:00');
  });

  it('on a 24x7 calendar, is a calendar day in the zone (23 hours on the spring switch)', () => {
    const roundTheClock = alwaysOpenCalendar('Europe/Rome');
    expect(local(addBusinessDays(roundTheClock, at('2026-03-28T12:00:00+01:00'), 1))).toBe('2026-03-29T12:00:00+02:00');
  });
});

describe('per-department zones', () => {
  it('gives an IT desk in Rome and a facilities desk in New York their own hours for the same instant', () => {
    const monday = at('2026-11-30T16:00:00Z'); // 17:00 in Rome, 11:00 in New York
    expect(local(addBusinessTime(rome, monday, 2 * HOUR))).toBe('2026-12-01T10:00:00+01:00');
    expect(local(addBusinessTime(newYork, monday, 2 * HOUR), 'America/New_York')).toBe('2026-11-30T13:00:00-05:00');
  });

  it("uses each place's holidays: Thanksgiving closes New York, not Rome", () => {
    const thanksgiving = at('2026-11-26T15:00:00Z');
    expect([isOpen(rome, thanksgiving), isOpen(newYork, thanksgiving)]).toEqual([true, false]);
  });

  it('follows each zone through its own DST switch (New York moves on 8 March, Rome on 29 March)', () => {
    expect(new Date(nextOpening(newYork, at('2026-03-06T00:00:00Z'))).toISOString()).toBe('2026-03-06T14:00:00.000Z');
    expect(new Date(nextOpening(newYork, at('2026-03-09T00:00:00Z'))).toISOString()).toBe('2026-03-09T13:00:00.000Z');
    expect(new Date(nextOpening(rome, at('2026-03-09T00:00:00Z'))).toISOString()).toBe('2026-03-09T08:00:00.000Z');
  });
});

describe('properties', () => {
  const instant = fc.integer({ min: at('2025-01-01T00:00:00Z'), max: at('2029-12-31T00:00:00Z') });
  const calendars: [string, BusinessCalendar][] = [['Rome office', rome], ['New York', newYork], ['night desk', nightDesk], ['Rome region', roma]];

  it.each(calendars)('%s: adding business time then measuring it gives the duration back', (_name, cal) => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 120 * HOUR }), (start, ms) => {
        const end = addBusinessTime(cal, start, ms);
        expect(end).toBeGreaterThanOrEqual(start);
        expect(businessTimeBetween(cal, start, end)).toBe(ms);
      }),
      { numRuns: 100 },
    );
  });

  it.each(calendars)('%s: the next opening is open and no business time lies before it', (_name, cal) => {
    fc.assert(
      fc.property(instant, (t) => {
        const next = nextOpening(cal, t);
        expect(isOpen(cal, next)).toBe(true);
        expect(businessTimeBetween(cal, t, next)).toBe(0);
      }),
      { numRuns: 150 },
    );
  });

  it('a 24x7 calendar, and one open 00:00-24:00 every day, equal wall-clock arithmetic', () => {
    const roundTheClock = alwaysOpenCalendar('Europe/Rome');
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 30 * 24 * HOUR }), (start, ms) => {
        for (const cal of [roundTheClock, allDayRome]) {
          expect(addBusinessTime(cal, start, ms)).toBe(start + ms);
          expect(businessTimeBetween(cal, start, start + ms)).toBe(ms);
          expect(isOpen(cal, start)).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('business days never run backwards: a later start is never due earlier', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 7 * 24 * HOUR }), fc.integer({ min: 1, max: 10 }), (start, later, days) => {
        expect(addBusinessDays(rome, start + later, days)).toBeGreaterThanOrEqual(addBusinessDays(rome, start, days));
      }),
      { numRuns: 150 },
    );
  });
});

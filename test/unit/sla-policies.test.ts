import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CALENDAR, DEFAULT_POLICIES, DEFAULT_SLA_POLICIES, PRIORITIES, SlaConfigError, businessTimeBetween, dueAfterPauses, elapsedBusinessTime,
  formatDuration, pagesOnCall, parseDuration, parseSlaConfig, pausesFrom, policyFor, reminderDue, targetDue, type Pause,
} from '../../src/index.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const at = (iso: string) => Date.parse(iso);
const local = (ms: number, zone = 'Europe/Rome') => DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true });
const rome = DEFAULT_CALENDAR;

describe('durations', () => {
  it.each([
    ['15m', { kind: 'time', ms: 15 * MINUTE }],
    ['4h', { kind: 'time', ms: 4 * HOUR }],
    ['1h30m', { kind: 'time', ms: 90 * MINUTE }],
    ['3bd', { kind: 'businessDays', days: 3 }],
    [' 2H ', { kind: 'time', ms: 2 * HOUR }],
  ])('reads %j', (text, expected) => {
    expect(parseDuration(text)).toEqual(expected);
  });

  it.each(['8x', '', '0m', '0bd', '4 h', '1.5h', '3d', '-1h', 'h', '1bd2h'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  it('writes a duration back the way it is read', () => {
    for (const text of ['15m', '4h', '1h30m', '3bd']) expect(formatDuration(parseDuration(text)!)).toBe(text);
  });
});

describe('default policies', () => {
  it('are the ones the issue names: P1 15 min / 4 h round the clock, P2 1 h / 8 h, P3 4 h / 3 business days, P4 1 / 10 business days', () => {
    const summary = PRIORITIES.map((p) => {
      const { firstResponse: f, resolution: r } = DEFAULT_POLICIES[p];
      return `${p} ${formatDuration(f.after)} ${f.clock} / ${formatDuration(r.after)} ${r.clock}`;
    });
    expect(summary).toEqual(['P1 15m 24x7 / 4h 24x7', 'P2 1h business / 8h business', 'P3 4h business / 3bd business', 'P4 1bd business / 10bd business']);
    expect(PRIORITIES.map((p) => DEFAULT_POLICIES[p].remindAtPercent)).toEqual([75, 75, 75, 75]);
    expect(PRIORITIES.map((p) => DEFAULT_POLICIES[p].page.outsideHours)).toEqual([true, false, false, false]);
  });

  it('a P1 at 22:00 on a Saturday is due within the night and pages on-call; a P2 waits for Monday and does not', () => {
    const saturdayNight = at('2026-12-05T22:00:00+01:00');
    const p1 = policyFor(DEFAULT_SLA_POLICIES, 'it', 'P1');
    const p2 = policyFor(DEFAULT_SLA_POLICIES, 'it', 'P2');
    expect(local(targetDue(rome, saturdayNight, p1.firstResponse))).toBe('2026-12-05T22:15:00+01:00');
    expect(local(targetDue(rome, saturdayNight, p1.resolution))).toBe('2026-12-06T02:00:00+01:00');
    expect(pagesOnCall(rome, p1, saturdayNight)).toBe(true);
    expect(local(targetDue(rome, saturdayNight, p2.firstResponse))).toBe('2026-12-07T10:00:00+01:00');
    // Tuesday 8 December is a holiday: eight business hours run out at Wednesday's close.
    expect(local(targetDue(rome, saturdayNight, p2.resolution))).toBe('2026-12-07T18:00:00+01:00');
    expect(pagesOnCall(rome, p2, saturdayNight)).toBe(false);
    expect(pagesOnCall(rome, p1, at('2026-12-07T10:00:00+01:00'))).toBe(false);
  });

  it('counts P3 and P4 targets in business days on the calendar', () => {
    const mondayAfternoon = at('2026-11-16T15:00:00+01:00');
    expect(local(targetDue(rome, mondayAfternoon, DEFAULT_POLICIES.P3.resolution))).toBe('2026-11-19T15:00:00+01:00');
    expect(local(targetDue(rome, mondayAfternoon, DEFAULT_POLICIES.P4.firstResponse))).toBe('2026-11-17T15:00:00+01:00');
    expect(local(targetDue(rome, mondayAfternoon, DEFAULT_POLICIES.P4.resolution))).toBe('2026-11-30T15:00:00+01:00');
  });

  it('reminds at 75 % of the counted time', () => {
    const mondayMorning = at('2026-11-16T09:00:00+01:00');
    expect(local(reminderDue(rome, mondayMorning, DEFAULT_POLICIES.P2.resolution, 75))).toBe('2026-11-16T16:00:00+01:00');
    expect(local(reminderDue(rome, mondayMorning, DEFAULT_POLICIES.P1.firstResponse, 75))).toBe('2026-11-16T09:11:15+01:00');
  });
});

describe('waiting_user pauses', () => {
  const monday9 = at('2026-11-16T09:00:00+01:00');

  it('reads pauses from a status history, in any order, with the last still open', () => {
    const history = [
      { at: 30, status: 'waiting_user' as const },
      { at: 0, status: 'open' as const },
      { at: 10, status: 'waiting_user' as const },
      { at: 15, status: 'waiting_user' as const },
      { at: 20, status: 'in_progress' as const },
    ];
    expect(pausesFrom(history)).toEqual([{ from: 10, to: 20 }, { from: 30, to: null }]);
    expect(pausesFrom([{ at: 0, status: 'open' }, { at: 5, status: 'resolved' }])).toEqual([]);
  });

  it('leaves paused business time out of the elapsed time and pushes the due instant back by it', () => {
    const pauses: Pause[] = [{ from: at('2026-11-16T11:00:00+01:00'), to: at('2026-11-17T11:00:00+01:00') }];
    expect(elapsedBusinessTime(rome, monday9, pauses, at('2026-11-17T12:00:00+01:00'))).toBe(3 * HOUR);
    expect(local(targetDue(rome, monday9, DEFAULT_POLICIES.P2.resolution, pauses, at('2026-11-17T12:00:00+01:00')))).toBe('2026-11-17T18:00:00+01:00');
  });

  it('does not undo a breach with a pause that starts after it', () => {
    const late: Pause[] = [{ from: at('2026-11-17T10:00:00+01:00'), to: at('2026-11-18T10:00:00+01:00') }];
    expect(local(targetDue(rome, monday9, DEFAULT_POLICIES.P2.resolution, late, at('2026-11-18T12:00:00+01:00')))).toBe('2026-11-16T18:00:00+01:00');
  });

  it('moves a waiting ticket’s due instant along with the clock while it waits', () => {
    const waiting: Pause[] = [{ from: at('2026-11-16T11:00:00+01:00'), to: null }];
    expect(local(dueAfterPauses(rome, monday9, 8 * HOUR, waiting, at('2026-11-16T12:00:00+01:00')))).toBe('2026-11-17T10:00:00+01:00');
    expect(local(dueAfterPauses(rome, monday9, 8 * HOUR, waiting, at('2026-11-18T09:30:00+01:00')))).toBe('2026-11-18T16:30:00+01:00');
  });

  it('counts overlapping pauses once', () => {
    const pauses: Pause[] = [
      { from: at('2026-11-16T10:00:00+01:00'), to: at('2026-11-16T12:00:00+01:00') },
      { from: at('2026-11-16T11:00:00+01:00'), to: at('2026-11-16T12:30:00+01:00') },
    ];
    expect(elapsedBusinessTime(rome, monday9, pauses, at('2026-11-16T13:00:00+01:00'))).toBe(1.5 * HOUR);
  });

  it('pauses a 24x7 target for wall-clock time', () => {
    const saturday = at('2026-11-14T22:00:00+01:00');
    const pauses: Pause[] = [{ from: at('2026-11-14T23:00:00+01:00'), to: at('2026-11-15T01:00:00+01:00') }];
    expect(local(targetDue(rome, saturday, DEFAULT_POLICIES.P1.resolution, pauses, at('2026-11-15T01:00:00+01:00')))).toBe('2026-11-15T04:00:00+01:00');
  });

  const instant = fc.integer({ min: at('2026-01-01T00:00:00Z'), max: at('2028-12-31T00:00:00Z') });

  it('property: the due instant never moves earlier as time passes in waiting_user', () => {
    fc.assert(
      fc.property(
        instant,
        fc.array(fc.tuple(fc.integer({ min: 0, max: 48 * HOUR }), fc.integer({ min: 1, max: 24 * HOUR })), { maxLength: 3 }),
        fc.integer({ min: 0, max: 72 * HOUR }),
        fc.integer({ min: 1, max: 40 * HOUR }),
        fc.array(fc.integer({ min: 0, max: 96 * HOUR }), { minLength: 2, maxLength: 4 }),
        (start, gaps, waitFrom, target, steps) => {
          const pauses: Pause[] = [];
          let cursor = start;
          for (const [gap, length] of gaps) {
            pauses.push({ from: cursor + gap, to: cursor + gap + length });
            cursor += gap + length;
          }
          pauses.push({ from: cursor + waitFrom, to: null });
          let now = cursor + waitFrom;
          let previous = dueAfterPauses(rome, start, target, pauses, now);
          for (const step of steps) {
            now += step;
            const due = dueAfterPauses(rome, start, target, pauses, now);
            expect(due).toBeGreaterThanOrEqual(previous);
            previous = due;
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('property: at the due instant, exactly the target of unpaused business time has passed', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 48 * HOUR }), fc.integer({ min: 1, max: 48 * HOUR }), fc.integer({ min: 1, max: 30 * HOUR }), (start, gap, length, target) => {
        const pauses: Pause[] = [{ from: start + gap, to: start + gap + length }];
        const due = dueAfterPauses(rome, start, target, pauses, start + gap + length);
        expect(elapsedBusinessTime(rome, start, pauses, due)).toBe(target);
        expect(businessTimeBetween(rome, start, due)).toBeGreaterThanOrEqual(target);
      }),
      { numRuns: 100 },
    );
  });
});

describe('policies from the configuration', () => {
  it('gives the defaults for an empty file', () => {
    const settings = parseSlaConfig({});
    expect(settings.policies.defaults).toEqual(DEFAULT_POLICIES);
    expect(settings.calendarFor('it').zone).toBe('Europe/Rome');
  });

  it('lays the file over the defaults, and a department over the file', () => {
    const settings = parseSlaConfig(
      {
        policies: { P2: { resolution: '6h', page: { outsideHours: true } }, P1: { clock: 'business' } },
        departments: { hr: { policies: { P2: { firstResponse: { after: '30m', clock: '24x7' } } } } },
      },
      ['it', 'hr'],
    );
    const itP2 = policyFor(settings.policies, 'it', 'P2');
    const hrP2 = policyFor(settings.policies, 'hr', 'P2');
    expect(itP2.resolution).toEqual({ after: { kind: 'time', ms: 6 * HOUR }, clock: 'business' });
    expect(itP2.firstResponse).toEqual(DEFAULT_POLICIES.P2.firstResponse);
    expect(itP2.page).toEqual({ outsideHours: true, timeoutMs: 10 * MINUTE });
    expect(hrP2.resolution).toEqual(itP2.resolution);
    expect(hrP2.firstResponse).toEqual({ after: { kind: 'time', ms: 30 * MINUTE }, clock: '24x7' });
    expect(policyFor(settings.policies, 'it', 'P1').resolution).toEqual({ after: { kind: 'time', ms: 4 * HOUR }, clock: 'business' });
    expect(policyFor(settings.policies, 'constructor', 'P3')).toEqual(DEFAULT_POLICIES.P3);
  });

  it('gives each department its own calendar', () => {
    const settings = parseSlaConfig({
      calendars: { 'new-york': { zone: 'America/New_York', hours: { 'mon-fri': ['09:00-17:00'] }, holidays: { country: 'US' } } },
      departments: { facilities: { calendar: 'new-york' } },
    });
    expect(settings.calendarFor('facilities').zone).toBe('America/New_York');
    expect(settings.calendarFor('it').zone).toBe('Europe/Rome');
    expect(settings.calendarFor('__proto__').zone).toBe('Europe/Rome');
  });

  it('knows the built-in default calendar by name, and 24x7 as a calendar', () => {
    const settings = parseSlaConfig({ calendars: { always: { hours: '24x7' } }, departments: { it: { calendar: 'default' }, hr: { calendar: 'always' } } });
    expect(settings.calendarFor('it')).toMatchObject({ zone: 'Europe/Rome', alwaysOpen: false });
    expect(settings.calendarFor('hr')).toMatchObject({ zone: 'Europe/Rome', alwaysOpen: true });
  });

  it.each([
    [{ policies: { P2: { resolution: '8x' } } }, 'policies.P2.resolution: "8x" is not a duration like 15m, 4h or 3bd'],
    [{ policies: { P2: { resolution: 8 } } }, 'policies.P2.resolution: must be a duration like 15m, 4h or 3bd, or { after: 4h, clock: 24x7 } (got 8)'],
    [{ policies: { P2: { resolutoin: '8h' } } }, 'policies.P2: has unknown key "resolutoin"'],
    [{ policies: { P1: { page: { timeout: '1bd' } } } }, 'policies.P1.page.timeout: must be minutes or hours such as 10m (a page cannot wait for business days)'],
    [{ policies: { P1: { resolution: { after: '4h', clock: 'always' } } } }, 'policies.P1.resolution.clock: must be business or 24x7'],
    [{ policies: { P3: { remindAtPercent: 120 } } }, 'policies.P3.remindAtPercent: must be a percentage between 1 and 99'],
    [{ calendars: { default: { zone: 'Mars/Base' } } }, 'calendars.default.zone: "Mars/Base" is not an IANA time zone such as Europe/Rome or America/New_York'],
    [{ calendars: { default: { hours: { mon: ['09:00-25:00'] } } } }, 'calendars.default.hours.mon[0]: "09:00-25:00" is not opening hours like 09:00-13:00 (start before end, 24:00 at the latest)'],
    [{ calendars: { default: { hours: { funday: ['09:00-12:00'] } } } }, 'calendars.default.hours.funday: "funday" is not a weekday (mon … sun) or a range such as mon-fri'],
    [{ calendars: { default: { hours: { 'mon-fri': ['09:00-12:00'], fri: [] } } } }, 'calendars.default.hours.fri: gives fri a second time'],
    [{ calendars: { default: { hours: { sat: [] } } } }, 'calendars.default.hours: opens on no day at all (use 24x7 for a desk that never closes)'],
    [{ calendars: { default: { holidays: { country: 'IT', state: '99' } } } }, 'calendars.default.holidays: state "99" is not known for IT (known: 21, 25, 32, 52, 62, 82)'],
    [{ calendars: { default: { closed: ['24/12/2026'] } } }, 'calendars.default.closed[0]: "24/12/2026" is not a date like 2026-12-24'],
    [{ departments: { it: { calendar: 'rome' } } }, 'departments.it.calendar: names calendar "rome", which is not under calendars (none defined)'],
    [{ departments: { legal: {} } }, "departments.legal: is not one of the desk's departments (it, hr; see DEPARTMENTS)"],
    [{ surprise: 1 }, 'has unknown key "surprise"'],
    [{ policies: { P5: { resolution: '8h' } } }, 'policies: has unknown key "P5" (priorities are P1, P2, P3 and P4)'],
    [{ departments: { IT: {} } }, 'departments.IT: is not a valid name: department ids are lower-case letters, digits, - and _ (as in DEPARTMENTS)'],
    [{ policies: { P2: null } }, 'policies.P2: must be a mapping of settings (got nothing)'],
    [{ calendars: { default: { holidays: 'IT' } } }, 'calendars.default.holidays: must be none, or { country: IT } with an optional state and region (got "IT")'],
    [{ calendars: { default: { holidays: { country: 'XX' } } } }, 'calendars.default.holidays: country "XX" is not known to date-holidays (use a two-letter code such as IT)'],
    [['P1'], 'must be a mapping with calendars, policies and departments (got a list)'],
  ])('explains %j', (raw, message) => {
    expect(() => parseSlaConfig(raw, ['it', 'hr'])).toThrow(new SlaConfigError([message]));
  });
});

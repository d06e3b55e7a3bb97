import { describe, expect, it } from 'vitest';
import { NO_ROTA, onDuty, parseSlaConfig, type OnCallRota } from '../../src/index.js';

const at = (iso: string) => Date.parse(iso);

const settings = parseSlaConfig(
  {
    calendars: { 'new-york': { zone: 'America/New_York', hours: { 'mon-fri': ['09:00-17:00'] }, holidays: { country: 'US' } } },
    departments: {
      it: {
        onCall: {
          tier1: {
            weekly: [
              { days: 'mon-fri', from: '18:00', to: '09:00', people: ['slack:UALICE', 'web:bob@example.com'] },
              { days: ['sat', 'sun'], from: '00:00', to: '24:00', people: ['discord:111111111111111111', 'slack:UALICE'] },
            ],
            overrides: [{ from: '2026-12-24 18:00', to: '2026-12-27 09:00', people: ['web:erin@example.com'], off: ['slack:UALICE'] }],
          },
          tier2: { weekly: [{ days: 'mon-sun', from: '00:00', to: '24:00', people: ['slack:ULEAD'] }] },
        },
      },
      facilities: {
        calendar: 'new-york',
        onCall: { tier1: { weekly: [{ days: 'mon-fri', from: '17:00', to: '09:00', people: ['teams:frank'] }] } },
      },
    },
  },
  ['it', 'facilities', 'hr'],
);
const rota: OnCallRota = settings.onCall;

describe('on-call rota', () => {
  it('pages the weekday night shift in order, primary first', () => {
    expect(onDuty(rota, 'it', 1, at('2026-12-02T23:00:00+01:00'))).toEqual(['slack:UALICE', 'web:bob@example.com']);
  });

  it('runs an overnight shift into the next morning and stops at its end', () => {
    expect(onDuty(rota, 'it', 1, at('2026-12-03T08:59:00+01:00'))).toEqual(['slack:UALICE', 'web:bob@example.com']);
    expect(onDuty(rota, 'it', 1, at('2026-12-03T09:00:00+01:00'))).toEqual([]);
  });

  it("joins Friday night's shift and the weekend shift on Saturday morning, nobody twice", () => {
    expect(onDuty(rota, 'it', 1, at('2026-12-05T08:00:00+01:00'))).toEqual(['slack:UALICE', 'web:bob@example.com', 'discord:111111111111111111']);
    expect(onDuty(rota, 'it', 1, at('2026-12-05T22:00:00+01:00'))).toEqual(['discord:111111111111111111', 'slack:UALICE']);
  });

  it('puts a dated override first and takes the people it sends off out of the weekly shifts', () => {
    expect(onDuty(rota, 'it', 1, at('2026-12-25T12:00:00+01:00'))).toEqual(['web:erin@example.com']);
    expect(onDuty(rota, 'it', 1, at('2026-12-25T22:00:00+01:00'))).toEqual(['web:erin@example.com', 'web:bob@example.com']);
    expect(onDuty(rota, 'it', 1, at('2026-12-26T12:00:00+01:00'))).toEqual(['web:erin@example.com', 'discord:111111111111111111']);
    expect(onDuty(rota, 'it', 1, at('2026-12-24T17:59:00+01:00'))).toEqual([]);
    expect(onDuty(rota, 'it', 1, at('2026-12-27T09:00:00+01:00'))).toEqual(['discord:111111111111111111', 'slack:UALICE']);
  });

  it('keeps tiers apart', () => {
    expect(onDuty(rota, 'it', 2, at('2026-12-02T11:00:00+01:00'))).toEqual(['slack:ULEAD']);
    expect(onDuty(rota, 'it', 3, at('2026-12-02T11:00:00+01:00'))).toEqual([]);
  });

  it("reads a department's shifts in its own zone", () => {
    // 23:00 in Rome is 17:00 in New York: the facilities night shift has just begun.
    expect(onDuty(rota, 'facilities', 1, at('2026-12-02T23:00:00+01:00'))).toEqual(['teams:frank']);
    expect(onDuty(rota, 'facilities', 1, at('2026-12-02T22:59:00+01:00'))).toEqual([]);
  });

  it('covers every instant of both DST switch Sundays with an all-day shift', () => {
    for (const iso of ['2026-03-29T01:59:00+01:00', '2026-03-29T03:00:00+02:00', '2026-03-29T23:59:00+02:00', '2026-10-25T02:30:00+02:00', '2026-10-25T02:30:00+01:00']) {
      expect(onDuty(rota, 'it', 1, at(iso)), iso).toContain('discord:111111111111111111');
    }
  });

  it('finds nobody for a department without a rota, whatever its name', () => {
    for (const department of ['hr', 'constructor', '__proto__', 'toString']) expect(onDuty(rota, department, 1, at('2026-12-05T22:00:00+01:00'))).toEqual([]);
    expect(onDuty(NO_ROTA, 'it', 1, at('2026-12-05T22:00:00+01:00'))).toEqual([]);
  });

  it('reads override times in the department zone unless they carry an offset, a bare date meaning that midnight', () => {
    const nyRota = parseSlaConfig({
      calendars: { ny: { zone: 'America/New_York' } },
      departments: {
        facilities: {
          calendar: 'ny',
          onCall: {
            tier1: {
              overrides: [
                { from: '2026-12-24', to: '2026-12-24 12:00', people: ['slack:ULOCAL'] },
                { from: '2026-12-24T17:00:00Z', to: '2026-12-24T18:00:00Z', people: ['slack:UUTC'] },
              ],
            },
          },
        },
      },
    }).onCall;
    expect(onDuty(nyRota, 'facilities', 1, at('2026-12-24T05:00:00Z'))).toEqual(['slack:ULOCAL']);
    expect(onDuty(nyRota, 'facilities', 1, at('2026-12-24T04:59:00Z'))).toEqual([]);
    expect(onDuty(nyRota, 'facilities', 1, at('2026-12-24T16:59:00Z'))).toEqual(['slack:ULOCAL']);
    expect(onDuty(nyRota, 'facilities', 1, at('2026-12-24T17:30:00Z'))).toEqual(['slack:UUTC']);
  });

  it.each([
    [{ weekly: [{ days: 'mon-fry', from: '18:00', to: '09:00', people: ['slack:U1'] }] }, 'departments.it.onCall.tier1.weekly[0].days: "mon-fry" is not a weekday (mon … sun) or a range such as mon-fri'],
    [{ weekly: [{ days: 'mon', from: '18:00', to: '9:00', people: ['slack:U1'] }] }, 'departments.it.onCall.tier1.weekly[0].to: "9:00" is not a time like 09:00 (24:00 ends the day)'],
    [{ weekly: [{ days: 'mon', from: '18:00', to: '09:00', people: [] }] }, 'departments.it.onCall.tier1.weekly[0].people: must name at least one person'],
    [{ weekly: [{ days: 'mon', from: '18:00', to: '09:00', people: ['alice'] }] }, 'departments.it.onCall.tier1.weekly[0].people[0]: "alice" is not a person as platform:userId, e.g. slack:U024BE7LH or web:anna@example.com'],
    [{ overrides: [{ from: '2026-12-24 18:00', to: '2026-12-24 09:00', people: ['slack:U1'] }] }, 'departments.it.onCall.tier1.overrides[0].to: must come after from (2026-12-24 18:00)'],
    [{ overrides: [{ from: '2026-12-24 18:00', to: '2026-12-25 09:00' }] }, 'departments.it.onCall.tier1.overrides[0]: must name people on duty or people off'],
    [{ overrides: [{ from: '2026-02-30 18:00', to: '2026-03-01 09:00', people: ['slack:U1'] }] }, 'departments.it.onCall.tier1.overrides[0].from: is not a real date and time'],
    [{ overrides: [{ from: 'Christmas Eve', to: '2026-12-25', people: ['slack:U1'] }] }, 'departments.it.onCall.tier1.overrides[0].from: "Christmas Eve" is not a date and time like 2026-12-24 18:00'],
  ])('explains a mistake in %j', (tier1, message) => {
    expect(() => parseSlaConfig({ departments: { it: { onCall: { tier1 } } } })).toThrow(message);
  });
});

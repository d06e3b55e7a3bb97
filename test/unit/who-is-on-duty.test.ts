// Who is paged once the rota has been changed at run time: the file's rota and the
// store's together, at instants chosen by the test (no clock read anywhere).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import { parseSlaConfig, readOverride, readShifts, rotaInForce, whoIsOnDuty, type Store } from '../../src/index.js';

const at = (iso: string) => Date.parse(iso);
const ROME = 'Europe/Rome';

const sla = parseSlaConfig(
  {
    departments: {
      it: {
        onCall: {
          tier1: {
            weekly: [{ days: 'mon-fri', from: '18:00', to: '09:00', people: ['slack:UALICE', 'web:bob@example.com'] }],
            overrides: [{ from: '2026-12-24 18:00', to: '2026-12-27 09:00', people: ['web:erin@example.com'] }],
          },
        },
      },
    },
  },
  ['it', 'hr'],
);

const shifts = (...lines: string[]) => {
  const r = readShifts(lines, ROME);
  if (!r.ok) throw new Error(r.problems.join('; '));
  return r.value;
};
const override = (from: string, to: string, people: string[], off: string[] = []) => {
  const r = readOverride({ from, to, people, off }, ROME);
  if (!r.ok) throw new Error(r.problems.join('; '));
  return r.value;
};

describe('who is on duty, file and run time together', () => {
  let store: Store;
  beforeEach(() => {
    store = createSqliteStore({ file: ':memory:' });
  });
  afterEach(async () => {
    await store.close();
  });
  const add = (o: ReturnType<typeof override>, addedAt: number, tier: 1 | 2 | 3 = 1) =>
    store.addOnCallOverride({ department: 'it', tier, ...o, addedBy: 'cli', addedAt });

  it("follows the file's weekly shift across midnight while nothing is set at run time", async () => {
    expect(await whoIsOnDuty(store, sla, 'it', 1, at('2026-12-02T23:30:00+01:00'))).toEqual(['slack:UALICE', 'web:bob@example.com']);
    expect(await whoIsOnDuty(store, sla, 'it', 1, at('2026-12-03T08:59:00+01:00'))).toEqual(['slack:UALICE', 'web:bob@example.com']);
    expect(await whoIsOnDuty(store, sla, 'it', 1, at('2026-12-03T09:00:00+01:00'))).toEqual([]);
  });

  it("replaces the file's weekly shifts with the ones set at run time, and goes back to them when cleared", async () => {
    await store.setWeeklyRota('it', 1, { shifts: shifts('sat-sun 22:00-06:00 teams:carla', 'fri 20:00-02:00 web:dan@example.com'), setBy: 'cli', setAt: 0 });
    // Friday 23:00: Friday's late shift only; the file's weekday night shift no longer counts.
    expect(await whoIsOnDuty(store, sla, 'it', 1, at('2026-12-04T23:00:00+01:00'))).toEqual(['web:dan@example.com']);
    // Sunday 01:30: Saturday's shift past midnight, and Sunday's does not start until 22:00.
    expect(await whoIsOnDuty(store, sla, 'it', 1, at('2026-12-06T01:30:00+01:00'))).toEqual(['teams:carla']);
    // Monday 05:00: Sunday night's shift still runs.
    expect(await whoIsOnDuty(store, sla, 'it', 1, at('2026-12-07T05:00:00+01:00'))).toEqual(['teams:carla']);
    expect(await whoIsOnDuty(store, sla, 'it', 1, at('2026-12-02T23:30:00+01:00'))).toEqual([]);
    await store.setWeeklyRota('it', 1, null);
    expect(await whoIsOnDuty(store, sla, 'it', 1, at('2026-12-02T23:30:00+01:00'))).toEqual(['slack:UALICE', 'web:bob@example.com']);
  });

  it('takes someone off for the hours an override holds, and pages the stand-in first', async () => {
    await add(override('2026-12-02 20:00', '2026-12-03 02:00', ['teams:carla'], ['slack:UALICE']), 1);
    expect(await whoIsOnDuty(store, sla, 'it', 1, at('2026-12-02T19:00:00+01:00'))).toEqual(['slack:UALICE', 'web:bob@example.com']);
    expect(await whoIsOnDuty(store, sla, 'it', 1, at('2026-12-02T23:00:00+01:00'))).toEqual(['teams:carla', 'web:bob@example.com']);
    expect(await whoIsOnDuty(store, sla, 'it', 1, at('2026-12-03T02:00:00+01:00'))).toEqual(['slack:UALICE', 'web:bob@example.com']);
    // Another tier and another department are not touched.
    expect(await whoIsOnDuty(store, sla, 'it', 2, at('2026-12-02T23:00:00+01:00'))).toEqual([]);
    expect(await whoIsOnDuty(store, sla, 'hr', 1, at('2026-12-02T23:00:00+01:00'))).toEqual([]);
  });

  it("puts run-time overrides before the file's, and the latest word on a person wins", async () => {
    // The file sends Erin for Christmas; at run time Frank covers Christmas Day first, then Erin falls ill.
    await add(override('2026-12-25', '2026-12-26', ['web:frank@example.com']), 1);
    expect(await whoIsOnDuty(store, sla, 'it', 1, at('2026-12-25T12:00:00+01:00'))).toEqual(['web:frank@example.com', 'web:erin@example.com']);
    await add(override('2026-12-24', '2026-12-28', [], ['web:erin@example.com']), 2);
    expect(await whoIsOnDuty(store, sla, 'it', 1, at('2026-12-25T12:00:00+01:00'))).toEqual(['web:frank@example.com']);
    // She is back for one evening: the newest override names her again.
    await add(override('2026-12-26 18:00', '2026-12-26 23:00', ['web:erin@example.com']), 3);
    expect(await whoIsOnDuty(store, sla, 'it', 1, at('2026-12-26T20:00:00+01:00'))).toEqual(['web:erin@example.com']);
    // Removed, the override stops applying at once: Erin is back behind Frank.
    const listed = await store.onCallOverrides('it', 1, at('2026-12-25T12:00:00+01:00'));
    const sick = listed.find((o) => o.off.length > 0)!;
    expect(await store.removeOnCallOverride(sick.id)).toEqual(sick);
    expect(await whoIsOnDuty(store, sla, 'it', 1, at('2026-12-25T12:00:00+01:00'))).toEqual(['web:frank@example.com', 'web:erin@example.com']);
  });

  it('neither loses nor adds an hour on the DST nights in Europe/Rome', async () => {
    await store.setWeeklyRota('it', 1, { shifts: shifts('sat 22:00-06:00 teams:carla'), setBy: 'cli', setAt: 0 });
    // Spring forward, 29 March 2026: 02:00 becomes 03:00, so the night is 7 hours long; 05:59 local is still on.
    expect(await whoIsOnDuty(store, sla, 'it', 1, at('2026-03-29T05:59:00+02:00'))).toEqual(['teams:carla']);
    expect(await whoIsOnDuty(store, sla, 'it', 1, at('2026-03-29T06:00:00+02:00'))).toEqual([]);
    expect(await whoIsOnDuty(store, sla, 'it', 1, at('2026-03-28T21:59:00+01:00'))).toEqual([]);
    // Fall back, 25 October 2026: 02:00-03:00 happens twice, both on duty; 06:00 local ends it, 9 hours after 22:00.
    expect(await whoIsOnDuty(store, sla, 'it', 1, at('2026-10-25T02:30:00+02:00'))).toEqual(['teams:carla']);
    expect(await whoIsOnDuty(store, sla, 'it', 1, at('2026-10-25T02:30:00+01:00'))).toEqual(['teams:carla']);
    expect(await whoIsOnDuty(store, sla, 'it', 1, at('2026-10-25T05:59:00+01:00'))).toEqual(['teams:carla']);
    expect(await whoIsOnDuty(store, sla, 'it', 1, at('2026-10-25T06:00:00+01:00'))).toEqual([]);
    // An override typed in local time across the spring night lasts 7 real hours.
    const o = override('2026-03-28 22:00', '2026-03-29 06:00', ['web:dan@example.com']);
    expect(o.to - o.from).toBe(7 * 3_600_000);
  });

  it('shows where the weekly shifts come from and the overrides not yet over, earliest first', async () => {
    const now = at('2026-12-20T10:00:00+01:00');
    await add(override('2026-12-31 18:00', '2027-01-01 09:00', ['teams:carla']), 5);
    await add(override('2026-12-01', '2026-12-02', ['teams:carla']), 4);
    const fromFile = await rotaInForce(store, sla, 'it', 1, now);
    expect(fromFile.weeklySet).toBeNull();
    expect(fromFile.weekly).toHaveLength(1);
    expect(fromFile.overrides.map((o) => [o.source, new Date(o.from).toISOString()])).toEqual([
      ['file', '2026-12-24T17:00:00.000Z'],
      ['store', '2026-12-31T17:00:00.000Z'],
    ]);
    await store.setWeeklyRota('it', 1, { shifts: [], setBy: 'slack:ULEAD', setAt: 7 });
    expect((await rotaInForce(store, sla, 'it', 1, now)).weeklySet).toEqual({ by: 'slack:ULEAD', at: 7 });
    expect(await whoIsOnDuty(store, sla, 'it', 1, at('2026-12-02T23:30:00+01:00'))).toEqual([]);
  });
});

describe('the rota as typed at run time', () => {
  const problems = (r: { ok: true } | { ok: false; problems: string[] }): string[] => (r.ok ? [] : r.problems);

  it('reads days, hours and people, and says what is wrong with each in one line', () => {
    expect(readShifts(['mon-fri,sun 18:00-09:00 slack:U1, web:anna@example.com'], ROME)).toEqual({
      ok: true,
      value: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sun'], from: 18 * 60, to: 9 * 60, people: ['slack:U1', 'web:anna@example.com'] }],
    });
    expect(problems(readShifts(['mon-frx 18:00-09:00 slack:U1'], ROME))).toEqual(['--shift "mon-frx 18:00-09:00 slack:U1": "mon-frx" is not a weekday (mon … sun) or a range such as mon-fri']);
    expect(problems(readShifts(['mon 25:00-09:00 slack:U1'], ROME))).toEqual(['--shift "mon 25:00-09:00 slack:U1": "25:00" is not a time like 09:00 (24:00 ends the day)']);
    expect(problems(readShifts(['mon 18:00-09:00 anna'], ROME))[0]).toMatch(/^--shift "mon 18:00-09:00 anna": "anna" is not a person as platform:userId/);
    expect(problems(readShifts(['mon 18:00-09:00'], ROME))).toEqual(['--shift "mon 18:00-09:00": must name at least one person']);
    expect(problems(readShifts(['evenings'], ROME))[0]).toMatch(/^--shift "evenings" is not days, hours and people/);
  });

  it('refuses an override that ends before it starts, names nobody, or names someone both on and off', () => {
    expect(problems(readOverride({ from: '2026-12-27 09:00', to: '2026-12-24 18:00', people: ['slack:U1'], off: [] }, ROME))).toEqual(['--to: must come after from (2026-12-27 09:00)']);
    expect(problems(readOverride({ from: '2026-12-24 18:00', to: '2026-12-27 09:00', people: [], off: [] }, ROME))).toEqual(['the override: must name people on duty or people off']);
    expect(problems(readOverride({ from: '2026-12-24 18:00', to: '2026-02-30 09:00', people: ['slack:U1'], off: [] }, ROME))).toEqual(['--to: is not a real date and time']);
    expect(problems(readOverride({ from: 'christmas', to: '2026-12-27 09:00', people: ['slack:U1'], off: [] }, ROME))).toEqual(['--from: "christmas" is not a date and time like 2026-12-24 18:00']);
    expect(problems(readOverride({ from: '2026-12-24 18:00', to: '2026-12-27 09:00', people: ['slack:U1'], off: ['slack:U1'] }, ROME))).toEqual([
      'slack:U1 cannot be both on duty (--people) and off (--off) in one override',
    ]);
  });
});

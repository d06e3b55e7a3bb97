// `npx sportello oncall …` as an operator runs it: its own process each time, against
// the store the server would use and a SPORTELLO_CONFIG file, checked by what it
// prints and by who the desk would page (whoIsOnDuty, what the sweeper calls).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readSlaConfig } from '../../app/sla-config.js';
import { whoIsOnDuty, type Store } from '../../src/index.js';
import type { StoreEnv } from '../support/server-stores.js';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATA_DIR|MONGODB_URI|DEPARTMENTS|SPORTELLO_CONFIG|LOG_LEVEL)$/.test(k)));

const ALICE = 'slack:UALICE';
const ANNA = 'web:anna@example.com';
const CARLA = 'teams:carla';

const CONFIG = `
departments:
  it:
    onCall:
      tier1:
        weekly:
          - { days: mon-fri, from: "18:00", to: "09:00", people: ["${ALICE}", "${ANNA}"] }
`;

/** A week in December next year, so the overrides the test adds are never past. */
const YEAR = new Date().getUTCFullYear() + 1;
const day = (weekday: number) => {
  const first = DateTime.fromObject({ year: YEAR, month: 12, day: 1 }, { zone: 'Europe/Rome' });
  return first.plus({ days: (weekday - first.weekday + 7) % 7 });
};
const WEDNESDAY = day(3);
const SATURDAY = day(6);
const local = (d: DateTime, hhmm: string) => `${d.toISODate()} ${hhmm}`;

export function runOnCallCliFlows(name: string, storeEnv: () => Promise<StoreEnv>, opts: { refusals: boolean }): void {
  describe(`npx sportello oncall, on ${name}`, () => {
    let storage: StoreEnv;
    let dataDir: string;
    let store: Store;
    let env: Record<string, string>;
    const cli = async (...args: string[]) => (await run(process.execPath, [join(root, 'bin/sportello.js'), 'oncall', ...args], { cwd: root, env })).stdout;
    const refusal = async (...args: string[]) => {
      const err = await run(process.execPath, [join(root, 'bin/sportello.js'), 'oncall', ...args], { cwd: root, env }).then(() => null, (e: { stderr: string; code: number }) => e);
      expect(err, `oncall ${args.join(' ')} should fail`).not.toBeNull();
      expect(err!.code).toBe(1);
      return err!.stderr.trim();
    };
    const show = async (at: string) => JSON.parse(await cli('show', '--department', 'it', '--tier', '1', '--at', at, '--json'))[0];
    const paged = (at: string) => whoIsOnDuty(store, readSlaConfig(env.SPORTELLO_CONFIG!), 'it', 1, Date.parse(DateTime.fromSQL(at, { zone: 'Europe/Rome' }).toISO()!));

    beforeEach(async () => {
      storage = await storeEnv();
      dataDir = mkdtempSync(join(tmpdir(), 'sportello-oncall-'));
      writeFileSync(join(dataDir, 'sportello.yaml'), CONFIG);
      env = { ...cleanEnv, DATA_DIR: dataDir, LOG_LEVEL: 'silent', SPORTELLO_CONFIG: join(dataDir, 'sportello.yaml'), ...storage.env };
      store = await storage.open(dataDir);
      await store.saveAgent({ platform: 'slack', userId: 'UALICE', name: 'Alice', departments: ['it'], tier: 1, role: 'agent' });
      await store.saveAgent({ platform: 'web', userId: 'anna@example.com', name: 'Anna', departments: ['it'], tier: 1, role: 'agent' });
      await store.saveAgent({ platform: 'teams', userId: 'carla', name: 'Carla', departments: ['it', 'hr'], tier: 1, role: 'agent' });
    });
    afterEach(async () => {
      await store?.close();
      await storage.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('sets a weekly pattern over the file\'s, overrides it for a night, removes the override and goes back to the file', { timeout: 60_000 }, async () => {
      const wednesdayNight = local(WEDNESDAY, '23:00');
      const saturdayNight = local(SATURDAY, '23:00');
      // From the file: the weekday night shift.
      expect(await show(wednesdayNight)).toMatchObject({ weekly: { source: 'file', shifts: [`mon-fri 18:00-09:00 ${ALICE},${ANNA}`] }, overrides: [], onDuty: [ALICE, ANNA] });
      expect(await cli('show', '--department', 'it', '--tier', '1', '--at', wednesdayNight)).toContain(`paged in this order: ${ALICE} (Alice), ${ANNA} (Anna)`);

      // Set at run time: weekends only, Carla; the file's weekday nights no longer count.
      const set = await cli('set', '--department', 'it', '--tier', '1', '--shift', `sat-sun 22:00-06:00 ${CARLA}`, '--shift', `fri 20:00-24:00 ${ANNA}`);
      expect(set).toContain(`sat-sun 22:00-06:00 ${CARLA}`);
      expect(await show(saturdayNight)).toMatchObject({ weekly: { source: 'run time', setBy: 'cli' }, onDuty: [CARLA] });
      expect(await paged(wednesdayNight)).toEqual([]);
      expect(await paged(saturdayNight)).toEqual([CARLA]);

      // Carla is away that Saturday night; Alice covers it.
      const added = await cli('override', '--department', 'it', '--tier', '1', '--from', local(SATURDAY, '20:00'), '--to', local(SATURDAY.plus({ days: 1 }), '08:00'), '--people', ALICE, '--off', CARLA);
      const id = /Added override ([a-z2-9]{6}) /.exec(added)?.[1];
      expect(id, added).toBeDefined();
      expect(await paged(saturdayNight)).toEqual([ALICE]);
      expect(await show(saturdayNight)).toMatchObject({ overrides: [{ id, source: 'run time', from: local(SATURDAY, '20:00'), people: [ALICE], off: [CARLA] }], onDuty: [ALICE] });
      // The next Saturday is untouched.
      expect(await paged(local(SATURDAY.plus({ days: 7 }), '23:00'))).toEqual([CARLA]);

      expect(await cli('override', '--remove', id!)).toContain(`Removed override ${id} of it L1`);
      expect(await paged(saturdayNight)).toEqual([CARLA]);
      expect(await refusal('override', '--remove', id!)).toBe(`sportello: No override "${id}" (npx sportello oncall show lists them with their ids)`);

      await cli('set', '--department', 'it', '--tier', '1', '--clear');
      expect(await show(wednesdayNight)).toMatchObject({ weekly: { source: 'file' }, onDuty: [ALICE, ANNA] });
      expect(await store.weeklyRota('it', 1)).toBeNull();
    });

    if (opts.refusals) it('refuses what it cannot do in one line naming the problem, and changes nothing', { timeout: 60_000 }, async () => {
      const from = local(SATURDAY, '20:00');
      const to = local(SATURDAY.plus({ days: 1 }), '08:00');
      const refused = await Promise.all([
        refusal('set', '--department', 'sales', '--tier', '1', '--shift', `mon 18:00-20:00 ${ALICE}`),
        refusal('set', '--department', 'it', '--tier', '4', '--shift', `mon 18:00-20:00 ${ALICE}`),
        refusal('set', '--department', 'it', '--tier', '1', '--shift', `mon-fry 18:00-20:00 ${ALICE}`),
        refusal('set', '--department', 'it', '--tier', '1', '--shift', `mon 18:00-25:00 ${ALICE}`),
        refusal('set', '--department', 'it', '--tier', '1', '--shift', 'mon 18:00-20:00 alice'),
        refusal('set', '--department', 'hr', '--tier', '1', '--shift', `mon 18:00-20:00 ${CARLA},${ALICE}`),
        refusal('override', '--department', 'it', '--tier', '1', '--from', to, '--to', from, '--people', ALICE),
        refusal('override', '--department', 'it', '--tier', '1', '--from', from, '--to', to, '--people', 'slack:UNOBODY'),
        refusal('show', '--at', 'tomorrow'),
      ]);
      expect(refused).toEqual([
        'sportello: --department "sales" is not one of the desk\'s departments (it, hr, finance, facilities)',
        'sportello: --tier must be 1, 2 or 3 (got "4")',
        `sportello: --shift "mon-fry 18:00-20:00 ${ALICE}": "mon-fry" is not a weekday (mon … sun) or a range such as mon-fri`,
        `sportello: --shift "mon 18:00-25:00 ${ALICE}": "25:00" is not a time like 09:00 (24:00 ends the day)`,
        'sportello: --shift "mon 18:00-20:00 alice": "alice" is not a person as platform:userId, e.g. slack:U024BE7LH or web:anna@example.com',
        `sportello: ${ALICE} is not an agent of hr (see npx sportello agents list; add one with npx sportello agents add)`,
        `sportello: --to: must come after from (${to})`,
        'sportello: slack:UNOBODY is not an agent of it (see npx sportello agents list; add one with npx sportello agents add)',
        'sportello: --at: "tomorrow" is not a date and time like 2026-12-24 18:00',
      ]);
      expect(await store.weeklyRota('it', 1)).toBeNull();
      expect(await store.weeklyRota('hr', 1)).toBeNull();
      expect(await store.onCallOverrides('it', 1, 0)).toEqual([]);
    });
  });
}

// `sportello oncall show|set|override`: the on-call rota changed at run time, kept in
// the store so every instance pages the same people. What is not set here comes from
// the configuration file (SPORTELLO_CONFIG); `show` says which is which.
import type { Command } from 'commander';
import {
  listOf, localTimeText, onDutyIn, readInstant, readOverride, readShifts, rotaInForce, shiftText, slaSettingsOf,
  type Agent, type SlaSettings, type Store, type Tier, type TierRotaInForce,
} from '../../src/index.js';
import type { Config } from '../config.js';
import { deskSettingsFrom } from '../desk-settings.js';
import { withStore } from './with-store.js';

const TIERS: readonly Tier[] = [1, 2, 3];
/** Who changed the rota, when it was this command. */
const CLI_ACTOR = 'cli';

const collect = (value: string, previous: string[] = []) => [...previous, value];

interface Desk {
  store: Store;
  config: Config;
  sla: SlaSettings;
}

/** Opens the store and reads the SLA settings (SPORTELLO_CONFIG) as the server does, for one command. */
function withDesk<T>(fn: (desk: Desk) => Promise<T>): Promise<T> {
  return withStore((store, config) => fn({ store, config, sla: slaSettingsOf(deskSettingsFrom(config)) }));
}

function departmentOf(value: unknown, config: Config): string {
  const ids = config.DEPARTMENTS.map((d) => d.id);
  if (typeof value !== 'string' || value === '') throw new Error(`--department is required (one of ${ids.join(', ')})`);
  if (!ids.includes(value)) throw new Error(`--department ${JSON.stringify(value)} is not one of the desk's departments (${ids.join(', ')})`);
  return value;
}

function tierOf(value: unknown): Tier {
  if (value === undefined) throw new Error('--tier is required (1, 2 or 3)');
  const tier = TIERS.find((t) => String(t) === value);
  if (!tier) throw new Error(`--tier must be 1, 2 or 3 (got ${JSON.stringify(value)})`);
  return tier;
}

function orFail<T>(result: { ok: true; value: T } | { ok: false; problems: string[] }, flag = ''): T {
  if (!result.ok) throw new Error(result.problems.map((p) => `${flag}${p}`).join('; '));
  return result.value;
}

/** Everyone named must be an agent of the department: a typo would otherwise page nobody. */
async function checkAgents(store: Store, department: string, people: readonly string[]): Promise<void> {
  const agents = new Set((await store.listAgents({ department })).map((a) => `${a.platform}:${a.userId}`));
  const strangers = [...new Set(people)].filter((p) => !agents.has(p));
  if (strangers.length > 0) {
    throw new Error(`${strangers.join(', ')} ${strangers.length > 1 ? 'are not agents' : 'is not an agent'} of ${department} (see npx sportello agents list; add one with npx sportello agents add)`);
  }
}

function named(people: readonly string[], agents: readonly Agent[]): string {
  if (people.length === 0) return 'nobody';
  return people.map((p) => {
    const agent = agents.find((a) => `${a.platform}:${a.userId}` === p);
    return agent ? `${p} (${agent.name})` : p;
  }).join(', ');
}

function rotaJson(rota: TierRotaInForce, onDuty: readonly string[], at: number) {
  const local = (ms: number) => localTimeText(ms, rota.zone);
  return {
    department: rota.department,
    tier: rota.tier,
    zone: rota.zone,
    at: local(at),
    weekly: { source: rota.weeklySet ? 'run time' : 'file', setBy: rota.weeklySet?.by, setAt: rota.weeklySet ? local(rota.weeklySet.at) : undefined, shifts: rota.weekly.map(shiftText) },
    overrides: rota.overrides.map((o) => ({ id: o.id, source: o.source === 'store' ? 'run time' : 'file', from: local(o.from), to: local(o.to), people: o.people, off: o.off, addedBy: o.addedBy, addedAt: o.addedAt === undefined ? undefined : local(o.addedAt) })),
    onDuty,
  };
}

function rotaLines(rota: TierRotaInForce, onDuty: readonly string[], at: number, agents: readonly Agent[]): string[] {
  const local = (ms: number) => localTimeText(ms, rota.zone);
  const source = rota.weeklySet ? `set at run time by ${rota.weeklySet.by} on ${local(rota.weeklySet.at)}` : 'from the configuration file';
  const lines = [`${rota.department} L${rota.tier} (${rota.zone})`, `  weekly shifts, ${source}:`];
  lines.push(...(rota.weekly.length > 0 ? rota.weekly.map((s) => `    ${shiftText(s)}`) : ['    none']));
  lines.push(rota.overrides.length > 0 ? '  overrides in force or to come:' : '  no overrides in force or to come');
  for (const o of rota.overrides) {
    const who = [o.people.length > 0 ? `on duty: ${o.people.join(', ')}` : '', o.off.length > 0 ? `off: ${o.off.join(', ')}` : ''].filter(Boolean).join('; ');
    const origin = o.source === 'store' ? `id ${o.id}, added by ${o.addedBy} on ${local(o.addedAt!)}` : 'from the configuration file';
    lines.push(`    ${local(o.from)} → ${local(o.to)}  ${who}  (${origin})`);
  }
  lines.push(`  on duty at ${local(at)}, paged in this order: ${named(onDuty, agents)}`);
  return lines;
}

async function showRota(desk: Desk, department: string, tier: Tier, atText: string | undefined, now: number) {
  const zone = desk.sla.calendarFor(department).zone;
  const at = atText === undefined ? now : orFail(readInstant(atText, zone), '--at: ');
  const rota = await rotaInForce(desk.store, desk.sla, department, tier, at);
  return { rota, at, onDuty: onDutyIn(rota, at) };
}

export function addOnCallCommands(cli: Command): void {
  const group = cli.command('oncall').description('the on-call rota: who is paged, per department and tier');

  group
    .command('show')
    .description('weekly shifts (and where they come from), overrides in force or to come, and who is on duty now or at --at')
    .option('--department <id>', 'one department (all by default)')
    .option('--tier <n>', 'one tier, 1, 2 or 3 (all by default)')
    .option('--at <time>', "an instant such as 2026-12-05 22:00 (the department's zone) or 2026-12-05T22:00:00+01:00 (now by default)")
    .option('--json', 'print JSON')
    .action(async (opts: { department?: string; tier?: string; at?: string; json?: boolean }) => {
      await withDesk(async (desk) => {
        const departments = opts.department === undefined ? desk.config.DEPARTMENTS.map((d) => d.id) : [departmentOf(opts.department, desk.config)];
        const tiers = opts.tier === undefined ? TIERS : [tierOf(opts.tier)];
        const now = Date.now();
        const shown = [];
        for (const department of departments) {
          for (const tier of tiers) {
            const view = await showRota(desk, department, tier, opts.at, now);
            const empty = view.rota.weekly.length === 0 && view.rota.overrides.length === 0 && !view.rota.weeklySet;
            // Asked for everything, a tier with no rota at all is left out; asked for it, it is shown as empty.
            if (!empty || (opts.department !== undefined && opts.tier !== undefined)) shown.push(view);
          }
        }
        if (opts.json) {
          console.log(JSON.stringify(shown.map((v) => rotaJson(v.rota, v.onDuty, v.at))));
          return;
        }
        if (shown.length === 0) {
          console.log('No on-call rota yet. Set one: npx sportello oncall set --department it --tier 1 --shift "mon-fri 18:00-09:00 slack:U024BE7LH"');
          return;
        }
        const agents = await desk.store.listAgents();
        console.log(shown.map((v) => rotaLines(v.rota, v.onDuty, v.at, agents).join('\n')).join('\n\n'));
      });
    });

  group
    .command('set')
    .description("replace a tier's weekly shifts (the configuration file's no longer apply to it), or --clear to go back to them")
    .option('--department <id>', 'the department')
    .option('--tier <n>', '1, 2 or 3')
    .option('--shift <shift>', 'days, hours and people, first paged first, e.g. "mon-fri 18:00-09:00 slack:U1,web:anna@example.com" (repeat for more shifts)', collect)
    .option('--clear', "forget the shifts set at run time: the configuration file's apply again")
    .action(async (opts: { department?: string; tier?: string; shift?: string[]; clear?: boolean }) => {
      await withDesk(async (desk) => {
        const department = departmentOf(opts.department, desk.config);
        const tier = tierOf(opts.tier);
        if (opts.clear && opts.shift) throw new Error('--clear and --shift do not go together: --clear goes back to the configuration file\'s shifts');
        if (!opts.clear && !opts.shift) throw new Error('give the weekly shifts with --shift "mon-fri 18:00-09:00 slack:U1" (repeat it for more), or --clear');
        const zone = desk.sla.calendarFor(department).zone;
        const now = Date.now();
        if (opts.clear) {
          await desk.store.setWeeklyRota(department, tier, null);
          console.log(`${department} L${tier}: the weekly shifts set at run time are gone; the configuration file's apply.`);
        } else {
          const shifts = orFail(readShifts(opts.shift!, zone));
          await checkAgents(desk.store, department, shifts.flatMap((s) => s.people));
          await desk.store.setWeeklyRota(department, tier, { shifts, setBy: CLI_ACTOR, setAt: now });
          console.log([`${department} L${tier}: weekly shifts set (in place of the configuration file's):`, ...shifts.map((s) => `  ${shiftText(s)}`)].join('\n'));
        }
        const view = await showRota(desk, department, tier, undefined, now);
        console.log(`On duty now: ${named(view.onDuty, await desk.store.listAgents({ department }))}`);
      });
    });

  group
    .command('override')
    .description('add a dated override (people on duty first, people off), or --remove one by its id')
    .option('--department <id>', 'the department')
    .option('--tier <n>', '1, 2 or 3')
    .option('--from <time>', "start, e.g. \"2026-12-24 18:00\" in the department's zone")
    .option('--to <time>', 'end (not included), e.g. "2026-12-27 09:00"')
    .option('--people <list>', 'on duty while it holds, paged first, in order (comma-separated; may repeat)', collect)
    .option('--off <list>', 'not paged while it holds (comma-separated; may repeat)', collect)
    .option('--remove <id>', 'remove the override with this id (oncall show lists them)')
    .action(async (opts: { department?: string; tier?: string; from?: string; to?: string; people?: string[]; off?: string[]; remove?: string }) => {
      await withDesk(async (desk) => {
        if (opts.remove !== undefined) {
          const extra = (['department', 'tier', 'from', 'to', 'people', 'off'] as const).filter((k) => opts[k] !== undefined);
          if (extra.length > 0) throw new Error(`--remove takes only the override's id (not --${extra.join(', --')})`);
          const gone = await desk.store.removeOnCallOverride(opts.remove);
          if (!gone) throw new Error(`No override ${JSON.stringify(opts.remove)} (npx sportello oncall show lists them with their ids)`);
          const zone = desk.sla.calendarFor(gone.department).zone;
          console.log(`Removed override ${gone.id} of ${gone.department} L${gone.tier}: ${localTimeText(gone.from, zone)} → ${localTimeText(gone.to, zone)}`);
          return;
        }
        const department = departmentOf(opts.department, desk.config);
        const tier = tierOf(opts.tier);
        if (opts.from === undefined || opts.to === undefined) throw new Error('--from and --to are required, e.g. --from "2026-12-24 18:00" --to "2026-12-27 09:00"');
        const zone = desk.sla.calendarFor(department).zone;
        const people = (opts.people ?? []).flatMap(listOf);
        const off = (opts.off ?? []).flatMap(listOf);
        const override = orFail(readOverride({ from: opts.from, to: opts.to, people, off }, zone));
        const now = Date.now();
        if (override.to <= now) throw new Error(`--to ${JSON.stringify(opts.to)} is already past: the override would never apply`);
        await checkAgents(desk.store, department, [...people, ...off]);
        const saved = await desk.store.addOnCallOverride({ department, tier, ...override, addedBy: CLI_ACTOR, addedAt: now });
        const who = [people.length > 0 ? `on duty: ${people.join(', ')}` : '', off.length > 0 ? `off: ${off.join(', ')}` : ''].filter(Boolean).join('; ');
        console.log(`Added override ${saved.id} to ${department} L${tier}: ${localTimeText(saved.from, zone)} → ${localTimeText(saved.to, zone)} (${zone}), ${who}.`);
        console.log(`Remove it with: npx sportello oncall override --remove ${saved.id}`);
      });
    });
}

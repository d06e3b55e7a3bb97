// `sportello sla sweep`: one SLA sweep at a chosen instant, printed. Operators check
// their rules with a dry run ("what would happen on Saturday at 22:00?"); tests move
// time with it. What a real sweep sends waits in the outbox for the running server.
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { pino } from 'pino';
import {
  createFaqTriage, createHelpDesk, createLiveFaqMatcher, createTfidfMatcher, formatDuration, policyFor, PRIORITIES, slaSettingsOf,
  type DeskSettings, type Store, type SweepReport,
} from '../../src/index.js';
import type { Config } from '../config.js';
import { deskSettingsFrom } from '../desk-settings.js';
import { readConfig } from './read-config.js';
import { withStore } from './with-store.js';

const INSTANT = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
/** A real sweep may look this far ahead; further, it would breach and close what is not due yet. */
const REAL_AHEAD_MS = 24 * 60 * 60_000;

/** `--now`: a date and a time, ISO 8601; without an offset it is read in the default calendar's zone. */
export function parseNow(text: string | undefined, zone: string): number {
  if (text === undefined) return Date.now();
  const given = text.trim();
  const m = INSTANT.exec(given);
  const at = m ? DateTime.fromISO(given.replace(' ', 'T'), { zone, setZone: true }) : null;
  if (!m || !at?.isValid) throw new Error(`--now ${JSON.stringify(text)} is not a date and time like 2026-12-05T22:00:00+01:00`);
  // A wall-clock time the spring switch skips is not an instant anyone meant.
  if (!m[5] && at.toFormat('yyyy-LL-dd HH:mm') !== `${m[1]} ${m[2]}`) throw new Error(`--now ${JSON.stringify(text)} does not exist in ${zone} (the clocks skip it); give an offset`);
  return at.toMillis();
}

/** A real sweep far in the future would fire every rule due until then for good: only a dry run goes there. */
export function checkReal(now: number, dryRun: boolean): void {
  if (!dryRun && now - Date.now() > REAL_AHEAD_MS) {
    throw new Error('--now is more than a day ahead: a real sweep would breach, escalate and close what is not due yet. Add --dry-run to see what would happen then.');
  }
}

function sweepingDesk(store: Store, settings: DeskSettings, now: number) {
  const clock = { now: () => now };
  // Only what went wrong, on stderr: stdout is the report (and JSON with --json).
  const logger = pino({ level: 'error' }, pino.destination(2));
  const faq = createLiveFaqMatcher(store, createTfidfMatcher, clock, logger);
  const triage = createFaqTriage(faq, settings.departments.map((d) => d.id));
  return createHelpDesk({ store, clock, logger, faq, triage, settings, newId: randomUUID });
}

function printReport(report: SweepReport, zone: string): void {
  const when = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat('yyyy-LL-dd HH:mm ZZ');
  const verb = report.dryRun ? 'would do' : 'did';
  console.log(`SLA sweep at ${when(report.at)}: ${report.actions.length === 0 ? 'nothing was due' : `the desk ${verb} ${report.actions.length} thing${report.actions.length === 1 ? '' : 's'}`}`);
  for (const a of report.actions) {
    const extra = [a.tier !== undefined ? `now at L${a.tier}` : '', a.told.length > 0 ? `to ${a.told.join(', ')}` : ''].filter(Boolean).join(' · ');
    console.log(`  ${a.code.padEnd(10)} ${a.rule.padEnd(22)} due ${when(a.dueAt)}${extra ? ` · ${extra}` : ''}`);
  }
  if (report.failed.length > 0) console.log(`  could not act on ${report.failed.join(', ')} (the reason is above); the next sweep tries again`);
}

function printPolicies(config: Config, settings: DeskSettings): void {
  const sla = slaSettingsOf(settings);
  for (const d of config.DEPARTMENTS) {
    const cal = sla.calendarFor(d.id);
    console.log(`${d.id} (${cal.alwaysOpen ? '24x7' : 'business hours'}, ${cal.zone})`);
    for (const p of PRIORITIES) {
      const policy = policyFor(sla.policies, d.id, p);
      const target = (x: { after: Parameters<typeof formatDuration>[0]; clock: string } | null) => (x ? `${formatDuration(x.after)} ${x.clock}` : 'never');
      const paging = policy.page.outsideHours ? ` · pages on call outside hours, next after ${formatDuration({ kind: 'time', ms: policy.page.timeoutMs })}` : '';
      console.log(`  ${p}: first response ${target(policy.firstResponse)} · resolution ${target(policy.resolution)} · reminder at ${policy.remindAtPercent}%${paging}`);
      console.log(`      waiting for the requester: reminder ${target(policy.waitingUser.remindAfter)}, closed ${target(policy.waitingUser.closeAfter)} · resolved closes after ${target(policy.resolvedCloseAfter)}`);
    }
  }
}

export function addSlaCommands(cli: Command): void {
  const group = cli.command('sla').description('service levels: the sweep that reminds, escalates, pages and closes');
  group
    .command('sweep')
    .description('run one SLA sweep now, or at --now, and print what it did')
    .option('--now <instant>', 'sweep as if it were this instant, e.g. 2026-12-05T22:00:00+01:00')
    .option('--dry-run', 'print what the sweep would do; write and send nothing')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { now?: string; dryRun?: boolean; json?: boolean }) => {
      await withStore(async (store, config) => {
        const settings = deskSettingsFrom(config);
        const zone = slaSettingsOf(settings).calendarFor(config.DEPARTMENTS[0]!.id).zone;
        const now = parseNow(opts.now, zone);
        checkReal(now, opts.dryRun === true);
        const report = await sweepingDesk(store, settings, now).sweep(now, { dryRun: opts.dryRun === true });
        if (opts.json) console.log(JSON.stringify(report));
        else printReport(report, zone);
      });
    });
  group
    .command('show')
    .description('print the policies each department runs on (SPORTELLO_CONFIG or the defaults)')
    .action(async () => {
      const config = readConfig();
      printPolicies(config, deskSettingsFrom(config));
    });
}

// `sportello privacy export|erase|audit|retention`: a person's data under the GDPR.
// Export prints (or writes) everything stored about them as JSON; erase removes or
// pseudonymises it everywhere and logs that it happened, without what it removed.
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { newPseudonym, type PersonKey, type PrivacyAuditEntry } from '../../src/index.js';
import { runRetention } from '../privacy-retention.js';
import { isFolder, withBytesInline, writeNew, writeToFolder } from './privacy-export.js';
import { parseNow } from './sla.js';
import { withStore } from './with-store.js';

const PLATFORM = /^[a-z][a-z0-9-]{0,31}$/;

/** The person named on the command line: checked here, the one edge they cross. */
export function personOf(opts: { platform?: unknown; user?: unknown }): PersonKey {
  const { platform, user } = opts;
  if (typeof platform !== 'string' || !PLATFORM.test(platform)) throw new Error('--platform is required: the platform the person uses (slack, teams, discord, web, email)');
  if (typeof user !== 'string' || user.trim() === '' || user.length > 256) throw new Error('--user is required: their user id on that platform (as `agents list` shows it)');
  return { platform, userId: user.trim() };
}

/** Who ran it, for the audit: the operating-system account at the command line. */
function operator(): string {
  let name = 'unknown';
  try {
    name = userInfo().username;
  } catch {
    // A container may run as a user with no name: the audit still says it was the command line.
  }
  return `cli:${name}`;
}

function countsText(counts: Record<string, number>): string {
  const parts = Object.entries(counts).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`);
  return parts.length > 0 ? parts.join(', ') : 'nothing';
}

function auditLine(e: PrivacyAuditEntry): string {
  const what = e.kind === 'erase' ? `erase → ${e.pseudonym}` : `retention through ${new Date(e.through ?? 0).toISOString()}`;
  return `${new Date(e.at).toISOString()}  ${e.by.padEnd(16)} ${what}: ${countsText(e.counts)}`;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function addPrivacyCommands(cli: Command): void {
  const privacy = cli.command('privacy').description('a person’s data: export it, erase it, and the log of erases');

  privacy
    .command('export')
    .description('everything stored about one person, as JSON, with their files')
    .requiredOption('--platform <platform>', 'their platform (slack, teams, discord, web, email)')
    .requiredOption('--user <id>', 'their user id on that platform')
    .option('--out <file or folder>', 'write the JSON to this new file (files inside it, as base64), or into this existing folder (export.json, files beside it)')
    .action(async (opts: { platform: string; user: string; out?: string }) => {
      const person = personOf(opts);
      await withStore(async (store) => {
        const data = await store.exportPerson(person, Date.now());
        const total = Object.values(data.records).reduce((n, rows) => n + rows.length, 0);
        const what = `${total} records and ${data.files.length} files about ${person.platform}:${person.userId}`;
        if (opts.out && isFolder(opts.out)) {
          console.error(`wrote ${what} to ${await writeToFolder(opts.out, data, store)}`);
          return;
        }
        const json = `${JSON.stringify(await withBytesInline(data, store), null, 2)}\n`;
        if (!opts.out) process.stdout.write(json);
        else {
          writeNew(opts.out, json);
          console.error(`wrote ${what} to ${opts.out}`);
        }
      });
    });

  privacy
    .command('erase')
    .description('remove or pseudonymise one person’s data everywhere, keeping the statistics')
    .requiredOption('--platform <platform>', 'their platform (slack, teams, discord, web, email)')
    .requiredOption('--user <id>', 'their user id on that platform')
    .option('--name <name>', 'another name they go by, to find in others’ messages (repeatable)', collect)
    .option('--yes', 'erase for real (without it, only says what would change)')
    .action(async (opts: { platform: string; user: string; name?: string[]; yes?: boolean }) => {
      const person = personOf(opts);
      await withStore(async (store) => {
        if (!opts.yes) {
          const found = await store.exportPerson(person, Date.now());
          const counts = { ...Object.fromEntries(Object.entries(found.records).map(([k, rows]) => [k, rows.length])), files: found.files.length };
          console.log(`${person.platform}:${person.userId} appears in: ${countsText(counts)}`);
          console.log('Nothing was changed. Run again with --yes to erase (it cannot be undone; `privacy export` first if they asked for a copy).');
          return;
        }
        const entry = await store.erasePerson(person, { pseudonym: newPseudonym(), at: Date.now(), by: operator(), names: opts.name ?? [] });
        console.log(`erased ${person.platform}:${person.userId}: they are now ${entry.pseudonym}; changed or removed ${countsText(entry.counts)}`);
        console.log(`logged as ${entry.id} (the log names neither them nor their data)`);
      });
    });

  privacy
    .command('audit')
    .description('the log of erases and retention runs, newest first')
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'as JSON')
    .action(async (opts: { limit: string; json?: boolean }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new Error(`--limit must be a whole number from 1 to 10000 (got ${JSON.stringify(opts.limit)})`);
      const entries = await withStore((store) => store.privacyAudit(limit));
      if (opts.json) console.log(JSON.stringify(entries, null, 2));
      else if (entries.length === 0) console.log('no erases or retention runs yet');
      else for (const e of entries) console.log(auditLine(e));
    });

  privacy
    .command('retention')
    .description('pseudonymise now the requesters of tickets closed more than N days ago (the server does it daily when PRIVACY_RETENTION_DAYS is set)')
    .option('--days <n>', 'closed more than this many days ago (default: PRIVACY_RETENTION_DAYS)')
    .option('--now <instant>', 'count the days back from this earlier instant (ISO 8601) instead of now')
    .action(async (opts: { days?: string; now?: string }) => {
      const now = parseNow(opts.now, 'UTC');
      const realNow = Date.now();
      if (now > realNow) {
        throw new Error(
          `--now ${opts.now} is later than the current time (${new Date(realNow).toISOString()}): retention only goes back from now; give an earlier instant or leave --now out`,
        );
      }
      await withStore(async (store, config) => {
        const days = opts.days === undefined ? config.PRIVACY_RETENTION_DAYS : Number(opts.days);
        if (days === undefined) throw new Error('--days is required when PRIVACY_RETENTION_DAYS is not set');
        if (!Number.isInteger(days) || days < 1) throw new Error(`--days must be a whole number of days, at least 1 (got ${JSON.stringify(opts.days)})`);
        const entry = await runRetention(store, days, now, operator(), realNow);
        console.log(auditLine(entry));
      });
    });
}

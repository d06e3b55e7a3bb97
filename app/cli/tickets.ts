// `sportello tickets search <words> [filters] [--json]`: the archive of closed
// tickets from the command line. It reads the store itself (every closed ticket,
// page by page) rather than asking a running server, so it works with none.
import type { Command } from 'commander';
import { pino } from 'pino';
import { createArchive, createArchiveFeed, filterProblemText, oneLine, readArchiveFilters, type ArchiveHit } from '../../src/index.js';
import { withStore } from './with-store.js';

interface SearchOptions {
  dept?: string;
  priority?: string;
  agent?: string;
  requester?: string;
  from?: string;
  to?: string;
  limit: string;
  json?: boolean;
}

function asJson(hits: ArchiveHit[]) {
  return hits.map(({ ticket: t, score }) => ({
    code: t.code,
    title: t.title,
    department: t.department,
    priority: t.priority,
    status: t.status,
    closedAt: new Date(t.closedAt).toISOString(),
    resolution: t.resolution,
    requester: t.requester,
    resolvedBy: t.resolvedBy,
    score: Math.round(score * 1000) / 1000,
  }));
}

function printHits(hits: ArchiveHit[]): void {
  if (hits.length === 0) {
    console.log('No closed ticket matches.');
    return;
  }
  for (const { ticket: t } of hits) {
    console.log(`${t.code.padEnd(10)} closed ${new Date(t.closedAt).toISOString().slice(0, 10)} · ${t.priority} · ${t.department} — ${oneLine(t.title, 100)}`);
    console.log(`           ${t.resolution ? `solved: ${oneLine(t.resolution, 160)}` : 'closed without a resolution'}`);
  }
}

export function addTicketsCommands(cli: Command): void {
  const group = cli.command('tickets').description('the tickets in the store');
  group
    .command('search')
    .description('closed tickets matching words (either language) and filters, best first')
    .argument('[words...]', 'what the ticket was about')
    .option('--dept <department>', 'only this department')
    .option('--priority <priority>', 'only this priority (P1..P4)')
    .option('--agent <user>', 'resolved or held by this agent (user id, or part of the name)')
    .option('--requester <user>', 'asked by this person (user id, or part of the name)')
    .option('--from <day>', 'closed on or after this day (YYYY-MM-DD, UTC)')
    .option('--to <day>', 'closed on or before this day (YYYY-MM-DD, UTC)')
    .option('--limit <n>', 'how many to show', '10')
    .option('--json', 'print the tickets as JSON')
    .action(async (words: string[], opts: SearchOptions) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new Error(`--limit ${JSON.stringify(opts.limit)} must be a whole number from 1 to 1000`);
      await withStore(async (store, config) => {
        const read = readArchiveFilters({ department: opts.dept, priority: opts.priority, agent: opts.agent, requester: opts.requester, from: opts.from, to: opts.to }, config.DEPARTMENTS.map((d) => d.id));
        if ('problem' in read) throw new Error(filterProblemText('en', read.problem));
        const logger = pino({ level: 'error' }, pino.destination(2));
        const archive = createArchive({ logger });
        await createArchiveFeed({ store, archive, clock: { now: () => Date.now() }, logger }).load();
        const hits = await archive.search({ text: words.join(' '), limit, filters: read.filters });
        if (opts.json) console.log(JSON.stringify(asJson(hits)));
        else printHits(hits);
      });
    });
}

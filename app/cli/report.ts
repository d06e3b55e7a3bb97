// `sportello report`: the desk's figures for a window of days, as text, JSON or CSV,
// read from the store's rollups (never the tickets themselves).
import type { Command } from 'commander';
import { agentNames, buildReport, departmentName, readReportWindow, reportCsv, reportText, windowProblemText } from '../../src/index.js';
import { withStore } from './with-store.js';

interface ReportOptions {
  since?: string;
  from?: string;
  to?: string;
  department?: string;
  json?: boolean;
  csv?: boolean;
}

export function addReportCommand(cli: Command): void {
  cli
    .command('report')
    .description('the desk\'s figures: tickets opened and closed, response and resolution times, SLA, FAQ deflection, reopenings, satisfaction, busiest hours, agents')
    .option('--since <days>', 'today and the days before it, e.g. 7d or 4w (default 30d)')
    .option('--from <date>', 'first day, e.g. 2026-11-01 (UTC)')
    .option('--to <date>', 'last day, included (UTC)')
    .option('--department <id>', 'one department only')
    .option('--json', 'print the figures as JSON')
    .option('--csv', 'print the figures as CSV: section,key,value')
    .action(async (opts: ReportOptions) => {
      if (opts.json && opts.csv) throw new Error('give --json or --csv, not both');
      await withStore(async (store, config) => {
        const locale = config.DEFAULT_LOCALE;
        const window = readReportWindow(opts, Date.now());
        if (!window.ok) throw new Error(windowProblemText(locale, window.problem));
        const known = config.DEPARTMENTS.map((d) => d.id);
        if (opts.department !== undefined && !known.includes(opts.department)) throw new Error(`--department ${JSON.stringify(opts.department)} is not one of ${known.join(', ')}`);
        const figures = await buildReport(store, { fromDay: window.fromDay, toDay: window.toDay, ...(opts.department ? { department: opts.department } : {}) });
        if (opts.json) console.log(JSON.stringify(figures, null, 2));
        else if (opts.csv) process.stdout.write(reportCsv(figures));
        else console.log(reportText(locale, figures, { department: (id) => departmentName(locale, id), agent: await agentNames(store) }));
      });
    });
}

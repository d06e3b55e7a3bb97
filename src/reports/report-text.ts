// The report in words, for the chat (`ticket stats`) and the command line.
import { DateTime } from 'luxon';
import type { Locale } from '../events.js';
import { t } from '../i18n.js';
import { durationWords } from '../sla/time-words.js';
import type { Compliance, Count, ReportFigures, Times } from './report-figures.js';
import type { WindowProblem } from './report-window.js';

export const percentText = (rate: number | null): string => (rate === null ? '–' : `${Math.round(rate * 1000) / 10}%`);

const listOf = (counts: readonly Count[], label: (key: string) => string = (k) => k) => counts.map((c) => `${label(c.key)} ${c.n}`).join(', ');

const dayText = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function timesText(locale: Locale, key: 'report.firstResponse' | 'report.resolution', times: Times): string {
  if (times.p50Ms === null || times.p90Ms === null) return t(locale, key, { p50: t(locale, 'report.none'), p90: t(locale, 'report.none'), count: 0 });
  return t(locale, key, { p50: durationWords(locale, times.p50Ms), p90: durationWords(locale, times.p90Ms), count: times.count });
}

const complianceText = (c: Compliance) => (c.rate === null ? '–' : `${percentText(c.rate)} (${c.met}/${c.met + c.missed})`);

/** "Mon 09:00" in the reader's language. */
export function hourSlotText(locale: Locale, weekday: number, hour: number): string {
  const day = DateTime.fromObject({ weekday: weekday as 1 | 2 | 3 | 4 | 5 | 6 | 7 }).setLocale(locale === 'it' ? 'it-IT' : 'en-GB').toFormat('ccc');
  return `${day} ${String(hour).padStart(2, '0')}:00`;
}

/** `names` turns a department id or an agent key into what people call them. */
export function reportText(locale: Locale, r: ReportFigures, names: { department: (id: string) => string; agent: (key: string) => string }): string {
  const status = (key: string) => (key === 'closed' || key === 'cancelled' ? t(locale, `report.status.${key}`) : key);
  const lines = [
    t(locale, 'report.title', {
      from: dayText(r.from),
      to: dayText(r.to - 1),
      department: r.department ? t(locale, 'report.title.department', { department: names.department(r.department) }) : '',
    }),
    t(locale, 'report.opened', { total: r.opened.total, detail: r.opened.total > 0 ? ` (${listOf(r.opened.byDepartment, names.department)})` : '' }),
    t(locale, 'report.closed', { total: r.closed.total, detail: r.closed.total > 0 ? ` (${listOf(r.closed.byStatus, status)})` : '' }),
  ];
  if (r.opened.total > 0) {
    lines.push(t(locale, 'report.byPriority', { list: listOf([...r.opened.byPriority].sort((a, b) => (a.key < b.key ? -1 : 1))) }));
    lines.push(t(locale, 'report.byChannel', { list: listOf(r.opened.byChannel) }));
  }
  lines.push(timesText(locale, 'report.firstResponse', r.firstResponse), timesText(locale, 'report.resolution', r.resolution));
  lines.push(t(locale, 'report.sla', { firstResponse: complianceText(r.sla.firstResponse), resolution: complianceText(r.sla.resolution) }));
  lines.push(t(locale, 'report.faq', { rate: percentText(r.faq.rate), deflected: r.faq.deflected, asks: r.faq.asks }));
  lines.push(t(locale, 'report.reopen', { rate: percentText(r.reopen.rate), reopened: r.reopen.reopened, closed: r.reopen.closed }));
  lines.push(
    r.satisfaction.average === null
      ? t(locale, 'report.satisfaction.none')
      : t(locale, 'report.satisfaction', {
          average: r.satisfaction.average.toFixed(1),
          rated: r.satisfaction.rated,
          distribution: r.satisfaction.distribution.map((d) => `${d.key}★ ${d.n}`).join(', '),
        }),
  );
  if (r.busiestHours.length > 0) {
    lines.push(t(locale, 'report.busiest', { list: r.busiestHours.slice(0, 3).map((h) => `${hourSlotText(locale, h.weekday, h.hour)} (${h.n})`).join(', ') }));
  }
  lines.push(
    r.agents.length === 0
      ? t(locale, 'report.agents.none')
      : t(locale, 'report.agents', { list: r.agents.slice(0, 10).map((a) => `${names.agent(a.agent)} ${a.held}/${a.resolved}`).join(', ') }),
  );
  return lines.join('\n');
}

/** One row per figure: section, key, value. Spreadsheet-friendly; durations in milliseconds, rates 0–1. */
export function reportCsv(r: ReportFigures): string {
  const rows: [string, string, string | number][] = [
    ['window', 'from', dayText(r.from)],
    ['window', 'to', dayText(r.to - 1)],
    ['window', 'department', r.department ?? ''],
    ['opened', 'total', r.opened.total],
  ];
  const counts = (section: string, list: readonly Count[]) => list.forEach((c) => rows.push([section, c.key, c.n]));
  counts('opened.department', r.opened.byDepartment);
  counts('opened.priority', r.opened.byPriority);
  counts('opened.channel', r.opened.byChannel);
  rows.push(['closed', 'total', r.closed.total]);
  counts('closed.department', r.closed.byDepartment);
  counts('closed.priority', r.closed.byPriority);
  counts('closed.channel', r.closed.byChannel);
  counts('closed.status', r.closed.byStatus);
  const times = (section: string, x: Times) => rows.push([section, 'count', x.count], [section, 'p50_ms', x.p50Ms ?? ''], [section, 'p90_ms', x.p90Ms ?? '']);
  times('first_response', r.firstResponse);
  times('resolution', r.resolution);
  const sla = (section: string, c: Compliance) => rows.push([section, 'met', c.met], [section, 'missed', c.missed], [section, 'rate', c.rate ?? '']);
  sla('sla.first_response', r.sla.firstResponse);
  sla('sla.resolution', r.sla.resolution);
  rows.push(['faq', 'answered', r.faq.answered], ['faq', 'followed_by_ticket', r.faq.followedByTicket], ['faq', 'asks', r.faq.asks], ['faq', 'deflected', r.faq.deflected], ['faq', 'rate', r.faq.rate ?? '']);
  rows.push(['reopen', 'reopened', r.reopen.reopened], ['reopen', 'closed', r.reopen.closed], ['reopen', 'rate', r.reopen.rate ?? '']);
  rows.push(['satisfaction', 'rated', r.satisfaction.rated], ['satisfaction', 'average', r.satisfaction.average ?? '']);
  counts('satisfaction.score', r.satisfaction.distribution);
  r.busiestHours.forEach((h) => rows.push(['hours', `${h.weekday}.${String(h.hour).padStart(2, '0')}`, h.n]));
  r.agents.forEach((a) => rows.push(['agent.held', a.agent, a.held], ['agent.resolved', a.agent, a.resolved]));
  const cell = (v: string | number) => {
    const text = String(v);
    // Quoted when it could split a row, and a leading formula character neutralised for spreadsheets.
    const safe = /^[=+\-@]/.test(text) && typeof v === 'string' ? `'${text}` : text;
    return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return ['section,key,value', ...rows.map((row) => row.map(cell).join(','))].join('\n') + '\n';
}

/** Why a report's window was refused, in words. */
export function windowProblemText(locale: Locale, problem: WindowProblem): string {
  return t(locale, `report.bad.${problem}`);
}

const PAGE_WORDS = [
  'page.title', 'page.intro', 'form.since', 'form.department', 'form.all', 'form.show', 'form.csv',
  'chart.opened', 'chart.priority', 'chart.channel', 'chart.hours', 'chart.satisfaction', 'chart.agents',
  'series.opened', 'series.closed', 'series.held', 'series.resolved', 'series.ratings',
  'table.caption', 'table.figure', 'table.value', 'table.hideShow',
  'kpi.opened', 'kpi.closed', 'kpi.firstResponse', 'kpi.resolution', 'kpi.slaFirstResponse', 'kpi.slaResolution', 'kpi.deflection', 'kpi.reopen', 'kpi.satisfaction', 'none',
] as const;
export type ReportPageWord = (typeof PAGE_WORDS)[number];

/** The console dashboard's labels in one language. */
export function reportPageWords(locale: Locale): Record<ReportPageWord, string> & { days: (n: number) => string } {
  const words = Object.fromEntries(PAGE_WORDS.map((k) => [k, t(locale, `report.${k}`)])) as Record<ReportPageWord, string>;
  return { ...words, days: (n) => t(locale, 'report.form.days', { days: n }) };
}

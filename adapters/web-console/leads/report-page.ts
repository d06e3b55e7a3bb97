// The report dashboard: the figures as tiles, a chart for each breakdown (drawn in
// the browser by Chart.js from the data the page carries) and, under every chart,
// the same numbers as a table, which is what screen readers and people without
// scripts read. Server-rendered; the filter is a plain GET form.
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { hourSlotText, percentText, type Count, type Locale, type ReportFigures, type ReportPageWord } from '../../../src/index.js';

export const REPORT_PATH = '/console/report';
export const REPORT_CSV_PATH = '/console/report.csv';
export const REPORT_SCRIPT = '/console/leads/assets/report-charts.js';
export const REPORT_STYLESHEET = '/console/leads/assets/report.css';
export const SINCE_CHOICES = [7, 30, 90, 365] as const;

export interface ReportView {
  locale: Locale;
  words: Record<ReportPageWord, string> & { days: (n: number) => string };
  figures: ReportFigures;
  since: number;
  department: string;
  departments: readonly { id: string; name: string }[];
  agentName: (key: string) => string;
  duration: (ms: number) => string;
}

interface ChartSpec {
  id: string;
  type: 'bar' | 'doughnut';
  title: string;
  labels: string[];
  datasets: { label: string; data: number[] }[];
  stacked?: boolean;
  horizontal?: boolean;
}

/** Counts in a fixed order of keys, zeros included, so a chart's bars line up with its table. */
const inOrder = (counts: readonly Count[], keys: readonly string[]) => keys.map((k) => counts.find((c) => c.key === k)?.n ?? 0);

function charts(v: ReportView): ChartSpec[] {
  const { figures: r, words: w } = v;
  const depts = [...new Set([...r.opened.byDepartment, ...r.closed.byDepartment].map((c) => c.key))].sort();
  const deptName = (id: string) => v.departments.find((d) => d.id === id)?.name ?? id;
  const priorities = [...new Set(r.opened.byPriority.map((c) => c.key))].sort();
  const channels = r.opened.byChannel.map((c) => c.key);
  const weekdays = [1, 2, 3, 4, 5, 6, 7];
  const hours = Array.from({ length: 24 }, (_, h) => h).filter((h) => r.busiestHours.some((c) => c.hour === h));
  const hourCount = (weekday: number, hour: number) => r.busiestHours.find((c) => c.weekday === weekday && c.hour === hour)?.n ?? 0;
  return [
    {
      id: 'opened', type: 'bar', title: w['chart.opened'], labels: depts.map(deptName),
      datasets: [{ label: w['series.opened'], data: inOrder(r.opened.byDepartment, depts) }, { label: w['series.closed'], data: inOrder(r.closed.byDepartment, depts) }],
    },
    { id: 'priority', type: 'bar', title: w['chart.priority'], labels: priorities, datasets: [{ label: w['series.opened'], data: inOrder(r.opened.byPriority, priorities) }] },
    { id: 'channel', type: 'doughnut', title: w['chart.channel'], labels: channels, datasets: [{ label: w['series.opened'], data: inOrder(r.opened.byChannel, channels) }] },
    {
      id: 'hours', type: 'bar', stacked: true, title: w['chart.hours'], labels: hours.map((h) => `${String(h).padStart(2, '0')}:00`),
      datasets: weekdays.map((d) => ({ label: hourSlotText(v.locale, d, 0).split(' ')[0]!, data: hours.map((h) => hourCount(d, h)) })),
    },
    {
      id: 'satisfaction', type: 'bar', title: w['chart.satisfaction'], labels: r.satisfaction.distribution.map((d) => `${d.key}★`),
      datasets: [{ label: w['series.ratings'], data: r.satisfaction.distribution.map((d) => d.n) }],
    },
    {
      id: 'agents', type: 'bar', horizontal: true, title: w['chart.agents'], labels: r.agents.slice(0, 15).map((a) => v.agentName(a.agent)),
      datasets: [{ label: w['series.held'], data: r.agents.slice(0, 15).map((a) => a.held) }, { label: w['series.resolved'], data: r.agents.slice(0, 15).map((a) => a.resolved) }],
    },
  ];
}

/** The chart's numbers as a table: rows are the labels, columns the series. */
function chartTable(spec: ChartSpec): VNode {
  return html`<div class="report-table" role="region" aria-labelledby=${`table-${spec.id}-caption`} tabindex="0">
    <table id=${`table-${spec.id}`}>
      <caption id=${`table-${spec.id}-caption`}>${spec.title}</caption>
      <thead><tr><th scope="col"></th>${spec.datasets.map((d) => html`<th scope="col">${d.label}</th>`)}</tr></thead>
      <tbody>
        ${spec.labels.map((label, i) => html`<tr><th scope="row">${label}</th>${spec.datasets.map((d) => html`<td>${d.data[i]}</td>`)}</tr>`)}
      </tbody>
    </table>
  </div>`;
}

function chartSection(spec: ChartSpec): VNode {
  return html`<section class="report-chart-section" aria-labelledby=${`chart-${spec.id}-title`}>
    <h2 id=${`chart-${spec.id}-title`}>${spec.title}</h2>
    <div class="report-chart">
      <canvas id=${`chart-${spec.id}`} role="img" aria-label=${spec.title} aria-describedby=${`table-${spec.id}-caption`}></canvas>
    </div>
    ${chartTable(spec)}
  </section>`;
}

function tiles(v: ReportView): VNode {
  const { figures: r, words: w } = v;
  const times = (t: ReportFigures['firstResponse']) => (t.p50Ms === null || t.p90Ms === null ? w.none : `${v.duration(t.p50Ms)} / ${v.duration(t.p90Ms)}`);
  const items: [string, string][] = [
    [w['kpi.opened'], String(r.opened.total)],
    [w['kpi.closed'], String(r.closed.total)],
    [w['kpi.firstResponse'], times(r.firstResponse)],
    [w['kpi.resolution'], times(r.resolution)],
    [w['kpi.slaFirstResponse'], percentText(r.sla.firstResponse.rate)],
    [w['kpi.slaResolution'], percentText(r.sla.resolution.rate)],
    [w['kpi.deflection'], percentText(r.faq.rate)],
    [w['kpi.reopen'], percentText(r.reopen.rate)],
    [w['kpi.satisfaction'], r.satisfaction.average === null ? w.none : `${r.satisfaction.average.toFixed(1)} / 5 (${r.satisfaction.rated})`],
  ];
  return html`<dl class="report-kpis" id="report-kpis">${items.map(([k, value]) => html`<div><dt>${k}</dt><dd>${value}</dd></div>`)}</dl>`;
}

/** JSON inside a <script> element: nothing in it may close the element. */
const scriptSafe = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

export function reportPage(v: ReportView): VNode {
  const w = v.words;
  const specs = charts(v);
  const query = new URLSearchParams({ since: `${v.since}d`, ...(v.department ? { department: v.department } : {}) });
  return html`<link rel="stylesheet" href=${REPORT_STYLESHEET} />
    <h1>${w['page.title']}</h1>
    <p>${w['page.intro']}</p>
    <form method="get" action=${REPORT_PATH} class="report-filter">
      <label for="report-since">${w['form.since']}</label>
      <select id="report-since" name="since">
        ${SINCE_CHOICES.map((n) => html`<option value=${`${n}d`} selected=${n === v.since}>${w.days(n)}</option>`)}
      </select>
      <label for="report-department">${w['form.department']}</label>
      <select id="report-department" name="department">
        <option value="" selected=${v.department === ''}>${w['form.all']}</option>
        ${v.departments.map((d) => html`<option value=${d.id} selected=${d.id === v.department}>${d.name}</option>`)}
      </select>
      <button type="submit">${w['form.show']}</button>
      <a href=${`${REPORT_CSV_PATH}?${query}`} download="sportello-report.csv">${w['form.csv']}</a>
    </form>
    ${tiles(v)}
    <div class="report-charts">${specs.map(chartSection)}</div>
    <script type="application/json" id="report-data" dangerouslySetInnerHTML=${{ __html: scriptSafe({ charts: specs }) }}></script>`;
}

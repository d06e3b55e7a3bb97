// The report dashboard's routes: the page, for the days and department asked (a
// GET form), and the same figures as CSV.
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { agentNames, buildReport, departmentName, durationWords, readReportWindow, reportCsv, reportPageWords } from '../../../src/index.js';
import { registerVendorAssets } from '../../http/vendor-assets.js';
import { textField } from '../form-body.js';
import type { LeadAccess, LeadRoutesDeps } from './lead-access.js';
import { renderBody } from './page-parts.js';
import { REPORT_CSV_PATH, REPORT_PATH, REPORT_SCRIPT, REPORT_STYLESHEET, reportPage, SINCE_CHOICES } from './report-page.js';

const ASSETS = new URL('./assets/', import.meta.url);

/** The window and department asked; anything else falls back to the last 30 days of every department. */
function readFilter(query: unknown, known: readonly string[]): { since: number; department: string } {
  const sinceText = textField(query, 'since');
  const days = Number(/^(\d+)d$/.exec(sinceText)?.[1]);
  const since = (SINCE_CHOICES as readonly number[]).includes(days) ? days : 30;
  const asked = textField(query, 'department');
  return { since, department: known.includes(asked) ? asked : '' };
}

export function registerReportRoutes(scope: FastifyInstance, deps: LeadRoutesDeps, access: LeadAccess): void {
  const { store } = deps;
  const known = deps.departments.map((d) => d.id);
  registerVendorAssets(scope);
  const script = readFileSync(new URL('report-charts.js', ASSETS), 'utf8');
  const css = readFileSync(new URL('report.css', ASSETS), 'utf8');
  scope.get(REPORT_SCRIPT, async (_req, res) => res.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(script));
  scope.get(REPORT_STYLESHEET, async (_req, res) => res.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send(css));

  async function figuresFor(query: unknown) {
    const filter = readFilter(query, known);
    const window = readReportWindow({ since: `${filter.since}d` }, Date.now());
    if (!window.ok) throw new Error('unreachable: the filter only offers valid windows');
    const figures = await buildReport(store, { fromDay: window.fromDay, toDay: window.toDay, ...(filter.department ? { department: filter.department } : {}) });
    return { filter, figures };
  }

  scope.get(REPORT_PATH, async (req, res) => {
    const l = await access.lead(req, res, false);
    if (!l) return res;
    const { filter, figures } = await figuresFor(req.query);
    const words = reportPageWords(l.locale);
    const body = renderBody(
      reportPage({
        locale: l.locale,
        words,
        figures,
        since: filter.since,
        department: filter.department,
        departments: known.map((id) => ({ id, name: departmentName(l.locale, id) })),
        agentName: await agentNames(store),
        duration: (ms) => durationWords(l.locale, ms),
      }),
    );
    return access.sendPage(res, 200, l, { active: 'report', title: words['page.title'], body, scripts: [REPORT_SCRIPT] });
  });

  scope.get(REPORT_CSV_PATH, async (req, res) => {
    const l = await access.lead(req, res, false);
    if (!l) return res;
    const { figures } = await figuresFor(req.query);
    return res
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="sportello-report.csv"')
      .header('cache-control', 'no-store')
      .send(reportCsv(figures));
  });
}

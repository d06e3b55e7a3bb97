// The console's archive page: closed tickets found by words and filters, each
// linking to its ticket page. A GET form, so a search is a link one can share
// or go back to; agents see their departments' tickets, leads every one.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Agent, Archive, ArchiveHit, FilterProblem, Locale } from '../../src/index.js';
import { closedDay, departmentName, oneLine, PRIORITIES, priorityLabel, readArchiveFilters, withinReach } from '../../src/index.js';
import { consolePage, type ConsoleGate } from './console-shell.js';
import { word } from './console-words.js';
import { textField } from './form-body.js';
import { html, render } from './html.js';
import { consoleHtml } from './send-page.js';

export const ARCHIVE_PATH = '/console/archive';
const SHOWN = 50;
const FIELDS = ['q', 'department', 'priority', 'agent', 'requester', 'from', 'to'] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field, string>;

export interface ArchivePageDeps {
  gate: ConsoleGate;
  archive: Archive;
  departments: readonly string[];
}

interface ArchiveView {
  agent: Agent;
  locale: Locale;
  values: Values;
  departments: readonly string[];
  hits: ArchiveHit[];
  problem: string | null;
  notice: string | null;
  loading: number | null;
}

function problemWords(locale: Locale, p: FilterProblem): string {
  switch (p.kind) {
    case 'department':
      return `${word(locale, 'archive.department')}: ${p.value}`;
    case 'priority':
      return `${word(locale, 'archive.priority')}: ${p.value}`;
    case 'date':
      return `${word(locale, p.flag === 'from' ? 'archive.from' : 'archive.to')}: ${p.value} (YYYY-MM-DD)`;
    case 'range':
      return `${word(locale, 'archive.from')} ${p.from} > ${word(locale, 'archive.to')} ${p.to}`;
  }
}

function input(v: ArchiveView, name: Field, label: string, type = 'text', hint?: string) {
  return html`<div class="field">
    <label for=${`a-${name}`}>${label}</label>
    <input id=${`a-${name}`} name=${name} type=${type} value=${v.values[name]} maxlength="200" aria-describedby=${hint ? `a-${name}-hint` : undefined} />
    ${hint ? html`<small id=${`a-${name}-hint`}>${hint}</small>` : null}
  </div>`;
}

function searchForm(v: ArchiveView) {
  const { locale } = v;
  return html`<form method="get" action=${ARCHIVE_PATH} class="filters" role="search" aria-label=${word(locale, 'archive.title')}>
    ${input(v, 'q', word(locale, 'archive.words'), 'search', word(locale, 'archive.wordsHint'))}
    <div class="field">
      <label for="a-department">${word(locale, 'archive.department')}</label>
      <select id="a-department" name="department">
        <option value="">${word(locale, 'archive.any')}</option>
        ${v.departments.map((d) => html`<option value=${d} selected=${d === v.values.department}>${departmentName(locale, d)}</option>`)}
      </select>
    </div>
    <div class="field">
      <label for="a-priority">${word(locale, 'archive.priority')}</label>
      <select id="a-priority" name="priority">
        <option value="">${word(locale, 'archive.any')}</option>
        ${PRIORITIES.map((p) => html`<option value=${p} selected=${p === v.values.priority.toUpperCase()}>${priorityLabel(locale, p).split(',')[0]}</option>`)}
      </select>
    </div>
    ${input(v, 'agent', word(locale, 'archive.agent'), 'text', word(locale, 'archive.agentHint'))}
    ${input(v, 'requester', word(locale, 'archive.requester'))}
    ${input(v, 'from', word(locale, 'archive.from'), 'date')}
    ${input(v, 'to', word(locale, 'archive.to'), 'date')}
    <button type="submit">${word(locale, 'archive.search')}</button>
  </form>`;
}

function results(v: ArchiveView) {
  const { locale, hits } = v;
  if (v.problem) return html`<div class="desk" role="alert"><p class="error">${word(locale, 'archive.problem')} ${v.problem}</p></div>`;
  if (hits.length === 0) return html`<p class="empty" role="status">${word(locale, 'archive.none')}</p>`;
  return html`<p class="summary" id="archive-summary" role="status">${word(locale, 'archive.count', { count: hits.length })}</p>
    <table class="queue archive" aria-describedby="archive-summary">
      <caption class="visually-hidden">${word(locale, 'archive.title')}</caption>
      <thead>
        <tr>
          <th scope="col">${word(locale, 'archive.code')}</th>
          <th scope="col">${word(locale, 'archive.subject')}</th>
          <th scope="col">${word(locale, 'archive.closed')}</th>
          <th scope="col">${word(locale, 'archive.priority')}</th>
          <th scope="col">${word(locale, 'archive.department')}</th>
          <th scope="col">${word(locale, 'archive.resolution')}</th>
        </tr>
      </thead>
      <tbody>
        ${hits.map(
          ({ ticket: t }) => html`<tr data-code=${t.code}>
            <th scope="row"><a class="code" href=${`/console/tickets/${encodeURIComponent(t.code)}`}>${t.code}</a></th>
            <td data-label=${word(locale, 'archive.subject')} class="subject">${oneLine(t.title, 120)}</td>
            <td data-label=${word(locale, 'archive.closed')}><time datetime=${new Date(t.closedAt).toISOString()}>${closedDay(t.closedAt)}</time></td>
            <td data-label=${word(locale, 'archive.priority')}><span class=${`prio prio-${t.priority}`}>${t.priority}</span></td>
            <td data-label=${word(locale, 'archive.department')}>${departmentName(locale, t.department)}</td>
            <td data-label=${word(locale, 'archive.resolution')}>${t.resolution ? oneLine(t.resolution, 240) : html`<em>${word(locale, 'archive.noResolution')}</em>`}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
}

function archiveBody(v: ArchiveView): string {
  const { locale } = v;
  return render(html`<section class="archive-page">
    <h1>${word(locale, 'archive.title')}</h1>
    <p>${word(locale, 'archive.intro')}</p>
    ${searchForm(v)}
    ${v.loading !== null ? html`<p class="notice" role="status">${word(locale, 'archive.loading', { count: v.loading })}</p>` : null}
    ${v.notice ? html`<p class="notice" role="status">${v.notice}</p>` : null}
    ${results(v)}
  </section>`);
}

export function registerArchiveRoutes(scope: FastifyInstance, deps: ArchivePageDeps): void {
  scope.get(ARCHIVE_PATH, async (req: FastifyRequest, res: FastifyReply) => {
    const who = await deps.gate.signedIn(req);
    if (!who) return res.header('cache-control', 'no-store').redirect('/console/sign-in', 303);
    const { agent, locale } = who;
    const values = Object.fromEntries(FIELDS.map((f) => [f, textField(req.query, f).slice(0, 200)])) as Values;
    const readable = agent.role === 'agent' ? deps.departments.filter((d) => agent.departments.includes(d)) : deps.departments;
    const view: ArchiveView = { agent, locale, values, departments: readable, hits: [], problem: null, notice: null, loading: deps.archive.loaded ? null : deps.archive.index.size };
    const read = readArchiveFilters({ department: values.department, priority: values.priority, agent: values.agent, requester: values.requester, from: values.from, to: values.to }, deps.departments);
    let status = 200;
    if ('problem' in read) {
      view.problem = problemWords(locale, read.problem);
      status = 400;
    } else {
      const filters = withinReach(read.filters, agent.role === 'agent' ? readable : undefined);
      if (!filters) view.notice = word(locale, 'archive.notYours', { departments: readable.map((d) => departmentName(locale, d)).join(', ') });
      else view.hits = await deps.archive.search({ text: values.q, limit: SHOWN, filters });
    }
    const page = consolePage({ title: word(locale, 'archive.title'), locale, agent, active: 'archive', body: archiveBody(view), csrf: who.csrf, path: req.url.slice(0, 500) });
    return consoleHtml(res, status, page);
  });
}

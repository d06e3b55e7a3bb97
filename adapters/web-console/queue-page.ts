// The queue page: filters, then the tickets in the store's queue order, 50 at
// a time. The list region is also served alone, for the live refresh.
import type { Agent, Locale, Page, SlaSettings, SlaWords, Ticket } from '../../src/index.js';
import { channelName, defaultSlaSettings, departmentName, priorityLabel, slaStateWords, slaWords, statusLabel, utcLabel } from '../../src/index.js';
import { span, word } from './console-words.js';
import { html, render } from './html.js';
import { QUEUE_PAGE_SIZE, STATUS_FILTERS, WHO_FILTERS, filterQuery, queueDepartments, type QueueFilters } from './queue-query.js';

export interface QueueView {
  agent: Agent;
  locale: Locale;
  filters: QueueFilters;
  page: Page<Ticket>;
  departments: readonly string[];
  now: number;
  /** The desk's SLA settings; absent: the defaults. */
  sla?: SlaSettings;
}

/** "P2 – high": the level without the promise, which the ticket page carries. */
function shortPriority(locale: Locale, t: Ticket): string {
  return priorityLabel(locale, t.priority).split(',')[0]!;
}

function dueWords(locale: Locale, t: Ticket, now: number): string {
  if (t.status !== 'open' && t.status !== 'in_progress') return '–';
  const left = t.dueAt - now;
  return left >= 0 ? word(locale, 'time.in', { span: span(locale, left) }) : word(locale, 'time.overdue', { span: span(locale, left) });
}

/** Where a ticket stands against its SLA target, a breach (or one near, or a pause) named in a badge too; older tickets without a clock say when they are due. */
export function slaCell(locale: Locale, t: Ticket, now: number, words: SlaWords | null) {
  if (!words) return html`<span title=${utcLabel(t.dueAt)}>${dueWords(locale, t, now)}</span>`;
  // A pause says so in its own words; a badge would repeat them.
  const badge = words.state === 'paused' ? '' : slaStateWords(locale, words.state);
  return html`<span class=${`sla sla-${words.state}`} title=${utcLabel(words.dueAt)}>${badge ? html`<span class="badge">${badge}</span>` : null}${words.label}</span>`;
}

function statusText(locale: Locale, f: (typeof STATUS_FILTERS)[number]): string {
  return f === 'active' ? word(locale, 'queue.active') : statusLabel(locale, f, 'staff');
}

function filterForm(v: QueueView) {
  const { locale, filters: f } = v;
  const depts = queueDepartments(v.agent, v.departments);
  return html`<form method="get" action="/console" class="filters" aria-label=${word(locale, 'queue.filters')}>
    <div class="field">
      <label for="f-department">${word(locale, 'queue.department')}</label>
      <select id="f-department" name="department" data-autosubmit="">
        <option value="">${word(locale, 'queue.any')}</option>
        ${depts.map((d) => html`<option value=${d} selected=${d === f.department}>${departmentName(locale, d)}</option>`)}
      </select>
    </div>
    <div class="field">
      <label for="f-tier">${word(locale, 'queue.tier')}</label>
      <select id="f-tier" name="tier" data-autosubmit="">
        <option value="">${word(locale, 'queue.any')}</option>
        ${[1, 2, 3].map((t) => html`<option value=${String(t)} selected=${t === f.tier}>${String(t)}</option>`)}
      </select>
    </div>
    <div class="field">
      <label for="f-status">${word(locale, 'queue.status')}</label>
      <select id="f-status" name="status" data-autosubmit="">
        ${STATUS_FILTERS.map((s) => html`<option value=${s} selected=${s === f.status}>${statusText(locale, s)}</option>`)}
      </select>
    </div>
    <div class="field">
      <label for="f-who">${word(locale, 'queue.who')}</label>
      <select id="f-who" name="who" data-autosubmit="">
        ${WHO_FILTERS.map((w) => html`<option value=${w} selected=${w === f.who}>${word(locale, w === 'any' ? 'queue.any' : w === 'mine' ? 'queue.mine' : 'queue.unassigned')}</option>`)}
      </select>
    </div>
    <button type="submit" class="secondary">${word(locale, 'queue.apply')}</button>
  </form>`;
}

function row(v: QueueView, t: Ticket) {
  const { locale } = v;
  const sla = slaWords(locale, t, { sla: v.sla ?? defaultSlaSettings(), now: v.now }, 'staff');
  return html`<tr data-code=${t.code} class=${`p-${t.priority}${sla ? ` sla-${sla.state}` : ''}`}>
    <th scope="row"><a class="code" href=${`/console/tickets/${encodeURIComponent(t.code)}`}>${t.code}</a></th>
    <td data-label=${word(locale, 'queue.subject')} class="subject">${t.title}</td>
    <td data-label=${word(locale, 'queue.priority')}><span class=${`prio prio-${t.priority}`}>${shortPriority(locale, t)}</span></td>
    <td data-label=${word(locale, 'queue.status')}>${statusLabel(locale, t.status, 'staff')}</td>
    <td data-label=${word(locale, 'queue.department')}>${departmentName(locale, t.department)} · ${word(locale, 'queue.tier')} ${t.tier}</td>
    <td data-label=${word(locale, 'queue.assignee')}>${t.assignee ? t.assignee.name || t.assignee.userId : html`<em>${word(locale, 'queue.nobody')}</em>`}</td>
    <td data-label=${word(locale, 'queue.due')}>${slaCell(locale, t, v.now, sla)}</td>
    <td data-label=${word(locale, 'queue.age')}>${word(locale, 'time.ago', { span: span(locale, v.now - t.createdAt) })} · ${channelName(locale, t.requester.platform)}</td>
  </tr>`;
}

/** The list and its paging: what the live refresh replaces. */
export function queueRegion(v: QueueView) {
  const { locale, page, filters: f } = v;
  const from = (f.page - 1) * QUEUE_PAGE_SIZE + 1;
  const to = from + page.items.length - 1;
  const pages = Math.max(1, Math.ceil(page.total / QUEUE_PAGE_SIZE));
  const summary = `${word(locale, 'queue.count', { total: page.total })}${page.items.length > 0 && page.total > QUEUE_PAGE_SIZE ? `, ${word(locale, 'queue.range', { from, to })}` : ''}`;
  return html`<div id="queue-region">
    <p class="summary" id="queue-summary">${summary}</p>
    ${page.items.length === 0
      ? html`<p class="empty">${word(locale, 'queue.empty')}</p>`
      : html`<table class="queue" aria-describedby="queue-summary">
          <caption class="visually-hidden">${word(locale, 'queue.title')}</caption>
          <thead>
            <tr>
              <th scope="col">${word(locale, 'queue.code')}</th>
              <th scope="col">${word(locale, 'queue.subject')}</th>
              <th scope="col">${word(locale, 'queue.priority')}</th>
              <th scope="col">${word(locale, 'queue.status')}</th>
              <th scope="col">${word(locale, 'queue.department')}</th>
              <th scope="col">${word(locale, 'queue.assignee')}</th>
              <th scope="col">${word(locale, 'queue.due')}</th>
              <th scope="col">${word(locale, 'queue.age')}</th>
            </tr>
          </thead>
          <tbody>
            ${page.items.map((t) => row(v, t))}
          </tbody>
        </table>`}
    ${pages > 1
      ? html`<nav class="pager" aria-label=${word(locale, 'queue.pages')}>
          ${f.page > 1 ? html`<a rel="prev" href=${`/console${filterQuery(f, f.page - 1)}`}>${word(locale, 'queue.prev')}</a>` : null}
          <span>${f.page} / ${pages}</span>
          ${f.page < pages ? html`<a rel="next" href=${`/console${filterQuery(f, f.page + 1)}`}>${word(locale, 'queue.next')}</a>` : null}
        </nav>`
      : null}
  </div>`;
}

/** The queue page's body, for the shell. */
export function queueBody(v: QueueView): string {
  const { locale } = v;
  return render(html`<section class="queue-page" data-live=${`/console${filterQuery(v.filters)}`}>
    <h1>${word(locale, 'queue.title')}</h1>
    ${filterForm(v)}
    <p id="live-status" class="visually-hidden" role="status" aria-live="polite" data-updated=${word(locale, 'queue.updated')}></p>
    ${queueRegion(v)}
  </section>`);
}

export function queueRegionHtml(v: QueueView): string {
  return render(queueRegion(v));
}

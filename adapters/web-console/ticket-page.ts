// One ticket as an agent works it: the facts, the transcript with internal
// items set apart (label and frame, not colour alone), and the actions. The
// facts and transcript are also served alone, for the live refresh.
import { randomUUID } from 'node:crypto';
import type { Agent, Locale, SlaSettings, Ticket, TicketEvent, TicketFile } from '../../src/index.js';
import { guideTriedLine, isImage, sizeWords } from '../../src/index.js';
import { filePath } from '../http/file-links.js';
import { PRIORITIES, channelName, defaultSlaSettings, departmentName, isInternal, priorityLabel, sameParticipant, slaStateWords, slaWords, statusLabel, utcLabel } from '../../src/index.js';
import { span, word, type WordKey } from './console-words.js';
import { html, render } from './html.js';

export interface TicketPageView {
  agent: Agent;
  locale: Locale;
  ticket: Ticket;
  events: TicketEvent[];
  departments: readonly string[];
  csrf: string;
  now: number;
  /** The desk's SLA settings; absent: the defaults. */
  sla?: SlaSettings;
  /** What the desk answered the last action. */
  desk?: string[];
  /** Per field, `<action>.<field>`: what is wrong with what was sent. */
  errors?: Record<string, string>;
  /** What was sent, to fill the form in again when it was refused. */
  values?: Record<string, string>;
  /** Agents may send files here: how many per message and how large each. Absent: no upload form. */
  uploads?: { maxBytes: number; maxFiles: number };
}

function fact(label: string, value: unknown) {
  return html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
}

/** The files an event brought: pictures shown small (a link to the full one), everything else as a download with its size. */
function fileList(locale: Locale, code: string, files: readonly TicketFile[]) {
  if (files.length === 0) return null;
  return html`<ul class="files" aria-label=${word(locale, 'files.title')}>
    ${files.map((f) => {
      const href = filePath(code, f.id);
      return html`<li class=${f.internal ? 'file internal' : 'file'}>
        ${isImage(f) ? html`<a href=${href} class="thumb"><img src=${href} alt=${word(locale, 'files.picture', { name: f.name })} loading="lazy" /></a>` : null}
        <a href=${href} download=${f.name}>${word(locale, 'files.download', { name: f.name, size: sizeWords(f.size) })}</a>
      </li>`;
    })}
  </ul>`;
}

function eventLine(locale: Locale, e: TicketEvent, now: number, files: readonly TicketFile[] = []) {
  const internal = isInternal(e);
  const who = e.actor.name || e.actor.userId;
  return html`<li class=${internal ? 'item internal' : 'item public'}>
    <p class="meta">
      <span class="badge">${word(locale, internal ? 'ticket.internal' : 'ticket.public')}</span>
      <strong>${who}</strong> ${word(locale, `event.${e.kind}` as WordKey)}
      <span class="when" title=${utcLabel(e.at)}> · ${word(locale, 'time.ago', { span: span(locale, now - e.at) })} · ${channelName(locale, e.channel)}</span>
    </p>
    ${e.text ? html`<p class="text">${e.text}</p>` : null}
    ${typeof e.data.rule === 'string' ? html`<p class="text rule">${word(locale, 'event.rule')}: ${e.data.rule}${typeof e.data.policy === 'string' ? ` — ${e.data.policy}` : ''}</p>` : null}
    ${fileList(locale, e.ticketCode, files)}
  </li>`;
}

/** Facts and transcript: what the live refresh replaces. */
export function ticketLive(v: TicketPageView) {
  const { locale, ticket: t } = v;
  const sla = v.sla ?? defaultSlaSettings();
  const left = t.dueAt >= v.now ? word(locale, 'time.in', { span: span(locale, t.dueAt - v.now) }) : word(locale, 'time.overdue', { span: span(locale, t.dueAt - v.now) });
  // In UTC from the server; the page's script shows it in the reader's own zone.
  const at = (ms: number) => html`<time datetime=${new Date(ms).toISOString()}>${utcLabel(ms)}</time>`;
  const standing = slaWords(locale, t, { sla, now: v.now }, 'staff');
  const badge = standing && standing.state !== 'paused' ? slaStateWords(locale, standing.state) : '';
  const due = standing
    ? html`<span class=${`sla sla-${standing.state}`}>${badge ? html`<span class="badge">${badge}</span>` : null}${standing.label}${standing.state === 'paused' ? null : html` · ${at(standing.dueAt)}`}</span>`
    : t.status === 'open' || t.status === 'in_progress' ? html`${at(t.dueAt)} (${left})` : '–';
  return html`<div id="ticket-live" data-version=${String(t.version)}>
    <section aria-labelledby="facts-title" class="facts">
      <h2 id="facts-title">${word(locale, 'ticket.facts')}</h2>
      <dl>
        ${fact(word(locale, 'ticket.requester'), t.requester.name || t.requester.userId)}
        ${fact(word(locale, 'ticket.channel'), channelName(locale, t.requester.platform))}
        ${fact(word(locale, 'ticket.status'), statusLabel(locale, t.status, 'staff'))}
        ${fact(word(locale, 'ticket.priority'), priorityLabel(locale, t.priority, { sla, department: t.department }))}
        ${fact(word(locale, 'ticket.department'), departmentName(locale, t.department))}
        ${fact(word(locale, 'ticket.tier'), String(t.tier))}
        ${fact(word(locale, 'ticket.assignee'), t.assignee ? t.assignee.name || t.assignee.userId : word(locale, 'queue.nobody'))}
        ${fact(word(locale, 'ticket.due'), due)}
        ${t.guide ? html`<div class="guide-tried"><dt>${word(locale, 'guide.tried')}</dt><dd>${guideTriedLine(locale, t.guide)}</dd></div>` : null}
      </dl>
    </section>
    <section aria-labelledby="transcript-title" class="transcript">
      <h2 id="transcript-title">${word(locale, 'ticket.transcript')}</h2>
      <ol>
        ${v.events.map((e) => eventLine(locale, e, v.now, (t.files ?? []).filter((f) => f.version === e.version)))}
      </ol>
    </section>
  </div>`;
}

function errorOf(v: TicketPageView, key: string): string | undefined {
  return v.errors && Object.hasOwn(v.errors, key) ? v.errors[key] : undefined;
}

function valueOf(v: TicketPageView, key: string): string {
  return v.values && Object.hasOwn(v.values, key) ? v.values[key]! : '';
}

/** One action's form: hidden action and tokens, its fields, its button. `once` makes a form sent twice (a reload after posting, a double click) one command. */
function actionForm(v: TicketPageView, action: string, title: string, fields: unknown, submit: string, extraClass = '') {
  return html`<form method="post" action=${`/console/tickets/${encodeURIComponent(v.ticket.code)}`} class=${`action ${extraClass}`.trim()} id=${`form-${action}`} aria-label=${title}>
    <input type="hidden" name="csrf" value=${v.csrf} />
    <input type="hidden" name="action" value=${action} />
    <input type="hidden" name="once" value=${randomUUID()} />
    ${fields}
    <button type="submit">${submit}</button>
  </form>`;
}

function textField(v: TicketPageView, action: string, name: string, label: string, opts: { multiline?: boolean; id?: string } = {}) {
  const key = `${action}.${name}`;
  const error = errorOf(v, key);
  const id = opts.id ?? `${action}-${name}`;
  const described = error ? `${id}-error` : undefined;
  const input = opts.multiline
    ? html`<textarea id=${id} name=${name} rows="3" aria-invalid=${error ? 'true' : undefined} aria-describedby=${described}>${valueOf(v, key)}</textarea>`
    : html`<input id=${id} name=${name} value=${valueOf(v, key)} aria-invalid=${error ? 'true' : undefined} aria-describedby=${described} />`;
  return html`<div class="field">
    <label for=${id}>${label}</label>
    ${input}
    ${error ? html`<p id=${`${id}-error`} class="error">${error}</p>` : null}
  </div>`;
}

function selectField(v: TicketPageView, action: string, name: string, label: string, options: { value: string; label: string }[], current: string) {
  const key = `${action}.${name}`;
  const error = errorOf(v, key);
  const id = `${action}-${name}`;
  return html`<div class="field">
    <label for=${id}>${label}</label>
    <select id=${id} name=${name} aria-invalid=${error ? 'true' : undefined} aria-describedby=${error ? `${id}-error` : undefined}>
      ${options.map((o) => html`<option value=${o.value} selected=${o.value === current}>${o.label}</option>`)}
    </select>
    ${error ? html`<p id=${`${id}-error`} class="error">${error}</p>` : null}
  </div>`;
}

/** Files for the requester (a reply) or for agents (an internal note), with words or without. */
function filesForm(v: TicketPageView, limits: { maxBytes: number; maxFiles: number }) {
  const { locale } = v;
  const error = errorOf(v, 'files.files');
  const to = valueOf(v, 'files.to') === 'note' ? 'note' : 'reply';
  return html`<form method="post" action=${`/console/tickets/${encodeURIComponent(v.ticket.code)}/files`} enctype="multipart/form-data" class="action" id="form-files" aria-label=${word(locale, 'files.legend')}>
    <input type="hidden" name="csrf" value=${v.csrf} />
    <input type="hidden" name="once" value=${randomUUID()} />
    <div class="field">
      <label for="files-pick">${word(locale, 'files.pick')}</label>
      <input id="files-pick" type="file" name="files" multiple aria-describedby=${error ? 'files-hint files-error' : 'files-hint'} aria-invalid=${error ? 'true' : undefined} />
      <p id="files-hint" class="hint">${word(locale, 'files.hint', { count: limits.maxFiles, max: sizeWords(limits.maxBytes) })}</p>
      ${error ? html`<p id="files-error" class="error">${error}</p>` : null}
    </div>
    ${textField(v, 'files', 'text', word(locale, 'files.text'), { multiline: true, id: 'files-text' })}
    <fieldset class="field">
      <legend>${word(locale, 'files.to')}</legend>
      <label><input type="radio" name="to" value="reply" checked=${to === 'reply'} /> ${word(locale, 'files.toRequester')}</label>
      <label><input type="radio" name="to" value="note" checked=${to === 'note'} /> ${word(locale, 'files.toAgents')}</label>
    </fieldset>
    <button type="submit">${word(locale, 'files.send')}</button>
  </form>`;
}

function actions(v: TicketPageView) {
  const { locale, ticket: t } = v;
  const w = (k: WordKey) => word(locale, k);
  return html`<section aria-labelledby="actions-title" class="actions">
    <h2 id="actions-title">${w('ticket.actions')}</h2>
    ${sameParticipant(t.assignee, v.agent) ? null : actionForm(v, 'claim', w('ticket.claim'), null, w('ticket.claim'), 'compact')}
    ${actionForm(v, 'reply', w('ticket.reply'), textField(v, 'reply', 'text', w('ticket.replyText'), { multiline: true, id: 'reply' }), w('ticket.send'))}
    ${v.uploads ? filesForm(v, v.uploads) : null}
    ${actionForm(v, 'note', w('ticket.note'), textField(v, 'note', 'text', w('ticket.noteText'), { multiline: true }), w('ticket.addNote'))}
    ${actionForm(
      v,
      'priority',
      w('ticket.setPriority'),
      selectField(v, 'priority', 'priority', w('ticket.priority'), PRIORITIES.map((p) => ({ value: p, label: priorityLabel(locale, p).split(',')[0]! })), valueOf(v, 'priority.priority') || t.priority),
      w('ticket.setPriority'),
    )}
    ${actionForm(v, 'assign', w('ticket.assign'), textField(v, 'assign', 'agent', w('ticket.assignTo')), w('ticket.assign'))}
    ${actionForm(
      v,
      'move',
      w('ticket.move'),
      selectField(v, 'move', 'department', w('ticket.department'), v.departments.map((d) => ({ value: d, label: departmentName(locale, d) })), valueOf(v, 'move.department') || t.department),
      w('ticket.move'),
    )}
    ${actionForm(v, 'escalate', w('ticket.escalate'), textField(v, 'escalate', 'reason', w('ticket.reason'), { multiline: true, id: 'escalate' }), w('ticket.escalate'))}
    ${actionForm(v, 'resolve', w('ticket.resolve'), textField(v, 'resolve', 'resolution', w('ticket.resolution'), { multiline: true }), w('ticket.resolve'))}
  </section>`;
}

export function ticketBody(v: TicketPageView): string {
  const { locale, ticket: t } = v;
  const hasErrors = !!v.errors && Object.keys(v.errors).length > 0;
  return render(html`<article class="ticket-page" data-code=${t.code}>
    <p><a href="/console">← ${word(locale, 'ticket.back')}</a></p>
    <h1><span class="code">${t.code}</span> ${t.title}</h1>
    <div id="desk-answer" role="status" aria-live="polite" class=${v.desk?.length || hasErrors ? 'desk' : 'desk empty'}>
      ${hasErrors ? html`<p class="error">${word(locale, 'ticket.fieldErrors')}</p>` : null}
      ${v.desk?.length ? html`<p class="label">${word(locale, 'ticket.desk')}</p>${v.desk.map((text) => html`<p class="text">${text}</p>`)}` : null}
    </div>
    <p id="live-status" class="visually-hidden" role="status" aria-live="polite" data-updated=${word(locale, 'ticket.updated')}></p>
    <div class="ticket-grid">
      ${ticketLive(v)}
      ${actions(v)}
    </div>
  </article>`);
}

export function ticketLiveHtml(v: TicketPageView): string {
  return render(ticketLive(v));
}

export function ticketNotFoundBody(locale: Locale, code: string): string {
  return render(html`<p><a href="/console">← ${word(locale, 'ticket.back')}</a></p><h1>${word(locale, 'ticket.notFound', { code })}</h1>`);
}

// One message in the conversation: what the person wrote, the desk's reply
// (formatted text, the ticket it is about, its form and its buttons), a pushed
// message, or an error. All text goes in as text.
import { h } from '/assets/vendor/preact.mjs';
import { useEffect, useState } from '/assets/vendor/preact-hooks.mjs';
import htm from '/assets/vendor/htm.mjs';
import { fileLink } from './api.js';
import { formatText } from './format.js';
import { say, sizeWords } from './words.js';

const html = htm.bind(h);

/** The card's line under a reply: code, status, priority, queue and who works on it. */
function TicketLine({ t }) {
  const rest = ` · ${t.priorityLabel} · ${t.departmentName} L${t.tier}${t.assigneeName ? ' · ' + t.assigneeName : ''}`;
  return html`<span class="ticket"><b>${t.code}</b> · <i>${t.statusLabel}</i>${rest}</span>`;
}

/** The card's facts: title, who asked, who works on it, when a response is due, where it came from. */
function Facts({ t, lang }) {
  const rows = [];
  if (t.title) rows.push(['#', `${t.code} · ${t.title}`]);
  for (const f of t.facts || []) {
    if (f.field === 'status' || f.field === 'priority' || f.field === 'queue') continue;
    // A moment in the reader's own zone, after its words ("first response due"): true however late it is read.
    const at = typeof f.at === 'number' ? new Date(f.at).toLocaleString(t.locale || lang, { dateStyle: 'medium', timeStyle: 'short' }) : null;
    const value = at === null ? f.value : f.lead ? `${f.lead} ${at}` : at;
    rows.push([f.name, value]);
  }
  if (rows.length === 0) return null;
  return html`<dl class="facts" aria-label=${say(lang, 'ticketFacts')}>${rows.map(([name, value]) => html`<dt>${name}</dt><dd>${value}</dd>`)}</dl>`;
}

/** A select: its placeholder as the empty first choice (so a required one must be picked), then the options. */
function Choices({ f, id }) {
  return html`<select id=${id} name=${f.id} required=${!f.optional}>
    <option value="">${f.placeholder || '—'}</option>
    ${(f.options || []).map((o) => html`<option value=${o.value} selected=${o.value === f.value}>${o.label}</option>`)}
  </select>`;
}

/** A reply's form: what the person fills in goes back with the form's id. */
function ReplyForm({ spec, used, onSubmit, uid }) {
  const submit = (e) => {
    e.preventDefault();
    const values = Object.create(null);
    for (const f of spec.fields) values[f.id] = e.currentTarget.elements.namedItem(f.id).value;
    onSubmit(spec, values);
  };
  return html`<form class="reply-form" data-form=${spec.id} aria-label=${spec.title} onSubmit=${submit}>
    ${spec.fields.map((f) => {
      const id = `${uid}-${f.id}`;
      // Filled in once from the form as sent back; after that the field is the person's.
      const fill = (el) => {
        if (el && f.value && !el.dataset.filled) {
          el.value = f.value;
          el.dataset.filled = '1';
        }
      };
      const input =
        f.kind === 'select'
          ? html`<${Choices} f=${f} id=${id} />`
          : f.multiline
            ? html`<textarea id=${id} name=${f.id} maxlength="2000" placeholder=${f.placeholder || undefined} required=${!f.optional} disabled=${used} ref=${fill}></textarea>`
            : html`<input id=${id} name=${f.id} maxlength="2000" placeholder=${f.placeholder || undefined} required=${!f.optional} disabled=${used} ref=${fill} />`;
      return html`<label for=${id}>${f.label}${input}</label>`;
    })}
    <button type="submit" disabled=${used}>${spec.submitLabel}</button>
  </form>`;
}

const PICTURES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp'];

/** One file: a picture shown (a link to the whole one), anything else a download with its name and size. */
function FileItem({ f, lang }) {
  const [url, setUrl] = useState(null);
  const [gone, setGone] = useState(false);
  useEffect(() => {
    let live = true;
    if (f.code) fileLink(f.code, f.id).then((u) => live && (u ? setUrl(u) : setGone(true)));
    return () => {
      live = false;
    };
  }, [f.code, f.id]);
  const size = sizeWords(f.size);
  if (!f.code || gone) return html`<li class="file"><span class="file-name">${gone ? say(lang, 'fileGone', { name: f.name, size }) : `${f.name} (${size})`}</span></li>`;
  if (!url) return html`<li class="file"><span class="file-name">${f.name} (${size})</span></li>`;
  const picture = PICTURES.includes(f.mime);
  return html`<li class=${picture ? 'file picture' : 'file'} data-file=${f.id}>
    ${picture && html`<a href=${url} target="_blank" rel="noopener noreferrer"><img src=${url} alt=${say(lang, 'picture', { name: f.name })} /></a>`}
    <a href=${url} download=${f.name} class="download">${say(lang, 'download', { name: f.name, size })}</a>
  </li>`;
}

export function Files({ files, lang }) {
  if (!files || files.length === 0) return null;
  return html`<ul class="files">${files.map((f, i) => html`<${FileItem} key=${f.id || i} f=${f} lang=${lang} />`)}</ul>`;
}

export function Message({ item, lang, onAction, onForm }) {
  const [uid] = useState(() => 'm' + Math.random().toString(36).slice(2, 8));
  if (item.kind === 'me') return html`<div class="msg me">${item.text}${item.files && html`<${Files} files=${item.files} lang=${lang} />`}</div>`;
  if (item.kind === 'error') return html`<div class="msg error" role="alert">${item.text}</div>`;
  const r = item.reply;
  return html`<div class=${item.kind === 'push' ? 'msg bot push' : 'msg bot'} data-role="reply">
    <div class="text">${formatText(r.text, say(lang, 'openInNewTab'))}</div>
    ${r.files && html`<${Files} files=${r.files} lang=${lang} />`}
    ${r.ticket && html`<${TicketLine} t=${r.ticket} />`}
    ${r.ticket && html`<${Facts} t=${r.ticket} lang=${lang} />`}
    ${r.form && html`<${ReplyForm} spec=${r.form} used=${item.used} onSubmit=${(spec, values) => onForm(item, spec, values)} uid=${uid} />`}
    ${r.actions && r.actions.length > 0 &&
    html`<div class="actions">
      ${r.actions.map((a) => html`<button type="button" data-action=${a.id} disabled=${item.used} onClick=${() => onAction(item, a)}>${a.label}</button>`)}
    </div>`}
  </div>`;
}

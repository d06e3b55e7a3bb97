// The FAQ drafts page: drafts made from solved tickets, each with its questions,
// answers and sources, and the forms that approve, dismiss or edit it. Every form
// carries the version shown, so a draft someone changed meanwhile is not decided
// unseen. Server-rendered; plain forms.
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { departmentName, sourcesWords, type DraftStatus, type FaqDraft, type Locale } from '../../../src/index.js';
import type { Say } from './lead-words.js';
import { csrfInput, notice } from './page-parts.js';

export const DRAFTS_PATH = '/console/faq/drafts';

export const draftEditHref = (id: string) => `${DRAFTS_PATH}/edit?id=${encodeURIComponent(id)}`;

export interface DraftListView {
  say: Say;
  locale: Locale;
  csrf: string;
  status: DraftStatus;
  drafts: readonly FaqDraft[];
  notice: string | null;
  problem: string | null;
}

function decisionForm(say: Say, csrf: string, d: FaqDraft, verb: 'approve' | 'dismiss'): VNode {
  return html`<form method="post" action=${`${DRAFTS_PATH}/${verb}`} class="leads-inline">
    ${csrfInput(csrf)}
    <input type="hidden" name="id" value=${d.id} />
    <input type="hidden" name="version" value=${String(d.version)} />
    <button type="submit" aria-label=${say(verb === 'approve' ? 'drafts.approveWhich' : 'drafts.dismissWhich', { id: d.id })}>${say(verb === 'approve' ? 'drafts.approve' : 'drafts.dismiss')}</button>
  </form>`;
}

function draftItem(view: DraftListView, d: FaqDraft, index: number): VNode {
  const { say, locale, csrf } = view;
  const headingId = `faq-draft-${index}`;
  const statusWord = say(`drafts.show.${d.status}`);
  return html`<li class="leads-entry">
    <article aria-labelledby=${headingId}>
      <h2 id=${headingId}>${d.questions[0] ?? d.id}</h2>
      <p class="leads-meta"><code>${d.id}</code> · ${say('drafts.meta', { department: departmentName(locale, d.department), count: d.sources.length, sources: sourcesWords(d) })}</p>
      ${d.decidedBy ? html`<p class="leads-meta">${say('drafts.decidedBy', { status: statusWord, by: d.decidedBy })}</p>` : null}
      <h3>${say('drafts.questions')}</h3>
      <ul>${d.questions.map((q) => html`<li>${q}</li>`)}</ul>
      <dl>
        <dt>${say('drafts.answer.it')}</dt>
        <dd lang="it">${d.answer.it ?? say('drafts.noAnswer')}</dd>
        <dt>${say('drafts.answer.en')}</dt>
        <dd lang="en">${d.answer.en ?? say('drafts.noAnswer')}</dd>
      </dl>
      ${d.status === 'pending'
        ? html`<div class="leads-buttons">
            ${decisionForm(say, csrf, d, 'approve')}
            <a href=${draftEditHref(d.id)} aria-label=${say('drafts.editWhich', { id: d.id })}>${say('drafts.edit')}</a>
            ${decisionForm(say, csrf, d, 'dismiss')}
          </div>`
        : null}
    </article>
  </li>`;
}

export function draftListPage(view: DraftListView): VNode {
  const { say } = view;
  const tabs: DraftStatus[] = ['pending', 'approved', 'dismissed'];
  return html`<div class="leads">
    <h1>${say('drafts.title')}</h1>
    <p class="leads-intro">${say('drafts.intro')}</p>
    ${notice(view.notice)}
    ${view.problem ? html`<div class="leads-errors" role="alert"><p>${view.problem}</p></div>` : null}
    <nav aria-label=${say('drafts.title')}>
      <p class="leads-toolbar">
        ${tabs.map((s) => html`<a href=${`${DRAFTS_PATH}?status=${s}`} aria-current=${s === view.status ? 'page' : undefined}>${say(`drafts.show.${s}`)}</a> `)}
      </p>
    </nav>
    ${view.drafts.length === 0
      ? html`<p>${say(view.status === 'pending' ? 'drafts.none' : 'drafts.noneDecided')}</p>`
      : html`<ul class="leads-entries">${view.drafts.map((d, i) => draftItem(view, d, i))}</ul>`}
  </div>`;
}

export interface DraftFormView {
  say: Say;
  csrf: string;
  draft: FaqDraft;
  values: { questions: string; it: string; en: string };
  problem: string | null;
}

export function draftFormPage(view: DraftFormView): VNode {
  const { say, draft, values } = view;
  const invalid = view.problem ? { 'aria-describedby': 'draft-problem', 'aria-invalid': 'true' } : {};
  return html`<div class="leads">
    <h1>${say('drafts.editTitle', { id: draft.id })}</h1>
    ${view.problem ? html`<div class="leads-errors" role="alert" id="draft-problem"><p>${view.problem}</p></div>` : null}
    <form class="leads-form" method="post" action=${`${DRAFTS_PATH}/edit`} novalidate>
      ${csrfInput(view.csrf)}
      <input type="hidden" name="id" value=${draft.id} />
      <input type="hidden" name="version" value=${String(draft.version)} />
      <div class="leads-field">
        <label for="draft-questions">${say('drafts.field.questions')}</label>
        <textarea id="draft-questions" name="questions" rows="8" required ...${invalid}>${values.questions}</textarea>
      </div>
      <div class="leads-field">
        <label for="draft-answer-it">${say('drafts.answer.it')}</label>
        <textarea id="draft-answer-it" name="answer_it" lang="it" rows="5">${values.it}</textarea>
      </div>
      <div class="leads-field">
        <label for="draft-answer-en">${say('drafts.answer.en')}</label>
        <textarea id="draft-answer-en" name="answer_en" lang="en" rows="5">${values.en}</textarea>
      </div>
      <div class="leads-buttons">
        <button type="submit">${say('drafts.save')}</button>
        <a href=${DRAFTS_PATH}>${say('drafts.back')}</a>
      </div>
    </form>
  </div>`;
}

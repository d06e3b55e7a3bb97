// The FAQ pages: the list with its search, the form for one entry, and the
// import form with every problem of a refused file. Server-rendered; plain forms.
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { departmentName, type FaqEntry, type Locale } from '../../../src/index.js';
import { sayCount, type Say } from './lead-words.js';
import { csrfInput, described, errorSummary, fieldError, notice, type FieldError } from './page-parts.js';

export const FAQ_PATH = '/console/faq';

export type FaqFormField = 'id' | 'department' | 'questions' | 'answer' | 'answer.it' | 'answer.en' | 'form';

export interface FaqFormState {
  /** The id of the entry being edited; null for a new one. */
  editing: string | null;
  values: { id: string; department: string; questions: string; it: string; en: string };
  errors: ReadonlyMap<FaqFormField, string>;
}

export const blankFaqForm = (departments: readonly string[]): FaqFormState => ({
  editing: null,
  values: { id: '', department: departments[0] ?? '', questions: '', it: '', en: '' },
  errors: new Map(),
});

export function faqForm(entry: FaqEntry): FaqFormState {
  return {
    editing: entry.id,
    values: { id: entry.id, department: entry.department, questions: entry.questions.join('\n'), it: entry.answer.it ?? '', en: entry.answer.en ?? '' },
    errors: new Map(),
  };
}

export const faqEditHref = (id: string) => `${FAQ_PATH}/edit?id=${encodeURIComponent(id)}`;

/** At most this many characters of an answer in the list; the form shows it whole. */
const ANSWER_PREVIEW = 240;
const preview = (text: string) => (text.length > ANSWER_PREVIEW ? `${text.slice(0, ANSWER_PREVIEW - 1)}…` : text);

export interface FaqListView {
  say: Say;
  locale: Locale;
  entries: readonly FaqEntry[];
  total: number;
  query: string;
  notice: string | null;
}

function entryItem(say: Say, locale: Locale, e: FaqEntry, index: number): VNode {
  // Ids may hold spaces, which aria-labelledby would read as a list: the position names the heading.
  const headingId = `faq-entry-${index}`;
  return html`<li class="leads-entry">
    <article aria-labelledby=${headingId}>
      <h2 id=${headingId}>${e.questions[0] ?? e.id}</h2>
      <p class="leads-meta"><code>${e.id}</code> · ${departmentName(locale, e.department)}</p>
      ${e.questions.length > 1
        ? html`<details><summary>${say('faq.questions')} (${e.questions.length})</summary><ul>${e.questions.map((q) => html`<li>${q}</li>`)}</ul></details>`
        : null}
      <dl>
        <dt>${say('faq.answer.it')}</dt>
        <dd lang="it">${e.answer.it ? preview(e.answer.it) : say('faq.noAnswer')}</dd>
        <dt>${say('faq.answer.en')}</dt>
        <dd lang="en">${e.answer.en ? preview(e.answer.en) : say('faq.noAnswer')}</dd>
      </dl>
      <p><a href=${faqEditHref(e.id)} aria-label=${say('faq.editWhich', { id: e.id })}>${say('faq.edit')}</a></p>
    </article>
  </li>`;
}

export function faqListPage(view: FaqListView): VNode {
  const { say, locale, entries } = view;
  return html`<div class="leads">
    <h1>${say('faq.title')}</h1>
    <p class="leads-intro">${say('faq.intro')}</p>
    ${notice(view.notice)}
    <p class="leads-toolbar">
      <a class="leads-button" href=${`${FAQ_PATH}/new`}>${say('faq.add')}</a>
      <a class="leads-button" href=${`${FAQ_PATH}/import`}>${say('faq.import')}</a>
      <a class="leads-button" href=${`${FAQ_PATH}/export`} download="sportello-faq.json">${say('faq.export')}</a>
      <a class="leads-button" href=${`${FAQ_PATH}/drafts`}>${say('drafts.link')}</a>
      <a class="leads-button" href=${`${FAQ_PATH}/guides`}>${say('guides.link')}</a>
    </p>
    <form class="leads-search" method="get" action=${FAQ_PATH} role="search">
      <label for="faq-q">${say('faq.search')}</label>
      <div class="leads-search-row">
        <input id="faq-q" name="q" type="search" value=${view.query} />
        <button type="submit">${say('faq.searchButton')}</button>
      </div>
    </form>
    <p role="status">${view.total === 0 ? say('faq.empty') : say('faq.count', { shown: entries.length, total: view.total })}
      ${view.query ? html` <a href=${FAQ_PATH}>${say('faq.clear')}</a>` : null}</p>
    ${view.total > 0 && entries.length === 0 ? html`<p>${say('faq.none')}</p>` : null}
    <ul class="leads-entries">
      ${entries.map((e, i) => entryItem(say, locale, e, i))}
    </ul>
  </div>`;
}

const FIELD_IDS: Record<Exclude<FaqFormField, 'form'>, string> = {
  id: 'faq-id',
  department: 'faq-department',
  questions: 'faq-questions',
  answer: 'faq-answer',
  'answer.it': 'faq-answer-it',
  'answer.en': 'faq-answer-en',
};

export interface FaqFormView {
  say: Say;
  locale: Locale;
  csrf: string;
  departments: readonly string[];
  form: FaqFormState;
}

export function faqFormPage({ say, locale, csrf, departments, form }: FaqFormView): VNode {
  const { values, errors } = form;
  const err = (f: FaqFormField) => errors.get(f);
  const summary: FieldError[] = [...errors].map(([field, message]) =>
    field === 'form' ? { target: 'faq-form', label: say('faq.field.entry'), message } : { target: FIELD_IDS[field], label: say(`faq.field.${field}`), message },
  );
  const answerId = FIELD_IDS.answer;
  // Both answers are described by the fieldset's error ("an answer in one language at least") and their own.
  const answerAria = (id: string, own: string | undefined) => {
    const ids = [err('answer') ? `${answerId}-error` : '', own ? `${id}-error` : ''].filter(Boolean);
    return { ...(ids.length > 0 ? { 'aria-describedby': ids.join(' ') } : {}), ...(own || err('answer') ? { 'aria-invalid': 'true' } : {}) };
  };
  return html`<div class="leads">
    <h1>${form.editing ? say('faq.editTitle', { id: form.editing }) : say('faq.newTitle')}</h1>
    ${errorSummary(say('form.errorsTitle'), sayCount(say, 'form.errors', summary.length), summary)}
    <form id="faq-form" class="leads-form" method="post" action=${FAQ_PATH} novalidate>
      ${csrfInput(csrf)}
      ${form.editing !== null ? html`<input type="hidden" name="editing" value=${form.editing} />` : null}
      <div class="leads-field">
        <label for=${FIELD_IDS.id}>${say('faq.field.id')}</label>
        <p class="leads-hint" id=${`${FIELD_IDS.id}-hint`}>${say('faq.field.idHint')}</p>
        <input id=${FIELD_IDS.id} name="id" type="text" value=${values.id} required maxlength="100" autocomplete="off"
          readonly=${form.editing !== null} ...${described(FIELD_IDS.id, err('id'), true)} />
        ${fieldError(FIELD_IDS.id, err('id'))}
      </div>
      <div class="leads-field">
        <label for=${FIELD_IDS.department}>${say('faq.field.department')}</label>
        <select id=${FIELD_IDS.department} name="department" ...${described(FIELD_IDS.department, err('department'))}>
          ${departments.map((d) => html`<option value=${d} selected=${d === values.department}>${departmentName(locale, d)}</option>`)}
        </select>
        ${fieldError(FIELD_IDS.department, err('department'))}
      </div>
      <div class="leads-field">
        <label for=${FIELD_IDS.questions}>${say('faq.field.questions')}</label>
        <textarea id=${FIELD_IDS.questions} name="questions" rows="5" required ...${described(FIELD_IDS.questions, err('questions'))}>${values.questions}</textarea>
        ${fieldError(FIELD_IDS.questions, err('questions'))}
      </div>
      <fieldset class="leads-field" id=${answerId}>
        <legend>${say('faq.field.answer')}</legend>
        ${fieldError(answerId, err('answer'))}
        <label for=${FIELD_IDS['answer.it']}>${say('faq.field.answer.it')}</label>
        <textarea id=${FIELD_IDS['answer.it']} name="answer_it" lang="it" rows="5" ...${answerAria(FIELD_IDS['answer.it'], err('answer.it'))}>${values.it}</textarea>
        ${fieldError(FIELD_IDS['answer.it'], err('answer.it'))}
        <label for=${FIELD_IDS['answer.en']}>${say('faq.field.answer.en')}</label>
        <textarea id=${FIELD_IDS['answer.en']} name="answer_en" lang="en" rows="5" ...${answerAria(FIELD_IDS['answer.en'], err('answer.en'))}>${values.en}</textarea>
        ${fieldError(FIELD_IDS['answer.en'], err('answer.en'))}
      </fieldset>
      <div class="leads-buttons">
        <button type="submit">${say('faq.save')}</button>
        <a href=${FAQ_PATH}>${say('faq.back')}</a>
      </div>
    </form>
  </div>`;
}

export interface ImportProblemView {
  where: string;
  message: string;
}

export function faqImportPage(view: { say: Say; csrf: string; text: string; problems: readonly ImportProblemView[] }): VNode {
  const { say, problems } = view;
  return html`<div class="leads">
    <h1>${say('faq.importTitle')}</h1>
    <p class="leads-intro">${say('faq.importIntro')}</p>
    ${problems.length > 0
      ? html`<div class="leads-errors" role="alert" id="import-errors">
          <h2>${sayCount(say, 'faq.importFailed', problems.length)}</h2>
          <ul>${problems.map((p) => html`<li><strong>${p.where}</strong>: ${p.message}</li>`)}</ul>
        </div>`
      : null}
    <form class="leads-form" method="post" action=${`${FAQ_PATH}/import`} novalidate>
      ${csrfInput(view.csrf)}
      <div class="leads-field" id="faq-file-field" hidden>
        <label for="faq-file">${say('faq.importFile')}</label>
        <input id="faq-file" type="file" accept=".json,application/json" />
      </div>
      <div class="leads-field">
        <label for="faq-kb">${say('faq.importField')}</label>
        <textarea id="faq-kb" name="kb" rows="14" spellcheck="false" ...${problems.length > 0 ? { 'aria-describedby': 'import-errors', 'aria-invalid': 'true' } : {}}>${view.text}</textarea>
      </div>
      <div class="leads-buttons">
        <button type="submit">${say('faq.importButton')}</button>
        <a href=${FAQ_PATH}>${say('faq.back')}</a>
      </div>
    </form>
  </div>`;
}

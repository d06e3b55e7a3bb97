// The on-call page: for each of the lead's departments and each tier, who is on duty
// now (in the order they would be paged), the weekly shifts and where they come from,
// the overrides in force or to come (run-time ones with a button to remove them), and
// a form to add an override. Server-rendered; plain forms.
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { departmentName, localTimeText, shiftText, type Agent, type Locale, type OnCallOverrideInForce, type Tier, type TierRotaInForce } from '../../../src/index.js';
import { sayCount, type Say } from './lead-words.js';
import { csrfInput, described, errorSummary, fieldError, notice, type FieldError } from './page-parts.js';

export const ONCALL_PATH = '/console/oncall';

export type OverrideFormField = 'department' | 'tier' | 'from' | 'to' | 'people' | 'off';

export interface OverrideFormState {
  values: Record<OverrideFormField, string>;
  errors: ReadonlyMap<OverrideFormField, string>;
}

export interface TierOnCall {
  rota: TierRotaInForce;
  onDuty: readonly string[];
}

export interface OnCallView {
  say: Say;
  locale: Locale;
  csrf: string;
  /** The lead's departments, each with its three tiers. */
  departments: readonly { id: string; zone: string; tiers: readonly TierOnCall[] }[];
  agents: readonly Agent[];
  form: OverrideFormState;
  notice: string | null;
}

export const blankOverrideForm = (department: string): OverrideFormState => ({
  values: { department, tier: '1', from: '', to: '', people: '', off: '' },
  errors: new Map(),
});

const FIELD_IDS: Record<OverrideFormField, string> = {
  department: 'oncall-department',
  tier: 'oncall-tier',
  from: 'oncall-from',
  to: 'oncall-to',
  people: 'oncall-people',
  off: 'oncall-off',
};

/** A participant key with the agent's name when the desk knows them. */
function person(key: string, agents: readonly Agent[]): VNode {
  const agent = agents.find((a) => `${a.platform}:${a.userId}` === key);
  return agent ? html`<span>${agent.name} <code>${key}</code></span>` : html`<code>${key}</code>`;
}

function people(keys: readonly string[], agents: readonly Agent[]): VNode[] {
  return keys.map((k, i) => html`${i > 0 ? ', ' : ''}${person(k, agents)}`);
}

function overrideRow(view: OnCallView, rota: TierRotaInForce, o: OnCallOverrideInForce): VNode {
  const { say, csrf, agents } = view;
  const at = (ms: number) => localTimeText(ms, rota.zone);
  return html`<tr>
    <td data-label=${say('oncall.col.from')}>${at(o.from)}</td>
    <td data-label=${say('oncall.col.to')}>${at(o.to)}</td>
    <td data-label=${say('oncall.col.people')}>${people(o.people, agents)}</td>
    <td data-label=${say('oncall.col.off')}>${people(o.off, agents)}</td>
    <td data-label=${say('oncall.col.source')}>${o.source === 'store' ? say('oncall.source.store', { who: o.addedBy ?? '', at: at(o.addedAt ?? 0) }) : say('oncall.source.file')}</td>
    <td class="leads-actions">
      ${o.source === 'store'
        ? html`<form method="post" action=${`${ONCALL_PATH}/remove`}>
            ${csrfInput(csrf)}
            <input type="hidden" name="id" value=${o.id} />
            <button type="submit" class="leads-danger" aria-label=${say('oncall.removeWhat', { from: at(o.from), to: at(o.to) })}>${say('oncall.remove')}</button>
          </form>`
        : null}
    </td>
  </tr>`;
}

function tierSection(view: OnCallView, department: string, { rota, onDuty }: TierOnCall): VNode {
  const { say, agents } = view;
  const headingId = `oncall-${department}-${rota.tier}`;
  const source = rota.weeklySet ? say('oncall.weekly.set', { who: rota.weeklySet.by, at: localTimeText(rota.weeklySet.at, rota.zone) }) : say('oncall.weekly.file');
  return html`<section class="leads-entry" aria-labelledby=${headingId}>
    <h3 id=${headingId}>${say('oncall.tier', { tier: rota.tier })}</h3>
    ${onDuty.length > 0
      ? html`<p>${say('oncall.nowOnDuty')}</p><ol class="oncall-duty" data-testid=${`duty-${department}-${rota.tier}`}>${onDuty.map((k) => html`<li>${person(k, agents)}</li>`)}</ol>`
      : html`<p data-testid=${`duty-${department}-${rota.tier}`}>${say('oncall.nobody')}</p>`}
    <h4>${say('oncall.weekly')}</h4>
    <p class="leads-meta">${source}</p>
    ${rota.weekly.length > 0 ? html`<ul>${rota.weekly.map((s) => html`<li><code>${shiftText(s)}</code></li>`)}</ul>` : html`<p>${say('oncall.weekly.none')}</p>`}
    <h4>${say('oncall.overrides')}</h4>
    ${rota.overrides.length === 0
      ? html`<p>${say('oncall.overrides.none')}</p>`
      : html`<div class="leads-table-wrap" role="region" aria-label=${`${say('oncall.overrides')}: ${say('oncall.tier', { tier: rota.tier })}`} tabindex="0">
          <table class="leads-table">
            <thead>
              <tr>
                <th scope="col">${say('oncall.col.from')}</th>
                <th scope="col">${say('oncall.col.to')}</th>
                <th scope="col">${say('oncall.col.people')}</th>
                <th scope="col">${say('oncall.col.off')}</th>
                <th scope="col">${say('oncall.col.source')}</th>
                <th scope="col">${say('oncall.col.actions')}</th>
              </tr>
            </thead>
            <tbody>${rota.overrides.map((o) => overrideRow(view, rota, o))}</tbody>
          </table>
        </div>`}
  </section>`;
}

function textInput(id: string, name: string, label: string, value: string, error: string | undefined, placeholder?: string): VNode {
  return html`<div class="leads-field">
    <label for=${id}>${label}</label>
    <input id=${id} name=${name} type="text" value=${value} autocomplete="off" maxlength="2000" placeholder=${placeholder} ...${described(id, error)} />
    ${fieldError(id, error)}
  </div>`;
}

function overrideForm(view: OnCallView): VNode {
  const { say, locale, form, departments } = view;
  const { values, errors } = form;
  const err = (f: OverrideFormField) => errors.get(f);
  const summary: FieldError[] = [...errors].map(([f, message]) => ({ target: FIELD_IDS[f], label: say(`oncall.field.${f}`), message }));
  const first = departments.find((d) => d.id === values.department) ?? departments[0]!;
  return html`<section aria-labelledby="oncall-add-title">
    <h2 id="oncall-add-title">${say('oncall.addTitle')}</h2>
    <p class="leads-hint">${say('oncall.addIntro', { zone: first.zone, department: departmentName(locale, first.id) })}</p>
    ${errorSummary(say('form.errorsTitle'), sayCount(say, 'form.errors', summary.length), summary)}
    <form id="oncall-form" class="leads-form" method="post" action=${ONCALL_PATH} novalidate>
      ${csrfInput(view.csrf)}
      <div class="leads-field">
        <label for=${FIELD_IDS.department}>${say('oncall.field.department')}</label>
        <select id=${FIELD_IDS.department} name="department" ...${described(FIELD_IDS.department, err('department'))}>
          ${departments.map((d) => html`<option value=${d.id} selected=${d.id === values.department}>${departmentName(locale, d.id)}</option>`)}
        </select>
        ${fieldError(FIELD_IDS.department, err('department'))}
      </div>
      <div class="leads-field">
        <label for=${FIELD_IDS.tier}>${say('oncall.field.tier')}</label>
        <select id=${FIELD_IDS.tier} name="tier" ...${described(FIELD_IDS.tier, err('tier'))}>
          ${([1, 2, 3] as Tier[]).map((t) => html`<option value=${String(t)} selected=${String(t) === values.tier}>${say('oncall.tier', { tier: t })}</option>`)}
        </select>
        ${fieldError(FIELD_IDS.tier, err('tier'))}
      </div>
      ${textInput(FIELD_IDS.from, 'from', say('oncall.field.from'), values.from, err('from'), '2026-12-24 18:00')}
      ${textInput(FIELD_IDS.to, 'to', say('oncall.field.to'), values.to, err('to'), '2026-12-27 09:00')}
      ${textInput(FIELD_IDS.people, 'people', say('oncall.field.people'), values.people, err('people'), 'slack:U024BE7LH, web:anna@example.com')}
      ${textInput(FIELD_IDS.off, 'off', say('oncall.field.off'), values.off, err('off'))}
      <div class="leads-buttons">
        <button type="submit">${say('oncall.add')}</button>
      </div>
    </form>
  </section>`;
}

export function onCallPage(view: OnCallView): VNode {
  const { say, locale } = view;
  return html`<div class="leads">
    <h1>${say('oncall.title')}</h1>
    <p class="leads-intro">${say('oncall.intro')}</p>
    ${notice(view.notice)}
    ${view.departments.map(
      (d) => html`<section aria-labelledby=${`oncall-${d.id}`}>
        <h2 id=${`oncall-${d.id}`}>${departmentName(locale, d.id)} <span class="leads-meta">(${d.zone})</span></h2>
        <div class="leads-entries">${d.tiers.map((t) => tierSection(view, d.id, t))}</div>
      </section>`,
    )}
    ${view.departments.length > 0 ? overrideForm(view) : null}
  </div>`;
}

// The agents page: who may work tickets, a form to add or change one, and the
// confirmation before removing one. Server-rendered; plain forms.
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { AGENT_PLATFORMS, departmentName, ROLES, type Agent, type Locale } from '../../../src/index.js';
import { sayCount, type Say } from './lead-words.js';
import { csrfInput, described, errorSummary, fieldError, notice, type FieldError } from './page-parts.js';

export const AGENTS_PATH = '/console/agents';

export type AgentFormField = 'platform' | 'user' | 'name' | 'departments' | 'tier' | 'role' | 'locale' | 'form';

export interface AgentFormState {
  mode: 'add' | 'change';
  values: { platform: string; user: string; name: string; departments: string[]; tier: string; role: string; locale: string };
  errors: ReadonlyMap<AgentFormField, string>;
  /** The platform sync that granted the rights of the agent being changed, if any. */
  grantedBy?: string;
}

export interface AgentsView {
  say: Say;
  locale: Locale;
  csrf: string;
  me: Agent;
  agents: readonly Agent[];
  departments: readonly string[];
  form: AgentFormState;
  notice: string | null;
}

export const blankAgentForm = (departments: readonly string[]): AgentFormState => ({
  mode: 'add',
  values: { platform: 'web', user: '', name: '', departments: departments.length === 1 ? [...departments] : [], tier: '1', role: 'agent', locale: '' },
  errors: new Map(),
});

export function agentForm(agent: Agent): AgentFormState {
  const form: AgentFormState = {
    mode: 'change',
    values: { platform: agent.platform, user: agent.userId, name: agent.name, departments: [...agent.departments], tier: String(agent.tier), role: agent.role, locale: agent.locale ?? '' },
    errors: new Map(),
  };
  if (agent.grantedBy) form.grantedBy = agent.grantedBy;
  return form;
}

const who = (a: Pick<Agent, 'platform' | 'userId'>) => `${a.platform}:${a.userId}`;
export const agentQuery = (a: Pick<Agent, 'platform' | 'userId'>) => `platform=${encodeURIComponent(a.platform)}&user=${encodeURIComponent(a.userId)}`;

function agentTable({ say, locale, agents }: AgentsView): VNode {
  if (agents.length === 0) return html`<p>${say('agents.none')}</p>`;
  return html`<div class="leads-table-wrap" role="region" aria-label=${say('agents.listLabel')} tabindex="0">
    <table class="leads-table">
      <thead>
        <tr>
          <th scope="col">${say('agents.col.name')}</th>
          <th scope="col">${say('agents.col.identity')}</th>
          <th scope="col">${say('agents.col.departments')}</th>
          <th scope="col">${say('agents.col.tier')}</th>
          <th scope="col">${say('agents.col.role')}</th>
          <th scope="col">${say('agents.col.grantedBy')}</th>
          <th scope="col">${say('agents.col.actions')}</th>
        </tr>
      </thead>
      <tbody>
        ${agents.map(
          (a) => html`<tr>
            <th scope="row">${a.name}</th>
            <td data-label=${say('agents.col.identity')}><code>${who(a)}</code></td>
            <td data-label=${say('agents.col.departments')}>${a.departments.map((d) => departmentName(locale, d)).join(', ')}</td>
            <td data-label=${say('agents.col.tier')}>L${a.tier}</td>
            <td data-label=${say('agents.col.role')}>${say(`role.${a.role}`)}</td>
            <td data-label=${say('agents.col.grantedBy')}>${a.grantedBy ?? say('agents.byHand')}</td>
            <td class="leads-actions">
              <a href=${`${AGENTS_PATH}/edit?${agentQuery(a)}`} aria-label=${say('agents.changeWho', { name: a.name })}>${say('agents.change')}</a>
              <a href=${`${AGENTS_PATH}/remove?${agentQuery(a)}`} aria-label=${say('agents.removeWho', { name: a.name })}>${say('agents.remove')}</a>
            </td>
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

const FIELD_IDS: Record<Exclude<AgentFormField, 'form'>, string> = {
  platform: 'agent-platform',
  user: 'agent-user',
  name: 'agent-name',
  departments: 'agent-departments',
  tier: 'agent-tier',
  role: 'agent-role',
  locale: 'agent-locale',
};

function select(id: string, name: string, label: string, value: string, options: readonly { value: string; label: string }[], error: string | undefined): VNode {
  return html`<div class="leads-field">
    <label for=${id}>${label}</label>
    <select id=${id} name=${name} ...${described(id, error)}>
      ${options.map((o) => html`<option value=${o.value} selected=${o.value === value}>${o.label}</option>`)}
    </select>
    ${fieldError(id, error)}
  </div>`;
}

function textInput(id: string, name: string, label: string, value: string, error: string | undefined, hint?: string): VNode {
  return html`<div class="leads-field">
    <label for=${id}>${label}</label>
    ${hint ? html`<p class="leads-hint" id=${`${id}-hint`}>${hint}</p>` : null}
    <input id=${id} name=${name} type="text" value=${value} required autocomplete="off" maxlength="100" ...${described(id, error, !!hint)} />
    ${fieldError(id, error)}
  </div>`;
}

function agentFormView(view: AgentsView): VNode {
  const { say, locale, form, departments, me } = view;
  const { values, errors } = form;
  const err = (f: AgentFormField) => errors.get(f);
  const label = (f: Exclude<AgentFormField, 'form'>) => say(`agents.field.${f}`);
  const summary: FieldError[] = [...errors].map(([field, message]) =>
    field === 'form' ? { target: 'agent-form', label: say('form.errorsTitle'), message } : { target: FIELD_IDS[field], label: label(field), message },
  );
  const changing = form.mode === 'change';
  const title = changing ? say('agents.changeTitle', { name: values.name || values.user }) : say('agents.addTitle');
  const roles = ROLES.filter((r) => r !== 'admin' || me.role === 'admin' || values.role === 'admin');
  const depId = FIELD_IDS.departments;
  return html`<section aria-labelledby="agent-form-title">
    <h2 id="agent-form-title">${title}</h2>
    ${errorSummary(say('form.errorsTitle'), sayCount(say, 'form.errors', summary.length), summary)}
    ${changing && form.grantedBy ? html`<p class="leads-hint">${say('agents.changeNote', { grantedBy: form.grantedBy })}</p>` : null}
    <form id="agent-form" class="leads-form" method="post" action=${AGENTS_PATH} novalidate>
      ${csrfInput(view.csrf)}
      <input type="hidden" name="mode" value=${form.mode} />
      ${changing
        ? html`<input type="hidden" name="platform" value=${values.platform} /><input type="hidden" name="user" value=${values.user} />
            <p class="leads-fixed"><span>${say('agents.col.identity')}</span> <code>${`${values.platform}:${values.user}`}</code></p>`
        : html`${select(FIELD_IDS.platform, 'platform', label('platform'), values.platform, AGENT_PLATFORMS.map((p) => ({ value: p, label: say(`platform.${p}`) })), err('platform'))}
            ${textInput(FIELD_IDS.user, 'user', label('user'), values.user, err('user'), say('agents.field.userHint'))}`}
      ${textInput(FIELD_IDS.name, 'name', label('name'), values.name, err('name'))}
      <fieldset id=${depId} class="leads-field leads-choices" ...${described(depId, err('departments'))}>
        <legend>${label('departments')}</legend>
        ${fieldError(depId, err('departments'))}
        ${departments.map(
          (d) => html`<label class="leads-choice"
            ><input type="checkbox" name="departments" value=${d} checked=${values.departments.includes(d)} /> ${departmentName(locale, d)} <code>${d}</code></label
          >`,
        )}
      </fieldset>
      ${select(FIELD_IDS.tier, 'tier', label('tier'), values.tier, ['1', '2', '3'].map((t) => ({ value: t, label: say(`tier.${t as '1' | '2' | '3'}`) })), err('tier'))}
      ${select(FIELD_IDS.role, 'role', label('role'), values.role, roles.map((r) => ({ value: r, label: say(`role.${r}`) })), err('role'))}
      ${select(
        FIELD_IDS.locale,
        'locale',
        label('locale'),
        values.locale,
        [{ value: '', label: say('agents.locale.unset') }, { value: 'it', label: say('locale.it') }, { value: 'en', label: say('locale.en') }],
        err('locale'),
      )}
      <div class="leads-buttons">
        <button type="submit">${changing ? say('agents.save') : say('agents.add')}</button>
        ${changing ? html`<a href=${AGENTS_PATH}>${say('agents.cancel')}</a>` : null}
      </div>
    </form>
  </section>`;
}

export function agentsPage(view: AgentsView): VNode {
  const { say } = view;
  return html`<div class="leads">
    <h1>${say('agents.title')}</h1>
    <p class="leads-intro">${say('agents.intro')}</p>
    ${notice(view.notice)}
    ${view.form.mode === 'change' ? null : agentTable(view)}
    ${agentFormView(view)}
  </div>`;
}

export function removeAgentPage(view: { say: Say; csrf: string; agent: Agent; error: string | null }): VNode {
  const { say, agent } = view;
  return html`<div class="leads">
    <h1>${say('agents.confirmTitle', { name: agent.name })}</h1>
    ${view.error
      ? html`<p class="leads-errors" role="alert">${view.error}</p>
          <p><a href=${AGENTS_PATH}>${say('agents.cancel')}</a></p>`
      : html`<p>${say('agents.confirmText', { name: agent.name, who: who(agent) })}</p>
    <form class="leads-form" method="post" action=${`${AGENTS_PATH}/remove`}>
      ${csrfInput(view.csrf)}
      <input type="hidden" name="platform" value=${agent.platform} />
      <input type="hidden" name="user" value=${agent.userId} />
      <div class="leads-buttons">
        <button type="submit" class="leads-danger">${say('agents.confirm', { name: agent.name })}</button>
        <a href=${AGENTS_PATH}>${say('agents.cancel')}</a>
      </div>
    </form>`}
  </div>`;
}

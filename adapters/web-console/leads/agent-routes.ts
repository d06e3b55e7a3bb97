// The agents page's routes: the list with the form to add one, the form to
// change one, and removal after a confirmation; each write redirects back to the
// list, each refusal shows the form again with its errors.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { readAgentInput, type AgentField, type AgentProblem, NAME_MAX } from '../../../src/index.js';
import { agentForm, agentsPage, AGENTS_PATH, blankAgentForm, removeAgentPage, type AgentFormField, type AgentFormState } from './agents-page.js';
import { listField, textField } from '../form-body.js';
import type { Lead, LeadAccess, LeadRoutesDeps } from './lead-access.js';
import { removalRefused, saveRefused } from './lead-rules.js';
import type { Say } from './lead-words.js';
import { renderBody } from './page-parts.js';

/** Field errors by field, the first problem of each, in the lead's words. */
function agentErrors(say: Say, problems: readonly AgentProblem[], departments: readonly string[]): Map<AgentFormField, string> {
  const errors = new Map<AgentFormField, string>();
  const words = ({ field, kind }: AgentProblem): string => {
    const byField: Record<AgentField, () => string> = {
      platform: () => say('agent.platform'),
      user: () => (kind === 'too-long' ? say('agent.tooLong', { max: NAME_MAX }) : say('agent.user.blank')),
      name: () => (kind === 'too-long' ? say('agent.tooLong', { max: NAME_MAX }) : say('agent.name.blank')),
      departments: () => (kind === 'unknown-department' ? say('agent.departments.unknown', { list: departments.join(', ') }) : say('agent.departments.blank')),
      tier: () => say('agent.tier'),
      role: () => say('agent.role'),
      locale: () => say('agent.locale'),
    };
    return byField[field]();
  };
  for (const p of problems) if (!errors.has(p.field)) errors.set(p.field, words(p));
  return errors;
}

export function registerAgentRoutes(scope: FastifyInstance, deps: LeadRoutesDeps, access: LeadAccess): void {
  const { store, logger } = deps;
  const departments = deps.departments.map((d) => d.id);
  const { lead } = access;

  async function showAgents(res: FastifyReply, l: Lead, form: AgentFormState, status = 200, noticeText: string | null = null) {
    const view = { say: l.say, locale: l.locale, csrf: l.csrf, me: l.agent, agents: await store.listAgents(), departments, form, notice: noticeText };
    const title = form.mode === 'change' ? l.say('agents.changeTitle', { name: form.values.name }) : l.say('agents.title');
    return access.sendPage(res, status, l, { active: 'agents', title, body: renderBody(agentsPage(view)) });
  }

  scope.get(AGENTS_PATH, async (req, res) => {
    const l = await lead(req, res, false);
    if (!l) return res;
    const done = textField(req.query, 'done');
    const who = textField(req.query, 'who');
    const noticeText = who && (done === 'saved' || done === 'removed') ? l.say(`agents.done.${done}`, { who }) : null;
    return showAgents(res, l, blankAgentForm(departments), 200, noticeText);
  });

  scope.get(`${AGENTS_PATH}/edit`, async (req, res) => {
    const l = await lead(req, res, false);
    if (!l) return res;
    const agent = await store.getAgent(textField(req.query, 'platform'), textField(req.query, 'user'));
    if (!agent) return showAgents(res, l, blankAgentForm(departments), 404, l.say('agent.gone', { who: `${textField(req.query, 'platform')}:${textField(req.query, 'user')}` }));
    return showAgents(res, l, agentForm(agent));
  });

  scope.post(AGENTS_PATH, async (req, res) => {
    const l = await lead(req, res, true);
    if (!l) return res;
    const mode = textField(req.body, 'mode') === 'change' ? 'change' : 'add';
    const values: AgentFormState['values'] = {
      platform: textField(req.body, 'platform'),
      user: textField(req.body, 'user'),
      name: textField(req.body, 'name'),
      departments: listField(req.body, 'departments'),
      tier: textField(req.body, 'tier'),
      role: textField(req.body, 'role'),
      locale: textField(req.body, 'locale'),
    };
    const { agent, problems } = readAgentInput({ ...values, locale: values.locale || undefined }, departments);
    const errors = agentErrors(l.say, problems, departments);
    const before = agent ? await store.getAgent(agent.platform, agent.userId) : null;
    if (agent && mode === 'add' && before) errors.set('user', l.say('agent.exists', { who: `${agent.platform}:${agent.userId}` }));
    if (agent && mode === 'change' && !before) errors.set('form', l.say('agent.gone', { who: `${agent.platform}:${agent.userId}` }));
    const refused = agent && errors.size === 0 ? saveRefused(l.agent, before, agent) : null;
    if (refused) errors.set(refused.field, l.say(refused.key));
    if (!agent || errors.size > 0) {
      const form: AgentFormState = { mode, values, errors };
      if (before?.grantedBy) form.grantedBy = before.grantedBy;
      return showAgents(res, l, form, 422);
    }
    // As `agents add` does: saved by hand, so no platform sync takes the rights away.
    await store.saveAgent(agent);
    logger.info({ by: `${l.agent.platform}:${l.agent.userId}`, agent: `${agent.platform}:${agent.userId}`, role: agent.role, tier: agent.tier }, 'lead saved an agent');
    return res.redirect(`${AGENTS_PATH}?done=saved&who=${encodeURIComponent(`${agent.platform}:${agent.userId}`)}`, 303);
  });

  scope.get(`${AGENTS_PATH}/remove`, async (req, res) => {
    const l = await lead(req, res, false);
    if (!l) return res;
    const agent = await store.getAgent(textField(req.query, 'platform'), textField(req.query, 'user'));
    if (!agent) return showAgents(res, l, blankAgentForm(departments), 404, l.say('agent.gone', { who: `${textField(req.query, 'platform')}:${textField(req.query, 'user')}` }));
    const refused = removalRefused(l.agent, agent);
    const body = renderBody(removeAgentPage({ say: l.say, csrf: l.csrf, agent, error: refused ? l.say(refused) : null }));
    return access.sendPage(res, 200, l, { active: 'agents', title: l.say('agents.confirmTitle', { name: agent.name }), body });
  });

  scope.post(`${AGENTS_PATH}/remove`, async (req, res) => {
    const l = await lead(req, res, true);
    if (!l) return res;
    const platform = textField(req.body, 'platform');
    const userId = textField(req.body, 'user');
    const agent = await store.getAgent(platform, userId);
    if (!agent) return showAgents(res, l, blankAgentForm(departments), 404, l.say('agent.gone', { who: `${platform}:${userId}` }));
    const refused = removalRefused(l.agent, agent);
    if (refused) {
      const body = renderBody(removeAgentPage({ say: l.say, csrf: l.csrf, agent, error: l.say(refused) }));
      return access.sendPage(res, 403, l, { active: 'agents', title: l.say('agents.confirmTitle', { name: agent.name }), body });
    }
    await store.removeAgent(platform, userId);
    logger.info({ by: `${l.agent.platform}:${l.agent.userId}`, agent: `${platform}:${userId}` }, 'lead removed an agent');
    return res.redirect(`${AGENTS_PATH}?done=removed&who=${encodeURIComponent(`${platform}:${userId}`)}`, 303);
  });
}

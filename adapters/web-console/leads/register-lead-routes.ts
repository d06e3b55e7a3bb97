// The leads' pages inside the agent console: agents (the CLI's `agents
// add|list|remove`) and the FAQ (list, search, edit, add, import, export). The
// console mounts them with its own gate (who is signed in; origin and CSRF on
// writes) and its own page shell; everything here is server-rendered and works
// with plain forms, redirecting after each successful POST.
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  knowledgeBaseJson, readAgentInput, type Agent, type AgentField, type AgentProblem, type FaqEntry, type FaqStore, type Locale, type Logger, type PeopleStore,
} from '../../../src/index.js';
import { pagePolicy } from '../../http/page-policy.js';
import { agentForm, agentsPage, AGENTS_PATH, blankAgentForm, removeAgentPage, type AgentFormField, type AgentFormState } from './agents-page.js';
import { checkFaqForm, checkImportText } from './faq-input.js';
import { blankFaqForm, faqForm, faqFormPage, faqImportPage, faqListPage, FAQ_PATH, type FaqFormState } from './faq-page.js';
import { searchFaqs, shownEntry } from './faq-search.js';
import { acceptForms, listField, textField } from './form-body.js';
import { isLead, removalRefused, saveRefused } from './lead-rules.js';
import { sayIn, type Say } from './lead-words.js';
import { renderBody, standalonePage, STYLESHEET } from './page-parts.js';

export { CSRF_FIELD } from './page-parts.js';

/** Who is signed in to the console, as its session says (structurally the console's gate). */
export interface LeadGate {
  signedIn(req: FastifyRequest): Promise<{ agent: Agent; csrf: string; locale: Locale } | null>;
  /** Origin and CSRF (the form's CSRF_FIELD) of a state-changing request: a refusal, or null to go ahead. */
  checkWrite(req: FastifyRequest): { status: number; error: string } | null;
}

export interface LeadPageOptions {
  title: string;
  locale: Locale;
  agent: Agent;
  active: 'agents' | 'faq';
  body: string;
  scripts?: string[];
  csrf: string;
  /** This page's path, for the shell's language switch to come back to. */
  path?: string;
}

export interface LeadRoutesDeps {
  gate: LeadGate;
  /** The console's shell around a page's body: a whole HTML document. */
  page(opts: LeadPageOptions): string;
  store: PeopleStore & FaqStore;
  departments: readonly { id: string }[];
  /** Called after the knowledge base changed, so the desk answers from it at the next message. */
  onFaqChanged(): Promise<void>;
  logger: Logger;
}

export const LOGIN_PATH = '/console/login';
/** A knowledge base pasted whole may be far larger than the server's usual 64 KB. */
const IMPORT_BODY_LIMIT = 5 * 1024 * 1024;
const ASSETS = new URL('./assets/', import.meta.url);
const CSS = readFileSync(new URL('leads.css', ASSETS), 'utf8');
const KB_FILE_JS = readFileSync(new URL('kb-file.js', ASSETS), 'utf8');
const KB_FILE_SCRIPT = '/console/leads/assets/kb-file.js';

interface Lead {
  agent: Agent;
  csrf: string;
  locale: Locale;
  say: Say;
}

function sendHtml(res: FastifyReply, status: number, html: string): FastifyReply {
  return res
    .code(status)
    // Under the server's no-referrer a browser posts our forms with "Origin: null", which no origin check can tell
    // from a foreign page's; same-origin still tells other sites nothing.
    .header('referrer-policy', 'same-origin')
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-security-policy', pagePolicy(html))
    .send(html);
}

/** Field errors by field, the first problem of each, in the lead's words. */
function agentErrors(say: Say, problems: readonly AgentProblem[], departments: readonly string[]): Map<AgentFormField, string> {
  const errors = new Map<AgentFormField, string>();
  const words = ({ field, kind }: AgentProblem): string => {
    const byField: Record<AgentField, () => string> = {
      platform: () => say('agent.platform'),
      user: () => (kind === 'too-long' ? say('agent.tooLong', { max: 100 }) : say('agent.user.blank')),
      name: () => (kind === 'too-long' ? say('agent.tooLong', { max: 100 }) : say('agent.name.blank')),
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

export function registerLeadRoutes(app: FastifyInstance, deps: LeadRoutesDeps): void {
  const { gate, store, logger } = deps;
  const departments = deps.departments.map((d) => d.id);

  /** The stored knowledge base as the pages show it: an entry written by hand or by an older version may lack a field. */
  const storedFaqs = async (): Promise<FaqEntry[]> => (await store.listFaqs()).map(shownEntry);

  /** The desk's matcher picks the change up by itself within a moment; this only makes it the very next message. */
  async function faqChanged(): Promise<void> {
    try {
      await deps.onFaqChanged();
    } catch (err) {
      logger.warn({ err }, 'the FAQ matcher could not be refreshed at once after a lead changed the knowledge base');
    }
  }

  /** The signed-in lead, or null once the request was answered (to sign-in, or refused in the agent's language). */
  async function lead(req: FastifyRequest, res: FastifyReply, writes: boolean): Promise<Lead | null> {
    const session = await gate.signedIn(req);
    if (!session) {
      void res.redirect(LOGIN_PATH, 303);
      return null;
    }
    const say = sayIn(session.locale);
    if (!isLead(session.agent)) {
      sendHtml(res, 403, standalonePage(session.locale, say('refused.title'), say('refused.text'), { href: '/console', label: say('refused.back') }));
      return null;
    }
    if (writes) {
      const refusal = gate.checkWrite(req);
      if (refusal) {
        sendHtml(res, refusal.status, standalonePage(session.locale, say('expired.title'), say('expired.text', { reason: refusal.error }), { href: req.url, label: say('refused.back') }));
        return null;
      }
    }
    return { ...session, say };
  }

  const shell = (l: Lead, active: 'agents' | 'faq', title: string, body: string, scripts?: string[]) => {
    const path = active === 'agents' ? AGENTS_PATH : FAQ_PATH;
    const opts: LeadPageOptions = { title, locale: l.locale, agent: l.agent, active, body: `<link rel="stylesheet" href="${STYLESHEET}">${body}`, csrf: l.csrf, path };
    if (scripts) opts.scripts = scripts;
    return deps.page(opts);
  };

  async function showAgents(res: FastifyReply, l: Lead, form: AgentFormState, status = 200, noticeText: string | null = null) {
    const view = { say: l.say, locale: l.locale, csrf: l.csrf, me: l.agent, agents: await store.listAgents(), departments, form, notice: noticeText };
    const title = form.mode === 'change' ? l.say('agents.changeTitle', { name: form.values.name }) : l.say('agents.title');
    return sendHtml(res, status, shell(l, 'agents', title, renderBody(agentsPage(view))));
  }

  app.register(async (scope) => {
    acceptForms(scope);

    scope.get('/console/leads/assets/leads.css', async (_req, res) => res.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send(CSS));
    scope.get(KB_FILE_SCRIPT, async (_req, res) => res.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(KB_FILE_JS));

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
      return sendHtml(res, 200, shell(l, 'agents', l.say('agents.confirmTitle', { name: agent.name }), body));
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
        return sendHtml(res, 403, shell(l, 'agents', l.say('agents.confirmTitle', { name: agent.name }), body));
      }
      await store.removeAgent(platform, userId);
      logger.info({ by: `${l.agent.platform}:${l.agent.userId}`, agent: `${platform}:${userId}` }, 'lead removed an agent');
      return res.redirect(`${AGENTS_PATH}?done=removed&who=${encodeURIComponent(`${platform}:${userId}`)}`, 303);
    });

    scope.get(FAQ_PATH, async (req, res) => {
      const l = await lead(req, res, false);
      if (!l) return res;
      const all = await storedFaqs();
      const query = textField(req.query, 'q').slice(0, 200);
      const done = textField(req.query, 'done');
      let noticeText: string | null = null;
      if (done === 'saved') noticeText = l.say('faq.done.saved', { id: textField(req.query, 'id') });
      if (done === 'imported') {
        const count = Number.parseInt(textField(req.query, 'count'), 10) || 0;
        const added = Number.parseInt(textField(req.query, 'added'), 10) || 0;
        noticeText = l.say('faq.done.imported', { count, added, replaced: Math.max(0, count - added) });
      }
      const body = renderBody(faqListPage({ say: l.say, locale: l.locale, entries: searchFaqs(all, query), total: all.length, query, notice: noticeText }));
      return sendHtml(res, 200, shell(l, 'faq', l.say('faq.title'), body));
    });

    const showFaqForm = (res: FastifyReply, l: Lead, form: FaqFormState, status = 200) => {
      const body = renderBody(faqFormPage({ say: l.say, locale: l.locale, csrf: l.csrf, departments, form }));
      const title = form.editing ? l.say('faq.editTitle', { id: form.editing }) : l.say('faq.newTitle');
      return sendHtml(res, status, shell(l, 'faq', title, body));
    };

    scope.get(`${FAQ_PATH}/new`, async (req, res) => {
      const l = await lead(req, res, false);
      return l ? showFaqForm(res, l, blankFaqForm(departments)) : res;
    });

    scope.get(`${FAQ_PATH}/edit`, async (req, res) => {
      const l = await lead(req, res, false);
      if (!l) return res;
      const id = textField(req.query, 'id');
      const entry = (await storedFaqs()).find((e) => e.id === id);
      return entry ? showFaqForm(res, l, faqForm(entry)) : res.redirect(`${FAQ_PATH}/new`, 303);
    });

    scope.post(FAQ_PATH, async (req, res) => {
      const l = await lead(req, res, true);
      if (!l) return res;
      const editing = textField(req.body, 'editing') || null;
      const form: FaqFormState = {
        editing,
        values: {
          // An entry's id is its name in the store: an edit never renames it (the field is read-only).
          id: editing ?? textField(req.body, 'id'),
          department: textField(req.body, 'department'),
          questions: textField(req.body, 'questions'),
          it: textField(req.body, 'answer_it'),
          en: textField(req.body, 'answer_en'),
        },
        errors: new Map(),
      };
      const { entry, errors } = await checkFaqForm(l.say, form, await storedFaqs(), departments);
      if (!entry) return showFaqForm(res, l, { ...form, errors }, 422);
      await store.upsertFaqs([entry]);
      await faqChanged();
      logger.info({ by: `${l.agent.platform}:${l.agent.userId}`, entry: entry.id, added: editing === null }, 'lead saved a FAQ entry');
      return res.redirect(`${FAQ_PATH}?done=saved&id=${encodeURIComponent(entry.id)}`, 303);
    });

    scope.get(`${FAQ_PATH}/import`, async (req, res) => {
      const l = await lead(req, res, false);
      if (!l) return res;
      const body = renderBody(faqImportPage({ say: l.say, csrf: l.csrf, text: '', problems: [] }));
      return sendHtml(res, 200, shell(l, 'faq', l.say('faq.importTitle'), body, [KB_FILE_SCRIPT]));
    });

    scope.post(`${FAQ_PATH}/import`, { bodyLimit: IMPORT_BODY_LIMIT }, async (req, res) => {
      const l = await lead(req, res, true);
      if (!l) return res;
      const text = textField(req.body, 'kb');
      const stored = await storedFaqs();
      const { entries, problems } = await checkImportText(l.say, text, stored, departments);
      if (problems.length > 0) {
        // Nothing is written; what was pasted comes back as it was, with every problem named.
        const body = renderBody(faqImportPage({ say: l.say, csrf: l.csrf, text, problems }));
        return sendHtml(res, 422, shell(l, 'faq', l.say('faq.importTitle'), body, [KB_FILE_SCRIPT]));
      }
      const known = new Set(stored.map((e) => e.id));
      await store.upsertFaqs(entries);
      await faqChanged();
      const added = entries.filter((e) => !known.has(e.id)).length;
      logger.info({ by: `${l.agent.platform}:${l.agent.userId}`, entries: entries.length, added }, 'lead imported FAQ entries');
      return res.redirect(`${FAQ_PATH}?done=imported&count=${entries.length}&added=${added}`, 303);
    });

    scope.get(`${FAQ_PATH}/export`, async (req, res) => {
      const l = await lead(req, res, false);
      if (!l) return res;
      return res
        .type('application/json; charset=utf-8')
        .header('content-disposition', 'attachment; filename="sportello-faq.json"')
        .header('cache-control', 'no-store')
        .send(knowledgeBaseJson(await store.listFaqs()));
    });
  });
}


// Who may use the leads' pages, and how a page goes out: the console's gate
// decides who is signed in (and whether a form may change anything), only leads
// and admins get further, and every page is wrapped in the console's shell.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Agent, FaqDraftStore, FaqStore, GuideStatsStore, Locale, Logger, OnCallStore, PeopleStore, ReportStore, SlaSettings } from '../../../src/index.js';
import { pagePolicy } from '../../http/page-policy.js';
import { AGENTS_PATH } from './agents-page.js';
import { FAQ_PATH } from './faq-page.js';
import { isLead } from './lead-rules.js';
import { ONCALL_PATH } from './oncall-page.js';
import { REPORT_PATH } from './report-page.js';
import { sayIn, type Say } from './lead-words.js';
import { standalonePage, STYLESHEET } from './page-parts.js';

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
  active: LeadSection;
  body: string;
  scripts?: string[];
  csrf: string;
  /** This page's path, for the shell's language switch to come back to. */
  path?: string;
}

export type LeadSection = 'agents' | 'faq' | 'oncall' | 'report';

const SECTION_PATHS: Record<LeadSection, string> = { agents: AGENTS_PATH, faq: FAQ_PATH, oncall: ONCALL_PATH, report: REPORT_PATH };

export interface LeadRoutesDeps {
  gate: LeadGate;
  /** The console's shell around a page's body: a whole HTML document. */
  page(opts: LeadPageOptions): string;
  store: PeopleStore & FaqStore & OnCallStore & FaqDraftStore & ReportStore & GuideStatsStore;
  departments: readonly { id: string }[];
  /** Calendars (each department's zone) and the configuration file's on-call rota. */
  sla: SlaSettings;
  /** Called after the knowledge base changed, so the desk answers from it at the next message. */
  onFaqChanged(): Promise<void>;
  logger: Logger;
}

export const LOGIN_PATH = '/console/login';

/** A signed-in lead or admin, with their words. */
export interface Lead {
  agent: Agent;
  csrf: string;
  locale: Locale;
  say: Say;
}

export interface LeadAccess {
  /** The signed-in lead, or null once the request was answered (to sign-in, or refused in the agent's language). */
  lead(req: FastifyRequest, res: FastifyReply, writes: boolean): Promise<Lead | null>;
  /** Sends a page of the console's sections with `body` in it. */
  sendPage(res: FastifyReply, status: number, l: Lead, page: { active: LeadSection; title: string; body: string; scripts?: string[] }): FastifyReply;
}

export function sendHtml(res: FastifyReply, status: number, html: string): FastifyReply {
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

export function createLeadAccess(deps: Pick<LeadRoutesDeps, 'gate' | 'page'>): LeadAccess {
  const { gate } = deps;
  return {
    async lead(req, res, writes) {
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
    },
    sendPage(res, status, l, { active, title, body, scripts }) {
      const opts: LeadPageOptions = {
        title,
        locale: l.locale,
        agent: l.agent,
        active,
        body: `<link rel="stylesheet" href="${STYLESHEET}">${body}`,
        csrf: l.csrf,
        path: SECTION_PATHS[active],
      };
      if (scripts) opts.scripts = scripts;
      return sendHtml(res, status, deps.page(opts));
    },
  };
}

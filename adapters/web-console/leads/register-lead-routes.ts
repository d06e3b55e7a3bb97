// The leads' pages inside the agent console: agents (the CLI's `agents
// add|list|remove`), the FAQ (list, search, edit, add, import, export; drafts made
// from solved tickets) and the on-call rota (the CLI's `oncall show|override`). The
// console mounts them with its own gate (who is signed in; origin and CSRF on
// writes) and its own page shell; everything here is server-rendered and works
// with plain forms, redirecting after each successful POST.
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { registerAgentRoutes } from './agent-routes.js';
import { registerDraftRoutes } from './drafts-routes.js';
import { KB_FILE_SCRIPT, registerFaqRoutes } from './faq-routes.js';
import { registerGuideRoutes } from './guides-routes.js';
import { acceptForms } from '../form-body.js';
import { createLeadAccess, type LeadRoutesDeps } from './lead-access.js';
import { registerOnCallRoutes } from './oncall-routes.js';
import { registerReportRoutes } from './report-routes.js';
import { STYLESHEET } from './page-parts.js';

export { LOGIN_PATH, type LeadGate, type LeadPageOptions, type LeadRoutesDeps } from './lead-access.js';
export { CSRF_FIELD } from './page-parts.js';

const ASSETS = new URL('./assets/', import.meta.url);
const CSS = readFileSync(new URL('leads.css', ASSETS), 'utf8');
const KB_FILE_JS = readFileSync(new URL('kb-file.js', ASSETS), 'utf8');

export function registerLeadRoutes(app: FastifyInstance, deps: LeadRoutesDeps): void {
  const access = createLeadAccess(deps);
  // A scope of their own, which reads forms itself: their tests mount them without the console.
  app.register(async (scope) => {
    acceptForms(scope);
    scope.get(STYLESHEET, async (_req, res) => res.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send(CSS));
    scope.get(KB_FILE_SCRIPT, async (_req, res) => res.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(KB_FILE_JS));
    registerAgentRoutes(scope, deps, access);
    registerFaqRoutes(scope, deps, access);
    registerOnCallRoutes(scope, deps, access);
    registerDraftRoutes(scope, deps, access);
    registerReportRoutes(scope, deps, access);
    registerGuideRoutes(scope, deps, access);
  });
}

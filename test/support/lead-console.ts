// The leads' pages on a real server for tests and screenshots: the desk composed
// as `npm start` composes it, the HTTP server with the web chat, and the lead
// routes mounted behind a small gate (a bearer token the test made, mapped to a
// person whose agent record the store holds) and a plain page shell. The real
// console's session and shell take their place when the console mounts them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyRequest } from 'fastify';
import { html } from 'htm/preact';
import { render } from 'preact-render-to-string';
import { pino } from 'pino';
import { createRequestCheck } from '../../adapters/channels/web/auth/check-origin.js';
import { createHttpServer } from '../../adapters/http/create-http-server.js';
import { CSRF_FIELD, registerLeadRoutes, type LeadGate, type LeadPageOptions } from '../../adapters/web-console/leads/register-lead-routes.js';
import { compose, type Composition } from '../../app/compose.js';
import { loadConfig } from '../../app/config.js';
import { slaSettingsOf, type PeopleStore } from '../../src/index.js';

export interface Identity {
  platform: string;
  userId: string;
}

/** A bearer token -> a person, as a verifier would say; the CSRF token is derived from the bearer. */
export function createTokenGate(people: PeopleStore, tokens: ReadonlyMap<string, Identity>): LeadGate {
  const sameSite = createRequestCheck('loopback');
  const bearer = (req: FastifyRequest) => {
    const header = req.headers.authorization ?? '';
    return header.startsWith('Bearer ') ? header.slice(7) : '';
  };
  return {
    async signedIn(req) {
      const token = bearer(req);
      const who = tokens.get(token);
      const agent = who ? await people.getAgent(who.platform, who.userId) : null;
      return agent ? { agent, csrf: `csrf-${token}`, locale: agent.locale ?? 'en' } : null;
    },
    checkWrite(req) {
      const refusal = sameSite(req.headers);
      if (refusal) return refusal;
      const body = req.body as Record<string, unknown> | null;
      const sent = body && Object.hasOwn(body, CSRF_FIELD) ? body[CSRF_FIELD] : undefined;
      return sent === `csrf-${bearer(req)}` ? null : { status: 403, error: 'missing or wrong CSRF token' };
    },
  };
}

/** A throw-away console shell: a header with the lead pages, and the body. */
export function plainShell(opts: LeadPageOptions): string {
  const link = (href: string, label: string, active: boolean) => html`<a href=${href} aria-current=${active ? 'page' : undefined}>${label}</a>`;
  const it = opts.locale === 'it';
  return `<!doctype html>${render(html`<html lang=${opts.locale}>
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>${opts.title} · Sportello</title>
      ${(opts.scripts ?? []).map((src) => html`<script type="module" src=${src}></script>`)}
    </head>
    <body>
      <header>
        <nav aria-label=${it ? 'Console' : 'Console'}>
          <strong>Sportello</strong> · ${link('/console/agents', it ? 'Operatori' : 'Agents', opts.active === 'agents')} · ${link('/console/faq', 'FAQ', opts.active === 'faq')} ·
          ${link('/console/oncall', it ? 'Reperibilità' : 'On call', opts.active === 'oncall')} ·
          <span> ${opts.agent.name}</span>
        </nav>
      </header>
      <main dangerouslySetInnerHTML=${{ __html: opts.body }}></main>
    </body>
  </html>`)}`;
}

export interface LeadServer {
  base: string;
  composition: Composition;
  /** Bearer tokens the gate accepts: add one per person a test signs in as. */
  tokens: Map<string, Identity>;
  /** How many times the pages said the knowledge base changed. */
  faqChanges(): number;
  stop(): Promise<void>;
}

/** `page`: the shell around the pages; a plain one by default. */
export async function startLeadServer(env: Record<string, string> = {}, page: (opts: LeadPageOptions) => string = plainShell): Promise<LeadServer> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'sportello-leads-'));
  const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', TICKET_INTAKE: 'direct', ...env });
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const composition = await compose(config, logger);
  const { store, metrics, channels, relay, deps } = composition;
  // The console mounts these pages behind its own sign-in: here they stand behind the token gate instead.
  const withoutConsole = channels.filter((c) => c.name !== 'console');
  const app = await createHttpServer({ logger, storeKind: store.kind, metrics, channels: withoutConsole, hostCheck: createRequestCheck('loopback') });
  const tokens = new Map<string, Identity>();
  let faqChanges = 0;
  // Mounted as the console mounts them: inside its scope, which reads forms its own way (one value per name).
  await app.register(async (consoleScope) => {
    consoleScope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });
    registerLeadRoutes(consoleScope, {
      gate: createTokenGate(store, tokens),
      page,
      store,
      departments: config.DEPARTMENTS,
      sla: slaSettingsOf(deps.settings),
      onFaqChanged: async () => {
        faqChanges++;
        await deps.faq.refresh?.({ force: true });
      },
      logger,
    });
  });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  await relay.start();
  return {
    base,
    composition,
    tokens,
    faqChanges: () => faqChanges,
    async stop() {
      await app.close();
      await relay.stop();
      await Promise.all(channels.map((c) => c.stop?.()));
      await store.close();
      if (!env.DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

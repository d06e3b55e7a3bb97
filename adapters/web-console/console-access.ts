// Who is at the console. With WEB_AUTH=oidc, the web chat's own sign-in
// session, for people who are agents or leads in the people store. Otherwise
// a one-time link the desk sends to the agent on the platform they work on;
// opening it (a button press, so link previews cannot use it up) starts a
// console session. Links and sessions are random tokens kept hashed in the store.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Agent, ConsoleAccessStore, Locale, Logger, PeopleStore } from '../../src/index.js';
import type { ChannelAdapter } from '../channels/channel-adapter.js';
import { cookieValue } from '../channels/web/auth/session-cookie.js';
import type { WebAuth } from '../channels/web/auth/web-auth.js';
import type { ConsoleGate, ConsoleRequest } from './console-shell.js';
import { word } from './console-words.js';
import { field } from './form-body.js';
import { consoleHtml } from './send-page.js';
import { linkConfirmPage, linkInvalidPage, notAgentPage, signInPage } from './sign-in-pages.js';

export const LINK_MINUTES = 15;
/**
 * Links one address may have sent per LINK_MINUTES, whoever they are for. Counted per asking
 * address, not per agent: a stranger asking again and again floods an agent's messages a little
 * and cannot use up the agent's own requests.
 */
export const LINKS_PER_ADDRESS = 10;
const LOCALE_COOKIE = 'sportello-console-locale';

export interface ConsoleAccessOptions {
  store: ConsoleAccessStore & PeopleStore;
  /** Host and Origin checks; with mode oidc, the web chat's session too. */
  webAuth: WebAuth;
  /** Where links are sent: the platform's channel, by name. */
  channels: () => readonly ChannelAdapter[];
  /** The address links point at; without it, the server's own loopback address. */
  publicUrl?: string | undefined;
  sessionHours: number;
  /** Links one address may have sent per LINK_MINUTES (0: no limit); LINKS_PER_ADDRESS by default. */
  linksPerAddress?: number;
  defaultLocale: Locale;
  logger: Logger;
  now?: () => number;
}

export type Visitor =
  | { kind: 'agent'; agent: Agent; csrf: string; locale: Locale }
  | { kind: 'not-agent'; name: string; locale: Locale }
  | { kind: 'anonymous'; locale: Locale };

export interface ConsoleAccess extends ConsoleGate {
  visitor(req: ConsoleRequest): Promise<Visitor>;
  /** Mounts sign-in, link, sign-out and language routes on the console's scope. */
  register(scope: FastifyInstance): void;
}

const hash = (token: string) => createHash('sha256').update(token).digest('base64url');
const token = () => randomBytes(32).toString('base64url');

/** A one-time sign-in link's secret for the agent, its hash kept in the store; `/console/link?token=<secret>` opens it. */
export async function issueSignInLink(store: ConsoleAccessStore, who: { platform: string; userId: string }, now: number): Promise<string> {
  const secret = token();
  await store.saveSignInLink(hash(secret), { platform: who.platform, userId: who.userId, expiresAt: now + LINK_MINUTES * 60_000 });
  return secret;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function browserLocale(headers: IncomingHttpHeaders): Locale | null {
  const accept = headers['accept-language'];
  if (typeof accept !== 'string') return null;
  const first = accept.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('it') ? 'it' : first.startsWith('en') ? 'en' : null;
}

export function createConsoleAccess(opts: ConsoleAccessOptions): ConsoleAccess {
  const now = opts.now ?? Date.now;
  const secure = opts.publicUrl?.startsWith('https:') ?? false;
  const sessionCookie = secure ? '__Host-sportello-console' : 'sportello-console';
  const attributes = `Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
  const oidc = opts.webAuth.mode === 'oidc';
  /** The CSRF token of each signed-in request, for checkWrite. */
  const csrfOf = new WeakMap<object, string>();
  let ownAddress = (): string => '';

  function chosenLocale(headers: IncomingHttpHeaders, agentLocale?: Locale): Locale {
    const picked = cookieValue(headers.cookie, LOCALE_COOKIE);
    if (picked === 'it' || picked === 'en') return picked;
    return agentLocale ?? browserLocale(headers) ?? opts.defaultLocale;
  }

  async function visitor(req: ConsoleRequest): Promise<Visitor> {
    let who: { platform: string; userId: string; name: string; csrf: string } | null = null;
    if (oidc) {
      // Asked as a read: the web chat's own CSRF rule wants a header; the console checks its forms itself (checkWrite).
      const verdict = await opts.webAuth.identify!({ method: 'GET', headers: req.headers, query: {} }, 'api');
      if (verdict.ok && verdict.csrf) who = { ...verdict.person, csrf: verdict.csrf };
    } else {
      const raw = cookieValue(req.headers.cookie, sessionCookie);
      const session = raw && raw.length < 200 ? await opts.store.consoleSession(hash(raw), now()) : null;
      if (session) who = { platform: session.platform, userId: session.userId, name: session.userId, csrf: session.csrf };
    }
    if (!who) return { kind: 'anonymous', locale: chosenLocale(req.headers) };
    const agent = await opts.store.getAgent(who.platform, who.userId);
    if (!agent) return { kind: 'not-agent', name: who.name, locale: chosenLocale(req.headers) };
    csrfOf.set(req, who.csrf);
    return { kind: 'agent', agent, csrf: who.csrf, locale: chosenLocale(req.headers, agent.locale) };
  }

  function checkWrite(req: ConsoleRequest): { status: number; error: string } | null {
    const refusal = opts.webAuth.check({ method: req.method, headers: req.headers, query: {} });
    if (refusal) return refusal;
    // A form post from another site still carries the cookie (SameSite=Lax lets top-level POSTs through on some browsers): not the token.
    if (req.headers['sec-fetch-site'] === 'cross-site') return { status: 403, error: 'requests from another site are refused' };
    const expected = csrfOf.get(req);
    const header = req.headers['x-csrf-token'];
    const given = field(req.body, 'csrf') || (typeof header === 'string' ? header : '');
    if (!expected || !given || !sameText(given, expected)) return { status: 403, error: 'missing or wrong CSRF token' };
    return null;
  }

  /** Where a link points: PUBLIC_URL, or this server as it listens on loopback; never the request's Host. */
  function linkBase(): string {
    return (opts.publicUrl ?? ownAddress()).replace(/\/$/, '');
  }

  /** When each address had links sent (this process; a restart forgets, which only allows a few more). */
  const perAddress = opts.linksPerAddress ?? LINKS_PER_ADDRESS;
  const askedBy = new Map<string, number[]>();
  function addressAllowed(address: string): boolean {
    if (perAddress === 0) return true;
    const since = now() - LINK_MINUTES * 60_000;
    const recent = (askedBy.get(address) ?? []).filter((t) => t > since);
    if (recent.length >= perAddress) return false;
    askedBy.set(address, [...recent, now()]);
    // Old entries go as the map is used: it holds only addresses that asked within the window.
    if (askedBy.size > 10_000) for (const [k, times] of askedBy) if (times.every((t) => t <= since)) askedBy.delete(k);
    return true;
  }

  async function sendLink(platform: string, userId: string, address: string): Promise<void> {
    const agent = await opts.store.getAgent(platform, userId);
    const channel = opts.channels().find((c) => c.name === platform);
    if (!agent || !channel) return;
    if (!addressAllowed(address)) {
      opts.logger.warn({ address, platform, user: userId }, 'console sign-in link not sent: this address had too many sent lately');
      return;
    }
    const secret = await issueSignInLink(opts.store, { platform, userId }, now());
    const url = `${linkBase()}/console/link?token=${secret}`;
    const locale = agent.locale ?? opts.defaultLocale;
    await channel.sendDirect({ platform, userId, name: agent.name, locale }, { text: word(locale, 'signIn.linkMessage', { url }), ephemeral: true, secret: true });
    opts.logger.info({ platform, user: userId }, 'console sign-in link sent');
  }

  /**
   * Platforms a link can be sent on. Not the web chat under WEB_AUTH=none, where anyone may open
   * anyone's stream: its agents sign in with a link printed by `npx sportello console link`.
   */
  function platforms(): string[] {
    return opts.channels().map((c) => c.name).filter((n) => n !== 'console' && !(n === 'web' && opts.webAuth.mode === 'none'));
  }

  function refuse(res: FastifyReply, refusal: { status: number; error: string }) {
    return res.code(refusal.status).header('cache-control', 'no-store').send({ error: refusal.error });
  }

  return {
    visitor,
    async signedIn(req) {
      const v = await visitor(req);
      return v.kind === 'agent' ? { agent: v.agent, csrf: v.csrf, locale: v.locale } : null;
    },
    checkWrite,

    register(scope) {
      // Read once the server listens (the first link is asked for long after).
      ownAddress = () => {
        const address = scope.server.address();
        if (!address || typeof address !== 'object') return '';
        const loopback = address.family === 'IPv6' ? '[::1]' : '127.0.0.1';
        const host = ['0.0.0.0', '::'].includes(address.address) ? loopback : address.family === 'IPv6' ? `[${address.address}]` : address.address;
        return `http://${host}:${address.port}`;
      };

      scope.get('/console/sign-in', async (req, res) => {
        const v = await visitor(req);
        if (v.kind === 'agent') return res.redirect('/console', 303);
        if (v.kind === 'not-agent') return consoleHtml(res, 403, notAgentPage(v.locale, v.name));
        return consoleHtml(res, 200, signInPage(v.locale, { oidc, platforms: platforms(), signedOut: field(req.query, 'out') === '1' }));
      });

      // The leads' pages send whoever is not signed in here.
      scope.get('/console/login', async (_req, res) => res.redirect('/console/sign-in', 303));

      scope.post('/console/sign-in', async (req, res) => {
        const refusal = opts.webAuth.check({ method: req.method, headers: req.headers, query: {} });
        if (refusal) return refuse(res, refusal);
        const locale = chosenLocale(req.headers);
        if (oidc) return res.redirect('/console/sign-in', 303);
        const platform = field(req.body, 'platform');
        const userId = field(req.body, 'userId');
        const errors: Record<string, string> = {};
        if (!platforms().includes(platform)) errors.platform = word(locale, 'signIn.badPlatform');
        if (!userId || userId.length > 200) errors.userId = word(locale, 'signIn.missingUser');
        if (Object.keys(errors).length > 0) return consoleHtml(res, 400, signInPage(locale, { oidc, platforms: platforms(), errors, values: { platform, userId } }));
        // Sent in the background: the answer, and how long it takes, are the same whether or not such an agent exists.
        sendLink(platform, userId, req.ip).catch((err: unknown) => opts.logger.warn({ err, platform }, 'could not send a console sign-in link'));
        return consoleHtml(res, 200, signInPage(locale, { oidc, platforms: platforms(), sent: { platform, userId } }));
      });

      scope.get('/console/link', async (req, res) => {
        const locale = chosenLocale(req.headers);
        const secret = field(req.query, 'token');
        const grant = secret && secret.length < 200 ? await opts.store.peekSignInLink(hash(secret), now()) : null;
        if (!grant) return consoleHtml(res, 410, linkInvalidPage(locale));
        return consoleHtml(res, 200, linkConfirmPage(locale, secret));
      });

      scope.post('/console/link', async (req, res) => {
        const refusal = opts.webAuth.check({ method: req.method, headers: req.headers, query: {} });
        if (refusal) return refuse(res, refusal);
        const locale = chosenLocale(req.headers);
        const secret = field(req.body, 'token');
        const grant = secret && secret.length < 200 ? await opts.store.takeSignInLink(hash(secret), now()) : null;
        if (!grant || !(await opts.store.getAgent(grant.platform, grant.userId))) return consoleHtml(res, 410, linkInvalidPage(locale));
        const session = token();
        const maxAgeS = Math.round(opts.sessionHours * 3600);
        await opts.store.saveConsoleSession(hash(session), { platform: grant.platform, userId: grant.userId, csrf: token(), expiresAt: now() + maxAgeS * 1000 });
        return res.header('set-cookie', `${sessionCookie}=${session}; Max-Age=${maxAgeS}; ${attributes}`).header('cache-control', 'no-store').redirect('/console', 303);
      });

      scope.post('/console/sign-out', async (req, res) => {
        const v = await visitor(req);
        const refusal = v.kind === 'agent' ? checkWrite(req) : opts.webAuth.check({ method: req.method, headers: req.headers, query: {} });
        if (refusal) return refuse(res, refusal);
        const cookies = [`${sessionCookie}=; Max-Age=0; ${attributes}`];
        const raw = cookieValue(req.headers.cookie, sessionCookie);
        if (raw && raw.length < 200) await opts.store.endConsoleSession(hash(raw));
        // The web chat's sign-in session is the console's too under OIDC: signing out ends both.
        if (oidc) cookies.push(`${secure ? '__Host-' : ''}sportello-session=; Max-Age=0; ${attributes}`);
        return res.header('set-cookie', cookies).header('cache-control', 'no-store').redirect('/console/sign-in?out=1', 303);
      });

      scope.post('/console/locale', async (req, res) => {
        const v = await visitor(req);
        if (v.kind !== 'agent') return res.redirect('/console/sign-in', 303);
        const refusal = checkWrite(req);
        if (refusal) return refuse(res, refusal);
        const locale = field(req.body, 'locale');
        // Back to the page the switch was on: a console path only, never another site.
        const asked = field(req.body, 'back');
        const back = /^\/console(?:[/?][\w\-/?=&%.]*)?$/.test(asked) ? asked : '/console';
        if (locale !== 'it' && locale !== 'en') return res.redirect(back, 303);
        return res.header('set-cookie', `${LOCALE_COOKIE}=${locale}; Max-Age=${365 * 24 * 3600}; ${attributes}`).redirect(back, 303);
      });
    },
  };
}


// The three WEB_AUTH modes as WebAuth values for the web adapter.
import { timingSafeEqual } from 'node:crypto';
import type { Logger, PeopleStore, Participant } from '../../../../src/index.js';
import type { AgentGroup } from './agent-groups.js';
import { createRequestCheck } from './check-origin.js';
import { createJwtIdentity, type JwtIdentityOptions } from './identity-from-jwt.js';
import { registerOidcSignIn, type PendingSignIn, type Session } from './oidc-sign-in.js';
import { createSignedCookie } from './session-cookie.js';
import type { Verdict, WebAuth, WebRequest } from './web-auth.js';

/** WEB_AUTH=none: the body names the person. Allowed on a loopback HOST only, and only for requests that name a loopback host. */
export function createLoopbackAuth(): WebAuth {
  const check = createRequestCheck('loopback');
  return { mode: 'none', check: (req) => check(req.headers) };
}

function bearer(req: WebRequest): string | undefined {
  const h = req.headers.authorization;
  return typeof h === 'string' && /^bearer /i.test(h) ? h.slice(7).trim() : undefined;
}

function queryToken(query: unknown): string | undefined {
  if (!query || typeof query !== 'object' || !Object.hasOwn(query, 'token')) return undefined;
  const t = (query as { token?: unknown }).token;
  return typeof t === 'string' ? t : undefined;
}

/** WEB_AUTH=jwt: a short-lived token signed by the intranet, in Authorization (or `?token=` on the stream alone). */
export function createJwtAuth(opts: JwtIdentityOptions & { publicUrl: string }): WebAuth {
  const check = createRequestCheck({ publicUrl: opts.publicUrl });
  const verify = createJwtIdentity(opts);
  return {
    mode: 'jwt',
    check: (req) => check(req.headers),
    async identify(req, where) {
      const token = bearer(req) ?? (where === 'stream' ? queryToken(req.query) : undefined);
      if (!token) return { ok: false, status: 401, error: 'an identity token is required (Authorization: Bearer <token>)' };
      const person = await verify(token);
      return person ? { ok: true, person } : { ok: false, status: 401, error: 'the identity token is not valid (expired, wrong signature, issuer or audience)' };
    },
  };
}

export interface OidcAuthOptions {
  publicUrl: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  idClaim: string;
  agentGroups: readonly AgentGroup[];
  sessionSecret: string;
  sessionHours: number;
  people: PeopleStore;
  logger: Logger;
  now?: () => number;
}

const SIGN_IN_MINUTES = 10;

function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function isSession(s: unknown): s is Session {
  const v = s as Partial<Session> | null;
  return !!v && typeof v.id === 'string' && typeof v.name === 'string' && typeof v.csrf === 'string';
}

/** WEB_AUTH=oidc: sign-in with the company's provider, a signed session cookie, a CSRF token on every POST. */
export function createOidcAuth(opts: OidcAuthOptions): WebAuth {
  const check = createRequestCheck({ publicUrl: opts.publicUrl });
  const secure = new URL(opts.publicUrl).protocol === 'https:';
  const session = createSignedCookie<Session>(opts.sessionSecret, 'session', { name: 'sportello-session', secure, maxAgeS: opts.sessionHours * 3600 }, opts.now);
  const pending = createSignedCookie<PendingSignIn>(opts.sessionSecret, 'sign-in', { name: 'sportello-sign-in', secure, maxAgeS: SIGN_IN_MINUTES * 60 }, opts.now);

  function identify(req: WebRequest): Verdict {
    const s = session.read(req.headers);
    if (!isSession(s)) return { ok: false, status: 401, error: 'not signed in (sign in at /auth/login)' };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const given = req.headers['x-csrf-token'];
      if (typeof given !== 'string' || !sameText(given, s.csrf)) return { ok: false, status: 403, error: 'missing or wrong X-CSRF-Token (GET /web/api/me gives it)' };
    }
    const person: Participant = { platform: 'web', userId: s.id, name: s.name };
    if (s.locale === 'it' || s.locale === 'en') person.locale = s.locale;
    if (typeof s.email === 'string') person.email = s.email;
    return { ok: true, person, csrf: s.csrf };
  }

  return {
    mode: 'oidc',
    check: (req) => check(req.headers),
    identify,
    routes(app, guard) {
      registerOidcSignIn(app, guard, { ...opts, session, pending, identify });
    },
  };
}

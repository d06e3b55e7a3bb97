// WEB_AUTH=oidc: "Sign in" with the company's OpenID Connect provider
// (authorization code + PKCE, openid-client), then a signed session cookie.
// Agent rights follow the provider's groups at every sign-in (OIDC_AGENT_GROUPS).
import type { FastifyInstance, FastifyReply, onRequestAsyncHookHandler } from 'fastify';
import * as oidc from 'openid-client';
import type { Locale, Logger, PeopleStore } from '../../../../src/index.js';
import { pagePolicy } from '../../../http/page-policy.js';
import { groupsIn, syncGroupAgent, type AgentGroup } from './agent-groups.js';
import { personFromClaims } from './person-from-claims.js';
import { randomToken, type SignedCookie } from './session-cookie.js';
import { signInProblemPage, type SignInProblem } from './sign-in-page.js';
import type { Verdict, WebRequest } from './web-auth.js';

export interface Session {
  id: string;
  name: string;
  locale?: Locale;
  /** The address the provider vouched for (see person-from-claims.ts), carried to every message. */
  email?: string;
  /** Sent back in X-CSRF-Token on every POST: another site can make the browser send the cookie, not this. */
  csrf: string;
}

export interface PendingSignIn {
  verifier: string;
  state: string;
  nonce: string;
  /** Where to land once signed in: the chat, or the agent console (`?next=/console`). */
  next?: '/console';
}

export interface OidcSignInOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  publicUrl: string;
  scopes: string;
  /** The claim that names a person: `sub` unless OIDC_ID_CLAIM says otherwise (email, preferred_username…). */
  idClaim: string;
  agentGroups: readonly AgentGroup[];
  people: PeopleStore;
  logger: Logger;
  session: SignedCookie<Session>;
  pending: SignedCookie<PendingSignIn>;
  /** The signed-in person of a request, CSRF checked on POST. */
  identify(req: WebRequest): Verdict;
}

function problem(res: FastifyReply, status: number, what: SignInProblem) {
  const page = signInProblemPage(what);
  return res.code(status).header('cache-control', 'no-store').header('content-security-policy', pagePolicy(page)).type('text/html; charset=utf-8').send(page);
}

export function registerOidcSignIn(app: FastifyInstance, guard: onRequestAsyncHookHandler, opts: OidcSignInOptions): void {
  const redirectUri = `${opts.publicUrl}/auth/callback`;
  const issuer = new URL(opts.issuer);
  // Plain http only for a provider on this machine (config.ts refuses any other): tests and trials.
  const discoveryOptions = issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined;
  // Discovered on first use and kept; a provider down at start-up does not stop the desk.
  let discovered: Promise<oidc.Configuration> | null = null;
  const configuration = () =>
    (discovered ??= oidc
      .discovery(issuer, opts.clientId, opts.clientSecret, oidc.ClientSecretBasic(opts.clientSecret), discoveryOptions)
      .catch((err: unknown) => {
        discovered = null;
        throw err;
      }));

  app.get('/auth/login', { onRequest: guard }, async (req, res) => {
    let config: oidc.Configuration;
    try {
      config = await configuration();
    } catch (err) {
      opts.logger.warn({ err, issuer: opts.issuer }, 'sign-in: the OpenID provider cannot be reached');
      return problem(res, 502, 'unreachable');
    }
    const pending: PendingSignIn = { verifier: oidc.randomPKCECodeVerifier(), state: oidc.randomState(), nonce: oidc.randomNonce() };
    if ((req.query as { next?: unknown } | undefined)?.next === '/console') pending.next = '/console';
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: opts.scopes,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return res.header('set-cookie', opts.pending.set(pending)).header('cache-control', 'no-store').redirect(url.href, 302);
  });

  app.get('/auth/callback', { onRequest: guard }, async (req, res) => {
    const pending = opts.pending.read(req.headers);
    res.header('set-cookie', opts.pending.clear());
    if (!pending) return problem(res, 400, 'expired');
    let claims: Record<string, unknown>;
    try {
      const config = await configuration();
      // The URL as the provider sent the browser to it, rebuilt from PUBLIC_URL: the Host header plays no part.
      const tokens = await oidc.authorizationCodeGrant(config, new URL(req.url, opts.publicUrl), {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims()!;
      // Many providers put profile and groups in userinfo only (oidc-provider, Okta); Entra puts groups in the ID token.
      const info = config.serverMetadata().userinfo_endpoint ? await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub) : {};
      claims = { ...idToken, ...info };
    } catch (err) {
      opts.logger.warn({ err: { name: (err as Error).name, message: (err as Error).message } }, 'sign-in refused');
      return problem(res, 401, 'refused');
    }
    // An address the provider has not checked could be anyone's: as an id it must be verified (absent counts, as Entra omits it).
    const unverifiedEmail = opts.idClaim === 'email' && claims.email_verified === false;
    const person = unverifiedEmail ? null : personFromClaims(claims, opts.idClaim);
    if (!person) {
      opts.logger.warn({ claim: opts.idClaim }, 'sign-in refused: the provider sent no usable identifying claim');
      return problem(res, 403, 'no-identity');
    }
    if (opts.agentGroups.length > 0) {
      const outcome = await syncGroupAgent(opts.people, person, groupsIn(claims), opts.agentGroups);
      if (outcome === 'granted' || outcome === 'updated' || outcome === 'revoked') opts.logger.info({ user: person.userId, outcome }, 'agent rights follow the sign-in groups');
    }
    const session: Session = { id: person.userId, name: person.name, csrf: randomToken() };
    if (person.locale) session.locale = person.locale;
    if (person.email) session.email = person.email;
    return res.header('set-cookie', opts.session.set(session)).header('cache-control', 'no-store').redirect(pending.next === '/console' ? '/console' : '/', 303);
  });

  app.post('/auth/logout', { onRequest: guard }, async (req, res) => {
    const verdict = opts.identify(req);
    if (!verdict.ok && verdict.status === 403) return res.code(403).send({ error: verdict.error });
    return res.header('set-cookie', opts.session.clear()).code(204).send();
  });
}

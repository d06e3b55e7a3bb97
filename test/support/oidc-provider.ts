// A real OpenID Connect provider (oidc-provider 8) on 127.0.0.1, random port,
// with its own development login and consent pages: any password signs an
// account in. Accounts live in a Map the test may change between sign-ins
// (a group removed at the provider), and an HTTP walker signs a person in to a
// bot the way a browser would, cookies, redirects and forms included.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestAccount {
  name: string;
  email?: string;
  email_verified?: boolean;
  locale?: string;
  groups: string[];
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, TestAccount>;
  stop(): Promise<void>;
}

/** oidc-provider says (on the console) that it runs in development mode; a test knows. */
function quietly<T>(make: () => T): T {
  const { warn, info } = console;
  const drop = (keep: (...a: unknown[]) => void) => (...args: unknown[]) => (String(args[0]).startsWith('oidc-provider ') ? undefined : keep(...args));
  console.warn = drop(warn);
  console.info = drop(info);
  try {
    return make();
  } finally {
    console.warn = warn;
    console.info = info;
  }
}

export async function startOidcProvider(opts: { redirectUri: string; accounts?: Record<string, TestAccount> }): Promise<TestProvider> {
  const accounts = new Map(Object.entries(opts.accounts ?? {}));
  const clientId = 'sportello-test';
  const clientSecret = 'a-client-secret-only-this-test-knows';
  let handler: ((req: any, res: any) => void) | null = null;
  const server: Server = createServer((req, res) => handler!(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = quietly(
    () =>
      new Provider(issuer, {
        clients: [
          { client_id: clientId, client_secret: clientSecret, redirect_uris: [opts.redirectUri], grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic' },
        ],
        scopes: ['openid', 'profile', 'email', 'groups'],
        claims: { openid: ['sub'], profile: ['name', 'locale'], email: ['email', 'email_verified'], groups: ['groups'] },
        // Read at every token and userinfo request, so a change to `accounts` counts from the next sign-in.
        findAccount: (_ctx, id) => {
          const account = accounts.get(id);
          return account ? { accountId: id, claims: () => ({ sub: id, ...account, groups: [...account.groups] }) } : undefined;
        },
        pkce: { methods: ['S256'], required: () => true },
        // Over plain http, browsers drop SameSite=None cookies: Lax keeps the provider's login session.
        cookies: { keys: ['oidc-provider-test-cookie-key'], long: { sameSite: 'lax' }, short: { sameSite: 'lax' } },
        features: { devInteractions: { enabled: true } },
        ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
      }),
  );
  handler = quietly(() => provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Cookies per origin, as a browser keeps them (paths and expiry aside: a walk lasts seconds). */
class CookieJar {
  private readonly byOrigin = new Map<string, Map<string, string>>();

  header(url: URL): string {
    return [...(this.byOrigin.get(url.origin) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  keep(url: URL, setCookies: string[]) {
    const jar = this.byOrigin.get(url.origin) ?? new Map<string, string>();
    this.byOrigin.set(url.origin, jar);
    for (const line of setCookies) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      if (/;\s*max-age=0/i.test(line) || /;\s*expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, pair.slice(eq + 1).trim());
    }
  }

  get(origin: string, name: string): string | undefined {
    return this.byOrigin.get(origin)?.get(name);
  }
}

export interface SignedIn {
  /** The Cookie header the bot's session needs. */
  cookie: string;
  csrf: string;
  /** What a POST from the chat page carries: the session cookie, the CSRF token and the page's origin. */
  headers: Record<string, string>;
}

async function walk(jar: CookieJar, start: string, init?: { method: string; body: string }) {
  let url = new URL(start);
  let request: { method: string; body?: string } = init ?? { method: 'GET' };
  for (let hops = 0; hops < 20; hops++) {
    const headers: Record<string, string> = { cookie: jar.header(url) };
    if (request.body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(url, { method: request.method, headers, body: request.body, redirect: 'manual' });
    jar.keep(url, res.headers.getSetCookie());
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      url = new URL(location, url);
      request = { method: 'GET' };
      continue;
    }
    return { url, res, text: await res.text() };
  }
  throw new Error(`more than 20 redirects from ${start}`);
}

/**
 * Signs `login` in to the bot at `base` through the provider's own pages: the
 * bot's /auth/login, the provider's login form, its consent form, the bot's
 * callback. Returns the final answer when it is not the chat page (a refusal).
 */
export async function signInOver(base: string, login: string, jar = new CookieJar()): Promise<{ signedIn: SignedIn | null; status: number; text: string }> {
  let step = await walk(jar, `${base}/auth/login`);
  for (let forms = 0; forms < 4 && step.url.origin !== new URL(base).origin; forms++) {
    const action = /<form[^>]*action="([^"]+)"/.exec(step.text)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(step.text)?.[1];
    if (!action || !prompt) throw new Error(`the provider answered ${step.res.status} without a form: ${step.text.slice(0, 300)}`);
    const body = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any password' } : { prompt }).toString();
    step = await walk(jar, new URL(action, step.url).href, { method: 'POST', body });
  }
  if (step.url.pathname !== '/' || step.res.status !== 200) return { signedIn: null, status: step.res.status, text: step.text };
  const cookieName = ['sportello-session', '__Host-sportello-session'].find((n) => jar.get(step.url.origin, n));
  if (!cookieName) throw new Error('signed in, yet no session cookie was set');
  const cookie = `${cookieName}=${jar.get(step.url.origin, cookieName)}`;
  const me = (await (await fetch(`${base}/web/api/me`, { headers: { cookie } })).json()) as { csrf: string };
  return { signedIn: { cookie, csrf: me.csrf, headers: { cookie, 'x-csrf-token': me.csrf, origin: new URL(base).origin } }, status: 200, text: step.text };
}

/** Like signInOver, for a sign-in that must succeed. */
export async function signIn(base: string, login: string): Promise<SignedIn> {
  const r = await signInOver(base, login);
  if (!r.signedIn) throw new Error(`sign-in of ${login} ended with ${r.status}: ${r.text.slice(0, 300)}`);
  return r.signedIn;
}

export { CookieJar };

/** What a Sportello server needs to sign people in at `provider`, its own address being `base`. */
export function oidcServerEnv(provider: TestProvider, base: string, agentGroups = 'helpdesk-it:it:1'): Record<string, string> {
  return {
    WEB_AUTH: 'oidc',
    PUBLIC_URL: base,
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: provider.clientId,
    OIDC_CLIENT_SECRET: provider.clientSecret,
    OIDC_SCOPES: 'openid profile email groups',
    OIDC_AGENT_GROUPS: agentGroups,
    SESSION_SECRET: 'a-session-secret-of-at-least-32-characters',
  };
}

/** In a browser already on the provider's login page: any password, then consent, as a person would. */
export async function passProviderPages(page: import('playwright-core').Page, login: string): Promise<void> {
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', 'any password');
  await page.click('button[type=submit]');
  await page.waitForSelector('input[name=prompt][value=consent]', { state: 'attached' });
  await page.click('button[type=submit]');
}

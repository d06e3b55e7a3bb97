// WEB_AUTH=oidc against a real OpenID provider (oidc-provider) on 127.0.0.1:
// people sign in through its pages, the bot keeps a signed session cookie, and
// nothing a request body or query says can change who is speaking.
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import { freePort } from '../support/bot-process.js';
import { CHROMIUM_ARGS, chromiumPath, requireChromiumInCi } from '../support/chromium.js';
import { oidcServerEnv, passProviderPages, signIn, signInOver, startOidcProvider, type SignedIn, type TestProvider } from '../support/oidc-provider.js';
import { rawRequest } from '../support/raw-request.js';
import { openStreamAt, post, startServer, type RunningServer } from '../support/server.js';
import { createTestDesk } from '../support/desk.js';

requireChromiumInCi();

const accounts = () => ({
  mario: { name: 'Mario Rossi', email: 'mario@example.com', locale: 'it-IT', groups: [] },
  anna: { name: 'Anna Bianchi', email: 'anna@example.com', locale: 'en', groups: ['helpdesk-it'] },
  bruno: { name: 'Bruno Verdi', locale: 'it', groups: ['helpdesk-it'] },
  dora: { name: 'Dora Neri', locale: 'en', groups: [] },
  // Any provider that lets people type their own address: Eve typed Anna's.
  eve: { name: 'Eve', email: 'anna@example.com', email_verified: false, groups: [] },
});

/** A provider and a bot that trusts it, on ports chosen up front (the redirect URI names the bot's). */
async function startPair(extra: Record<string, string> = {}) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const provider = await startOidcProvider({ redirectUri: `${base}/auth/callback`, accounts: accounts() });
  const server = await startServer({
    PORT: String(port),
    ...oidcServerEnv(provider, base, 'helpdesk-it:it:1,helpdesk-hr:hr:2'),
    ...extra,
  });
  return { provider, server };
}

async function withStore<T>(dataDir: string, use: (store: ReturnType<typeof createSqliteStore>) => Promise<T>): Promise<T> {
  const store = createSqliteStore({ file: join(dataDir, 'sportello.db') });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

describe('WEB_AUTH=oidc over HTTP', () => {
  let provider: TestProvider;
  let s: RunningServer;
  let mario: SignedIn;
  const say = (who: SignedIn, text: string, body: Record<string, unknown> = {}) => post(s.base, '/web/api/messages', { ...body, text }, who.headers);

  beforeAll(async () => {
    ({ provider, server: s } = await startPair());
    // Bruno is an agent added by hand (the CLI's way): no sign-in may touch him.
    await withStore(s.dataDir, (store) => store.saveAgent({ platform: 'web', userId: 'bruno', name: 'Bruno', departments: ['hr'], tier: 1, role: 'agent' }));
    mario = await signIn(s.base, 'mario');
  }, 30_000);
  afterAll(async () => {
    await s?.stop();
    await provider?.stop();
  });

  it('knows the signed-in person from the provider: id from sub, name and language from the claims', async () => {
    const me = await fetch(`${s.base}/web/api/me`, { headers: { cookie: mario.cookie } }).then((r) => r.json());
    expect(me).toEqual({ auth: 'oidc', person: { id: 'mario', name: 'Mario Rossi', locale: 'it' }, csrf: mario.csrf });
    const anonymous = await fetch(`${s.base}/web/api/me`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ auth: 'oidc', signIn: '/auth/login' });
    expect((await say(mario, 'ticket list')).body.replies[0].text).toBe('Non hai ticket.');
  });

  it("refuses the review's attack: an anonymous POST naming an agent gets 401 and changes nothing", async () => {
    const opened = await say(mario, 'ticket new --no-faq la VPN non si collega, la mia password è Estate2024!');
    const code = opened.body.replies[0].ticket.code;
    const mallory = { id: 'anna', name: 'Mallory' };
    const claim = await post(s.base, '/web/api/messages', { user: mallory, text: `ticket claim ${code}` });
    expect(claim.status).toBe(401);
    expect(claim.body.error).toContain('not signed in');
    expect((await post(s.base, '/web/api/actions', { user: mallory, actionId: `claim:${code}` })).status).toBe(401);
    expect((await post(s.base, '/web/api/messages', { user: mallory, text: 'ticket queue' })).status).toBe(401);
    expect((await post(s.base, '/web/api/messages', { user: mallory, text: `ticket note ${code} fake` }, { origin: s.base })).status).toBe(401);
    const status = await say(mario, `ticket status ${code}`);
    expect(status.body.replies[0].ticket).toMatchObject({ code, status: 'open' });
    expect(status.body.replies[0].ticket.assignee).toBeUndefined();
  });

  it("ignores the body's user once someone is signed in", async () => {
    const anna = { id: 'anna', name: 'Anna', locale: 'en' };
    const queue = await say(mario, 'ticket queue', { user: anna });
    expect(queue.status).toBe(200);
    expect(queue.body.replies[0].text).toBe('Solo gli operatori dell\'help desk possono usare "queue".');
    const opened = await say(mario, 'ticket new --no-faq il mouse non funziona', { user: anna });
    const code = opened.body.replies[0].ticket.code;
    expect((await say(mario, 'ticket list')).body.replies[1].ticket.code).toBe(code);
  });

  it("streams only the signed-in person's own messages: ?user= names nobody", async () => {
    await expect(openStreamAt(s.base, '/web/api/stream?user=mario')).rejects.toThrow('stream answered 401');
    const anna = await signIn(s.base, 'anna');
    const marioStream = await openStreamAt(s.base, '/web/api/stream', { cookie: mario.cookie });
    const annaAsMario = await openStreamAt(s.base, '/web/api/stream?user=mario', { cookie: anna.cookie });
    try {
      const code = (await say(mario, 'ticket new --no-faq la stampante è inceppata')).body.replies[0].ticket.code;
      // Anna is an IT agent: the new ticket's card is hers to see.
      expect((await annaAsMario.next()).ticket.code).toBe(code);
      await post(s.base, '/web/api/actions', { actionId: `claim:${code}` }, anna.headers);
      expect((await marioStream.next()).text).toContain(`Anna Bianchi sta lavorando al tuo ticket ${code}`);
      await expect(annaAsMario.next(500)).rejects.toThrow('no pushed message');
    } finally {
      marioStream.close();
      annaAsMario.close();
    }
  });

  it('refuses a foreign Host (421) and a foreign Origin (403), signed in or not', async () => {
    const body = JSON.stringify({ text: 'ticket list' });
    const json = { 'content-type': 'application/json', cookie: mario.cookie, 'x-csrf-token': mario.csrf };
    const rebound = { host: `rebind.attacker.example:${new URL(s.base).port}` };
    expect((await rawRequest(s.base, '/web/api/messages', { method: 'POST', headers: { ...json, ...rebound }, body })).status).toBe(421);
    expect((await rawRequest(s.base, '/', { headers: rebound })).status).toBe(421);
    expect((await rawRequest(s.base, '/web/api/stream', { headers: { ...rebound, cookie: mario.cookie } })).status).toBe(421);
    expect((await rawRequest(s.base, '/auth/login', { headers: rebound })).status).toBe(421);
    expect((await rawRequest(s.base, '/web/api/messages', { method: 'POST', headers: { ...json, origin: 'https://evil.example' }, body })).status).toBe(403);
    expect((await rawRequest(s.base, '/web/api/messages', { method: 'POST', headers: { ...json, origin: 'null' }, body })).status).toBe(403);
    expect((await rawRequest(s.base, '/web/api/messages', { method: 'POST', headers: { ...json, origin: s.base }, body })).status).toBe(200);
  });

  it("refuses a POST without the session's CSRF token (403), and stores nothing", async () => {
    const before = (await say(mario, 'ticket list')).body.replies[0].text;
    const text = 'ticket new --no-faq sent from another site';
    expect((await post(s.base, '/web/api/messages', { text }, { cookie: mario.cookie })).status).toBe(403);
    const wrong = await post(s.base, '/web/api/messages', { text }, { cookie: mario.cookie, 'x-csrf-token': 'guessed' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error).toContain('X-CSRF-Token');
    const dora = await signIn(s.base, 'dora');
    expect((await post(s.base, '/web/api/messages', { text }, { cookie: mario.cookie, 'x-csrf-token': dora.csrf })).status).toBe(403);
    expect((await post(s.base, '/web/api/actions', { actionId: 'claim:IT-1' }, { cookie: mario.cookie })).status).toBe(403);
    expect((await say(mario, 'ticket list')).body.replies[0].text).toBe(before);
  });

  it('refuses a session cookie that was edited or made up', async () => {
    const [name, value] = mario.cookie.split('=') as [string, string];
    const dot = value.lastIndexOf('.');
    const claims = JSON.parse(Buffer.from(value.slice(0, dot), 'base64url').toString());
    const edited = Buffer.from(JSON.stringify({ ...claims, id: 'anna' })).toString('base64url') + value.slice(dot);
    expect((await post(s.base, '/web/api/messages', { text: 'ticket queue' }, { cookie: `${name}=${edited}`, 'x-csrf-token': mario.csrf })).status).toBe(401);
    const madeUp = Buffer.from(JSON.stringify({ id: 'anna', name: 'A', csrf: 'c', exp: Date.now() + 1e6 })).toString('base64url') + '.c2lnbmF0dXJl';
    expect((await post(s.base, '/web/api/messages', { text: 'ticket queue' }, { cookie: `${name}=${madeUp}`, 'x-csrf-token': 'c' })).status).toBe(401);
  });

  it("grants and revokes agent rights from the provider's groups at each sign-in, and never touches an agent added by hand", async () => {
    const first = await signIn(s.base, 'anna');
    expect((await say(first, 'ticket queue')).body.replies[0].text).toMatch(/^Queue IT L1/);
    expect(await withStore(s.dataDir, (store) => store.getAgent('web', 'anna'))).toMatchObject({ departments: ['it'], tier: 1, role: 'agent', grantedBy: 'oidc-groups', name: 'Anna Bianchi' });

    // Bruno is in the IT group at the provider, yet his hand-made HR record stays as it is.
    const bruno = await signIn(s.base, 'bruno');
    expect((await say(bruno, 'ticket queue')).body.replies[0].text).toMatch(/^(Coda Risorse umane L1|La coda è vuota)/);
    const handMade = await withStore(s.dataDir, (store) => store.getAgent('web', 'bruno'));
    expect(handMade).toMatchObject({ departments: ['hr'], name: 'Bruno' });
    expect(handMade).not.toHaveProperty('grantedBy');

    // Removed from the group at the provider: the next sign-in takes the rights away, for every session of hers.
    provider.accounts.get('anna')!.groups = [];
    const second = await signIn(s.base, 'anna');
    expect((await say(second, 'ticket queue')).body.replies[0].text).toBe('Only help desk agents can use "queue".');
    expect((await say(first, 'ticket queue')).body.replies[0].text).toBe('Only help desk agents can use "queue".');
    expect(await withStore(s.dataDir, (store) => store.getAgent('web', 'anna'))).toBeNull();

    // Groups come back with more: departments add up, the highest tier wins.
    provider.accounts.get('anna')!.groups = ['helpdesk-it', 'helpdesk-hr'];
    await signIn(s.base, 'anna');
    expect(await withStore(s.dataDir, (store) => store.getAgent('web', 'anna'))).toMatchObject({ departments: ['hr', 'it'], tier: 2, grantedBy: 'oidc-groups' });

    provider.accounts.get('bruno')!.groups = [];
    await signIn(s.base, 'bruno');
    expect(await withStore(s.dataDir, (store) => store.getAgent('web', 'bruno'))).toMatchObject({ departments: ['hr'], tier: 1 });
  });

  it('signs out with the CSRF token, which clears the cookie', async () => {
    const dora = await signIn(s.base, 'dora');
    expect((await post(s.base, '/auth/logout', {}, { cookie: dora.cookie })).status).toBe(403);
    const out = await fetch(`${s.base}/auth/logout`, { method: 'POST', headers: { cookie: dora.cookie, 'x-csrf-token': dora.csrf } });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie()).toEqual([expect.stringMatching(/^sportello-session=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax$/)]);
  });

  it('refuses a callback that did not begin here, with a page in both languages', async () => {
    const stray = await fetch(`${s.base}/auth/callback?code=stolen&state=whatever`, { redirect: 'manual' });
    expect(stray.status).toBe(400);
    const page = await stray.text();
    expect(page).toContain("L'accesso è scaduto");
    expect(page).toContain('The sign-in took too long');
    // A real pending sign-in, but another state in the answer: the provider's answer is not believed.
    const login = await fetch(`${s.base}/auth/login`, { redirect: 'manual' });
    const pending = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const forged = await fetch(`${s.base}/auth/callback?code=stolen&state=forged`, { headers: { cookie: pending }, redirect: 'manual' });
    expect(forged.status).toBe(401);
    expect(await forged.text()).toContain('Sign-in failed.');
  });

  it("lists the tickets a person opened by e-mail once the provider vouches for their address, and an unchecked address links nothing", async () => {
    // Each wrote in by e-mail first, as the e-mail channel hands mail to the desk.
    const [marios, annas] = await withStore(s.dataDir, async (store) => {
      const desk = await createTestDesk(store, { defaultLocale: 'it' });
      const byMail = async (userId: string, name: string, text: string) =>
        (await desk.handle({ kind: 'message', channel: 'email', from: { platform: 'email', userId, name }, text: `ticket new --no-faq --dept it ${text}` }))[0]!.ticket!.code;
      return [await byMail('mario@example.com', 'Mario Rossi', 'la stampante non stampa'), await byMail('anna@example.com', 'Anna Bianchi', 'il badge non apre')];
    });
    const again = await signIn(s.base, 'mario');
    const codes = (who: SignedIn, text: string) => say(who, text).then((r) => (r.body.replies as { ticket?: { code: string } }[]).flatMap((x) => (x.ticket ? [x.ticket.code] : [])));
    expect(await codes(again, 'ticket list')).toContain(marios);
    expect(await codes(again, `ticket status ${marios}`)).toEqual([marios]);
    // Eve's provider let her type Anna's address without checking it: Anna's ticket stays out of her sight.
    const eve = await signIn(s.base, 'eve');
    expect(await codes(eve, 'ticket list')).toEqual([]);
    expect((await say(eve, `ticket status ${annas}`)).body.replies[0].text).toBe(`No ticket ${annas} found.`);
    expect(await withStore(s.dataDir, async (store) => [await store.addressOf('web', 'mario'), await store.addressOf('web', 'eve')])).toEqual(['mario@example.com', null]);
  });
});

describe('WEB_AUTH=oidc with OIDC_ID_CLAIM=email', () => {
  let provider: TestProvider;
  let s: RunningServer;
  beforeAll(async () => {
    ({ provider, server: s } = await startPair({ OIDC_ID_CLAIM: 'email' }));
  }, 30_000);
  afterAll(async () => {
    await s?.stop();
    await provider?.stop();
  });

  it('names people by that claim, and refuses an account without it or with an unverified address', async () => {
    const mario = await signIn(s.base, 'mario');
    expect((await fetch(`${s.base}/web/api/me`, { headers: { cookie: mario.cookie } }).then((r) => r.json())).person).toEqual({ id: 'mario@example.com', name: 'Mario Rossi', locale: 'it' });
    const bruno = await signInOver(s.base, 'bruno');
    expect(bruno.signedIn).toBeNull();
    expect(bruno.status).toBe(403);
    expect(bruno.text).toContain('Your account does not say who you are');
    const eve = await signInOver(s.base, 'eve');
    expect(eve.status).toBe(403);
  });
});

describe.runIf(chromiumPath)('WEB_AUTH=oidc in a browser', () => {
  let provider: TestProvider;
  let s: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    ({ provider, server: s } = await startPair());
    browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await s?.stop();
    await provider?.stop();
  });

  /** A fresh browser profile signs `login` in through the provider's own login and consent pages. */
  async function signInPage(login: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(s.base);
    await page.click('#signin');
    await passProviderPages(page, login);
    await page.waitForSelector('#send:not([hidden])');
    return page;
  }

  const send = async (page: Page, text: string) => {
    await page.fill('#text', text);
    await page.press('#text', 'Enter');
  };
  const lastReply = (page: Page) => page.locator('.msg.bot').last();

  it('signs people in through the provider and lets them chat, the stream and buttons included', async () => {
    const first = await (await browser.newContext()).newPage();
    await first.goto(s.base);
    // The page asks who is signed in before it draws the sign-in button: wait for that answer.
    await first.locator('#signin').waitFor({ state: 'visible' });
    expect(await first.isVisible('#uid')).toBe(false);

    const mario = await signInPage('mario');
    const anna = await signInPage('anna');
    expect(await mario.textContent('#who')).toBe('Mario Rossi (mario)');

    await send(mario, 'ticket new --no-faq il monitor non si accende');
    await expect.poll(() => lastReply(mario).textContent()).toMatch(/Ho aperto il ticket IT-\d+/);
    const code = /IT-\d+/.exec((await lastReply(mario).textContent())!)![0];

    const claim = anna.locator(`button[data-action="claim:${code}"]`);
    await claim.waitFor();
    await claim.click();
    await expect.poll(() => lastReply(anna).textContent()).toContain(`You claimed ${code}`);
    await expect.poll(() => lastReply(mario).textContent()).toContain(`Anna Bianchi sta lavorando al tuo ticket ${code}`);

    await mario.click('#signout');
    await mario.waitForSelector('#signin:not([hidden])');
  });
});

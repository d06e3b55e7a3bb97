// WEB_AUTH=jwt over real HTTP: the intranet signs a short-lived identity token
// and the embedded chat carries it. Only a token this server can check names a
// person; the body's user and the stream's ?user= never do.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, type JWTPayload } from 'jose';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import { freePort } from '../support/bot-process.js';
import { CHROMIUM_ARGS, chromiumPath, requireChromiumInCi } from '../support/chromium.js';
import { rawRequest } from '../support/raw-request.js';
import { openStreamAt, post, startServer, type RunningServer } from '../support/server.js';

requireChromiumInCi();

const SECRET = 'the-intranet-and-the-desk-share-this-secret';
const ISSUER = 'https://intranet.example.com';
const AUDIENCE = 'sportello';
const now = () => Math.floor(Date.now() / 1000);

/** What the intranet would sign for a person: valid for five minutes, unless a test says otherwise. */
function hs256(claims: JWTPayload, { secret = SECRET, ttl = 300 }: { secret?: string; ttl?: number | null } = {}) {
  const jwt = new SignJWT({ iss: ISSUER, aud: AUDIENCE, iat: now(), ...claims }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' });
  if (ttl !== null) jwt.setExpirationTime(now() + ttl);
  return jwt.sign(new TextEncoder().encode(secret));
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function startJwtServer(env: Record<string, string>, logs?: Record<string, any>[]) {
  const port = await freePort();
  return startServer({ PORT: String(port), WEB_AUTH: 'jwt', PUBLIC_URL: `http://127.0.0.1:${port}`, ...env }, {}, logs);
}

describe('WEB_AUTH=jwt with a shared secret (HS256)', () => {
  let s: RunningServer;
  let mario: string;
  let anna: string;
  beforeAll(async () => {
    s = await startJwtServer({ WEB_IDENTITY_SECRET: SECRET, WEB_IDENTITY_ISSUER: ISSUER, WEB_IDENTITY_AUDIENCE: AUDIENCE });
    mario = await hs256({ sub: 'mario', name: 'Mario Rossi', locale: 'it' });
    anna = await hs256({ sub: 'anna', name: 'Anna Bianchi' });
  });
  afterAll(() => s?.stop());

  const say = (token: string, text: string, extra: Record<string, unknown> = {}) => post(s.base, '/web/api/messages', { ...extra, text }, bearer(token));

  it("acts as the token's person, whatever the body's user says", async () => {
    const me = await fetch(`${s.base}/web/api/me`, { headers: bearer(mario) }).then((r) => r.json());
    expect(me).toEqual({ auth: 'jwt', person: { id: 'mario', name: 'Mario Rossi', locale: 'it' } });
    const opened = await say(mario, 'ticket new --no-faq il badge non apre la porta', { user: { id: 'anna', name: 'Anna' } });
    const code = opened.body.replies[0].ticket.code;
    expect((await say(mario, 'ticket list')).body.replies[1].ticket.code).toBe(code);
    expect((await say(anna, 'ticket list')).body.replies[0].text).toBe('You have no tickets.');
  });

  it('refuses with 401, and stores nothing for, a token that is expired, forged, for another audience or issuer, unsigned or endless', async () => {
    const claims = { sub: 'anna', name: 'Anna' };
    const header = { alg: 'none', typ: 'JWT' };
    const refused = {
      missing: undefined,
      expired: await hs256(claims, { ttl: -60 }),
      forged: await hs256(claims, { secret: 'not-the-secret-the-intranet-and-the-desk-share' }),
      'another audience': await hs256({ ...claims, aud: 'payroll' }),
      'another issuer': await hs256({ ...claims, iss: 'https://evil.example' }),
      'alg none': `${b64(header)}.${b64({ ...claims, iss: ISSUER, aud: AUDIENCE, exp: now() + 300 })}.`,
      'alg none, signature kept': `${b64(header)}.${b64({ ...claims, iss: ISSUER, aud: AUDIENCE, exp: now() + 300 })}.${mario.split('.')[2]}`,
      'payload swapped under a good signature': `${mario.split('.')[0]}.${b64({ ...claims, iss: ISSUER, aud: AUDIENCE, exp: now() + 300 })}.${mario.split('.')[2]}`,
      'no exp': await hs256(claims, { ttl: null }),
      'no sub': await hs256({ name: 'Nobody' }),
      garbage: 'not-a-token',
    };
    for (const [what, token] of Object.entries(refused)) {
      const res = await post(s.base, '/web/api/messages', { text: 'ticket new --no-faq I am Anna, let me in' }, token ? bearer(token) : {});
      expect(res.status, what).toBe(401);
      expect((await fetch(`${s.base}/web/api/me`, { headers: token ? bearer(token) : {} })).status, what).toBe(401);
      await expect(openStreamAt(s.base, `/web/api/stream${token ? `?token=${token}` : ''}`), what).rejects.toThrow('stream answered 401');
    }
    expect((await say(anna, 'ticket list')).body.replies[0].text).toBe('You have no tickets.');
  });

  it('refuses ?token= on a POST (it belongs on the stream alone), even beside a good header', async () => {
    const onlyQuery = await post(s.base, `/web/api/messages?token=${mario}`, { text: 'ticket new --no-faq token in the URL' });
    expect(onlyQuery.status).toBe(400);
    expect(onlyQuery.body.error).toBe('?token= is only accepted on the stream: send Authorization: Bearer <token>');
    expect((await post(s.base, `/web/api/actions?token=${mario}`, { actionId: 'claim:IT-1' }, bearer(mario))).status).toBe(400);
    expect((await say(mario, 'ticket list')).body.replies[0].text).not.toContain('token in the URL');
  });

  it("streams the token's person's messages only: by ?token= or by header, and ?user= changes nothing", async () => {
    const store = createSqliteStore({ file: join(s.dataDir, 'sportello.db') });
    await store.saveAgent({ platform: 'web', userId: 'anna', name: 'Anna Bianchi', departments: ['it'], tier: 1, role: 'agent' });
    await store.close();
    // The running bot sees a registry change within a quarter of a second.
    await expect.poll(async () => (await say(anna, 'ticket queue')).body.replies[0].text).not.toBe('Only help desk agents can use "queue".');
    const marioStream = await openStreamAt(s.base, `/web/api/stream?token=${mario}`);
    const annaAsMario = await openStreamAt(s.base, '/web/api/stream?user=mario', bearer(anna));
    try {
      const code = (await say(mario, 'ticket new --no-faq la stampante è inceppata')).body.replies[0].ticket.code;
      expect((await annaAsMario.next()).ticket.code).toBe(code);
      await post(s.base, '/web/api/actions', { actionId: `claim:${code}` }, bearer(anna));
      expect((await marioStream.next()).text).toContain(`Anna Bianchi sta lavorando al tuo ticket ${code}`);
      await expect(annaAsMario.next(500)).rejects.toThrow('no pushed message');
    } finally {
      marioStream.close();
      annaAsMario.close();
    }
  });

  it('refuses a foreign Host (421) and a foreign Origin (403)', async () => {
    const body = JSON.stringify({ text: 'ticket list' });
    const headers = { 'content-type': 'application/json', ...bearer(mario) };
    expect((await rawRequest(s.base, '/web/api/messages', { method: 'POST', headers: { ...headers, host: 'rebind.attacker.example' }, body })).status).toBe(421);
    expect((await rawRequest(s.base, `/web/api/stream?token=${mario}`, { headers: { host: `localhost:${new URL(s.base).port}` } })).status).toBe(421);
    expect((await rawRequest(s.base, '/web/api/messages', { method: 'POST', headers: { ...headers, origin: 'https://intranet.example.com' }, body })).status).toBe(403);
    expect((await rawRequest(s.base, '/web/api/messages', { method: 'POST', headers: { ...headers, origin: s.base }, body })).status).toBe(200);
  });
});

describe('WEB_AUTH=jwt with the intranet\'s published keys (RS256 / ES256)', () => {
  let jwks: Server;
  let s: RunningServer;
  let es: Awaited<ReturnType<typeof generateKeyPair>>;
  let rs: Awaited<ReturnType<typeof generateKeyPair>>;
  beforeAll(async () => {
    es = await generateKeyPair('ES256');
    rs = await generateKeyPair('RS256');
    const keys = [
      { ...(await exportJWK(es.publicKey)), kid: 'es-1', alg: 'ES256', use: 'sig' },
      { ...(await exportJWK(rs.publicKey)), kid: 'rs-1', alg: 'RS256', use: 'sig' },
    ];
    jwks = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys })));
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    s = await startJwtServer({ WEB_IDENTITY_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`, WEB_IDENTITY_AUDIENCE: AUDIENCE });
  });
  afterAll(async () => {
    await s?.stop();
    jwks?.close();
  });

  const signed = (alg: string, kid: string, key: CryptoKey | Uint8Array, claims: JWTPayload = {}) =>
    new SignJWT({ sub: 'giulia', name: 'Giulia', aud: AUDIENCE, ...claims }).setProtectedHeader({ alg, kid }).setExpirationTime('5m').sign(key);
  const me = (token: string) => fetch(`${s.base}/web/api/me`, { headers: bearer(token) });

  it('accepts tokens signed with the published keys, and refuses any other', async () => {
    expect((await (await me(await signed('ES256', 'es-1', es.privateKey))).json()).person).toEqual({ id: 'giulia', name: 'Giulia' });
    expect((await me(await signed('RS256', 'rs-1', rs.privateKey))).status).toBe(200);
    const stranger = await generateKeyPair('ES256');
    expect((await me(await signed('ES256', 'es-1', stranger.privateKey))).status).toBe(401);
    expect((await me(await signed('ES256', 'es-1', es.privateKey, { aud: 'payroll' }))).status).toBe(401);
    // An ES256 header naming the RSA key: no key of that kind, no entry.
    expect((await me(await signed('ES256', 'rs-1', es.privateKey))).status).toBe(401);
    // The public key is public: used as an HMAC secret it must not pass.
    const publicAsSecret = new TextEncoder().encode(JSON.stringify(await exportJWK(rs.publicKey)));
    expect((await me(await signed('HS256', 'rs-1', publicAsSecret))).status).toBe(401);
  });
});

describe('WEB_AUTH=jwt when the key set is out of reach', () => {
  it('refuses every token and says why in the log', async () => {
    const logs: Record<string, any>[] = [];
    const s = await startJwtServer({ WEB_IDENTITY_JWKS_URL: `http://127.0.0.1:${await freePort()}/jwks.json` }, logs);
    try {
      const { privateKey } = await generateKeyPair('ES256');
      const token = await new SignJWT({ sub: 'giulia' }).setProtectedHeader({ alg: 'ES256', kid: 'k' }).setExpirationTime('5m').sign(privateKey);
      expect((await fetch(`${s.base}/web/api/me`, { headers: bearer(token) })).status).toBe(401);
      expect(logs.map((l) => l.msg)).toContain('identity tokens cannot be checked: the key set (WEB_IDENTITY_JWKS_URL) is out of reach');
    } finally {
      await s.stop();
    }
  });
});

describe.runIf(chromiumPath)('WEB_AUTH=jwt in a browser', () => {
  let s: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    s = await startJwtServer({ WEB_IDENTITY_SECRET: SECRET });
    browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await s?.stop();
  });

  it('opens the chat from the link the intranet builds (#token=…), and keeps the token out of the address bar', async () => {
    const page = await browser.newPage();
    await page.goto(`${s.base}/#token=${await hs256({ sub: 'luca', name: 'Luca Gialli', locale: 'en' })}`);
    await page.waitForSelector('#send:not([hidden])');
    expect(await page.textContent('#who')).toBe('Luca Gialli (luca)');
    expect(page.url()).toBe(`${s.base}/`);
    await page.fill('#text', 'ticket new --no-faq my keyboard types twice');
    await page.press('#text', 'Enter');
    await expect.poll(() => page.locator('.msg.bot').last().textContent()).toMatch(/Ticket IT-\d+ opened/);
  });
});

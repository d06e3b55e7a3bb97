// The pure parts of web sign-in: Host/Origin checks, identity tokens, claims,
// groups and the signed cookie, each on its own with a fixed clock.
import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { agentFromGroups, groupsIn } from '../../adapters/channels/web/auth/agent-groups.js';
import { createRequestCheck } from '../../adapters/channels/web/auth/check-origin.js';
import { claimsAcceptable, createJwtIdentity } from '../../adapters/channels/web/auth/identity-from-jwt.js';
import { personFromClaims } from '../../adapters/channels/web/auth/person-from-claims.js';
import { cookieValue, createSignedCookie } from '../../adapters/channels/web/auth/session-cookie.js';
import { toActionEvent, toMessageEvent } from '../../adapters/channels/web/to-inbound-event.js';

describe('Host and Origin checks', () => {
  const publicSite = createRequestCheck({ publicUrl: 'https://help.example.com' });
  const onAPort = createRequestCheck({ publicUrl: 'http://127.0.0.1:3000' });
  const loopback = createRequestCheck('loopback');

  it.each([
    ['help.example.com', undefined, null],
    ['HELP.example.com:443', 'https://help.example.com', null],
    ['help.example.com:8443', undefined, 421],
    ['rebind.attacker.example', undefined, 421],
    [undefined, undefined, 421],
    ['help.example.com', 'http://help.example.com', 403],
    ['help.example.com', 'https://help.example.com.evil.example', 403],
    ['help.example.com', 'null', 403],
    ['help.example.com', 'not a url', 403],
  ])('PUBLIC_URL https://help.example.com: Host %s, Origin %s -> %s', (host, origin, status) => {
    expect(publicSite({ ...(host ? { host } : {}), ...(origin ? { origin } : {}) })?.status ?? null).toBe(status);
  });

  it('keeps a non-default port as part of the name', () => {
    expect(onAPort({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' })).toBeNull();
    expect(onAPort({ host: '127.0.0.1:3001' })?.status).toBe(421);
    expect(onAPort({ host: 'localhost:3000' })?.status).toBe(421);
  });

  it.each([
    ['localhost:3000', undefined, null],
    ['127.0.0.1', 'http://localhost:5173', null],
    ['[::1]:3000', 'http://[::1]:3000', null],
    ['localhost.attacker.example:3000', undefined, 421],
    ['127.0.0.1.nip.io:3000', undefined, 421],
    ['10.0.0.5:3000', undefined, 421],
    ['localhost:3000', 'http://evil.example', 403],
    ['localhost:3000', 'null', 403],
  ])('WEB_AUTH=none: Host %s, Origin %s -> %s', (host, origin, status) => {
    expect(loopback({ host, ...(origin ? { origin } : {}) })?.status ?? null).toBe(status);
  });
});

describe('identity tokens (HS256)', () => {
  const secret = 'the-intranet-and-the-desk-share-this-secret';
  const T = 1_800_000_000;
  const check = createJwtIdentity({ secret, issuer: 'intranet', audience: 'sportello', now: () => T * 1000 });
  const sign = (claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'HS256' }) =>
    new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(new TextEncoder().encode(secret));
  const good = { sub: 'mario', name: 'Mario', iss: 'intranet', aud: 'sportello', exp: T + 60 };

  it('names the person of a good token', async () => {
    expect(check(await sign({ ...good, locale: 'it-IT' }))).toEqual({ platform: 'web', userId: 'mario', name: 'Mario', locale: 'it' });
  });

  it('refuses another algorithm, a critical header, and anything not shaped like a token', async () => {
    expect(check(await sign(good, { alg: 'HS384' }))).toBeNull();
    // jose will not sign an extension it does not know: made by hand, with the right key.
    const byHand = (header: Record<string, unknown>) => {
      const head = Buffer.from(JSON.stringify(header)).toString('base64url');
      const body = Buffer.from(JSON.stringify(good)).toString('base64url');
      return `${head}.${body}.${createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url')}`;
    };
    expect(check(byHand({ alg: 'HS256' }))).not.toBeNull();
    expect(check(byHand({ alg: 'HS256', crit: ['x-must'], 'x-must': 1 }))).toBeNull();
    for (const bad of ['', '.', '..', 'a.b.c', 'x'.repeat(9000)]) expect(check(bad)).toBeNull();
  });

  it('allows five seconds of clock difference either way, no more', () => {
    const at = (claims: Record<string, unknown>) => claimsAcceptable({ sub: 's', ...claims }, {}, T);
    expect(at({ exp: T - 4 })).toBe(true);
    expect(at({ exp: T - 5 })).toBe(false);
    expect(at({ exp: T + 60, nbf: T + 5 })).toBe(true);
    expect(at({ exp: T + 60, nbf: T + 6 })).toBe(false);
    expect(at({ exp: String(T + 60) })).toBe(false);
    expect(at({})).toBe(false);
  });

  it('checks issuer and audience only when configured, an audience list included', () => {
    const claims = { sub: 's', exp: T + 60, aud: ['crm', 'sportello'], iss: 'intranet' };
    expect(claimsAcceptable(claims, { audience: 'sportello', issuer: 'intranet' }, T)).toBe(true);
    expect(claimsAcceptable(claims, { audience: 'payroll' }, T)).toBe(false);
    expect(claimsAcceptable(claims, { issuer: 'elsewhere' }, T)).toBe(false);
    expect(claimsAcceptable({ sub: 's', exp: T + 60 }, {}, T)).toBe(true);
  });
});

describe('claims to a person', () => {
  it('takes the id from the configured claim, and the best name there is', () => {
    expect(personFromClaims({ sub: 'u1', given_name: 'Anna', family_name: 'Bianchi', locale: 'en-GB' })).toEqual({ platform: 'web', userId: 'u1', name: 'Anna Bianchi', locale: 'en' });
    expect(personFromClaims({ sub: 'u1', email: 'a@example.com' }, 'email')).toEqual({ platform: 'web', userId: 'a@example.com', name: 'a@example.com', email: 'a@example.com' });
    expect(personFromClaims({ sub: 'u1', preferred_username: 'anna', locale: 'fr' })).toEqual({ platform: 'web', userId: 'u1', name: 'anna' });
  });

  it('carries the address the provider checked (or did not say it had not), never one it says it has not', () => {
    expect(personFromClaims({ sub: 'u1', name: 'Anna', email: 'anna@example.com', email_verified: true })).toMatchObject({ email: 'anna@example.com' });
    expect(personFromClaims({ sub: 'u1', name: 'Anna', email: 'anna@example.com' })).toMatchObject({ email: 'anna@example.com' });
    expect(personFromClaims({ sub: 'u1', name: 'Eve', email: 'anna@example.com', email_verified: false })).not.toHaveProperty('email');
  });

  it('names nobody when the claim is missing, empty, not text, too long, or only inherited', () => {
    expect(personFromClaims({ name: 'x' })).toBeNull();
    expect(personFromClaims({ sub: '  ' })).toBeNull();
    expect(personFromClaims({ sub: 42 })).toBeNull();
    expect(personFromClaims({ sub: 'x'.repeat(256) })).toBeNull();
    expect(personFromClaims({ sub: 's' }, 'constructor')).toBeNull();
    expect(personFromClaims({ sub: 's' }, '__proto__')).toBeNull();
  });
});

describe('agent groups', () => {
  const mapping = [
    { group: 'helpdesk-it', department: 'it', tier: 1 as const },
    { group: 'helpdesk-hr', department: 'hr', tier: 2 as const },
    { group: 'it-experts', department: 'it', tier: 3 as const },
  ];

  it('adds up departments and keeps the highest tier', () => {
    expect(agentFromGroups(['helpdesk-it', 'helpdesk-hr', 'staff'], mapping)).toEqual({ departments: ['hr', 'it'], tier: 2 });
    expect(agentFromGroups(['helpdesk-it', 'it-experts'], mapping)).toEqual({ departments: ['it'], tier: 3 });
    expect(agentFromGroups(['staff'], mapping)).toBeNull();
  });

  it('reads the groups claim as providers send it', () => {
    expect(groupsIn({ groups: ['a', 7, 'b'] })).toEqual(['a', 'b']);
    expect(groupsIn({ groups: 'a' })).toEqual(['a']);
    expect(groupsIn({})).toEqual([]);
    expect(groupsIn({}, 'constructor')).toEqual([]);
  });
});

describe('the signed cookie', () => {
  let now = 1_000_000;
  const opts = { name: 'sportello-session', secure: false, maxAgeS: 60 };
  const session = createSignedCookie<{ id: string }>('a-session-secret-of-at-least-32-characters', 'session', opts, () => now);
  const pending = createSignedCookie<{ id: string }>('a-session-secret-of-at-least-32-characters', 'sign-in', opts, () => now);
  const cookieOf = (setCookie: string) => ({ cookie: `other=1; ${setCookie.split(';')[0]}` });

  it('reads back what it set, until it expires', () => {
    const header = session.set({ id: 'mario' });
    expect(header).toMatch(/^sportello-session=[^;]+; Max-Age=60; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(session.read(cookieOf(header))).toMatchObject({ id: 'mario' });
    now += 61_000;
    expect(session.read(cookieOf(header))).toBeNull();
  });

  it('never takes one kind for another, nor an edited value', () => {
    const header = pending.set({ id: 'mario' });
    expect(session.read(cookieOf(header))).toBeNull();
    const value = header.split(';')[0]!.split('=')[1]!;
    expect(session.read({ cookie: `sportello-session=${value.replace(/^./, (c) => (c === 'e' ? 'f' : 'e'))}` })).toBeNull();
  });

  it('is __Host- and Secure over https', () => {
    const secure = createSignedCookie('a-session-secret-of-at-least-32-characters', 'session', { ...opts, secure: true });
    expect(secure.set({})).toMatch(/^__Host-sportello-session=.*; Secure$/);
  });

  it('finds a cookie by its exact name only', () => {
    expect(cookieValue('xsportello-session=1; sportello-session=2', 'sportello-session')).toBe('2');
    expect(cookieValue('__proto__=1', 'constructor')).toBeUndefined();
    expect(cookieValue(undefined, 'a')).toBeUndefined();
  });
});

describe('web bodies with a verified person', () => {
  const anna = { platform: 'web', userId: 'anna', name: 'Anna' };

  it("ignores the body's user, even a malformed one", () => {
    const r = toMessageEvent({ user: { id: 'mario', name: 'Mario' }, text: 'ticket list' }, anna);
    expect(r.ok && r.event.from).toEqual(anna);
    expect(toMessageEvent({ user: 42, text: 'hi' }, anna).ok).toBe(true);
    const a = toActionEvent({ user: { id: 'mario' }, actionId: 'claim:IT-1' }, anna);
    expect(a.ok && a.event.from).toEqual(anna);
  });

  it('still requires the rest of the body', () => {
    expect(toMessageEvent({}, anna)).toEqual({ ok: false, error: 'text is required' });
    expect(toMessageEvent({ text: 'hi' })).toEqual({ ok: false, error: 'user is required' });
  });
});

// WEB_AUTH=jwt: the company's intranet signs a short-lived identity token for
// the embedded chat; this checks it. HS256 (a shared WEB_IDENTITY_SECRET) is
// checked in-process and synchronously, since it runs on every request and
// WebCrypto's thread hop alone can cost a millisecond on a busy box; RS256/ES256
// keys come from WEB_IDENTITY_JWKS_URL through jose, and a token checked that
// way is remembered until it expires.
import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import type { Logger, Participant } from '../../../../src/index.js';
import { personFromClaims } from './person-from-claims.js';

export interface JwtIdentityOptions {
  /** HS256 key, at least 32 characters. */
  secret?: string | undefined;
  /** Where the RS256/ES256 public keys are published. */
  jwksUrl?: string | undefined;
  /** When set, a token must carry exactly this `iss`. */
  issuer?: string | undefined;
  /** When set, a token's `aud` must be or include this. */
  audience?: string | undefined;
  now?: () => number;
  /** Told when the key set cannot be fetched (every token is refused meanwhile), at most once a minute. */
  logger?: Pick<Logger, 'warn'>;
}

export type TokenCheck = (token: string) => Participant | null | Promise<Participant | null>;

/** Clocks on two servers differ a little; a token is not refused for that. */
const SKEW_S = 5;
const REMEMBERED = 10_000;
const ASYMMETRIC = ['RS256', 'ES256'];
const WARN_EVERY_MS = 60_000;

/** A failure to get the keys, as opposed to a token that does not pass: worth an operator's attention. */
function keysUnavailable(err: unknown): boolean {
  if (!(err instanceof errors.JOSEError)) return true;
  return err.code === 'ERR_JWKS_TIMEOUT' || err.code === 'ERR_JOSE_GENERIC' || err.code === 'ERR_JWKS_INVALID';
}

/** The registered claims every token must satisfy, whoever signed it. */
export function claimsAcceptable(p: JWTPayload, opts: Pick<JwtIdentityOptions, 'issuer' | 'audience'>, nowS: number): boolean {
  if (typeof p.exp !== 'number' || nowS - SKEW_S >= p.exp) return false;
  if (p.nbf !== undefined && (typeof p.nbf !== 'number' || nowS + SKEW_S < p.nbf)) return false;
  if (p.iat !== undefined && typeof p.iat !== 'number') return false;
  if (typeof p.sub !== 'string') return false;
  if (opts.issuer !== undefined && p.iss !== opts.issuer) return false;
  if (opts.audience !== undefined) {
    const aud = p.aud;
    if (!(aud === opts.audience || (Array.isArray(aud) && aud.includes(opts.audience)))) return false;
  }
  return true;
}

function hs256(secret: string, opts: JwtIdentityOptions, now: () => number): TokenCheck {
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  return (token) => {
    const lastDot = token.lastIndexOf('.');
    if (lastDot < 0 || token.length > 8192) return null;
    let payload: JWTPayload;
    try {
      // Only HS256: `none`, and a public key passed off as an HMAC secret, never get this far.
      const header = decodeProtectedHeader(token);
      if (header.alg !== 'HS256' || header.crit !== undefined) return null;
      payload = decodeJwt(token);
    } catch {
      return null;
    }
    const given = Buffer.from(token.slice(lastDot + 1), 'base64url');
    const expected = createHmac('sha256', key).update(token.slice(0, lastDot)).digest();
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    if (!claimsAcceptable(payload, opts, Math.floor(now() / 1000))) return null;
    return personFromClaims(payload);
  };
}

function jwks(url: string, opts: JwtIdentityOptions, now: () => number): TokenCheck {
  const keys = createRemoteJWKSet(new URL(url));
  const checked = new Map<string, { person: Participant; exp: number }>();
  let warnedAt = -Infinity;
  return async (token) => {
    const nowS = Math.floor(now() / 1000);
    const known = checked.get(token);
    if (known) return nowS - SKEW_S < known.exp ? known.person : (checked.delete(token), null);
    if (token.length > 8192) return null;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, { algorithms: ASYMMETRIC, clockTolerance: SKEW_S, currentDate: new Date(now()) }));
    } catch (err) {
      if (keysUnavailable(err) && now() - warnedAt > WARN_EVERY_MS) {
        warnedAt = now();
        opts.logger?.warn({ err, url }, 'identity tokens cannot be checked: the key set (WEB_IDENTITY_JWKS_URL) is out of reach');
      }
      return null;
    }
    if (!claimsAcceptable(payload, opts, nowS)) return null;
    const person = personFromClaims(payload);
    if (!person) return null;
    if (checked.size >= REMEMBERED) checked.delete(checked.keys().next().value!);
    checked.set(token, { person, exp: payload.exp! });
    return person;
  };
}

export function createJwtIdentity(opts: JwtIdentityOptions): TokenCheck {
  const now = opts.now ?? Date.now;
  if (opts.secret) return hs256(opts.secret, opts, now);
  if (opts.jwksUrl) return jwks(opts.jwksUrl, opts, now);
  throw new Error('an identity token needs WEB_IDENTITY_SECRET or WEB_IDENTITY_JWKS_URL to be checked');
}

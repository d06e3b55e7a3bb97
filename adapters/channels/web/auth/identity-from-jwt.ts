// WEB_AUTH=jwt: the company's intranet signs a short-lived identity token for
// the embedded chat; this checks it on every request. jose reads the token and
// keeps the intranet's key set (fetched once, refetched for an unknown key id);
// the signature itself is checked with node:crypto, synchronously, because
// WebCrypto's hop to the thread pool alone costs milliseconds at p99 on a busy
// box. HS256 uses WEB_IDENTITY_SECRET; RS256 and ES256 the key set. A token
// checked against the key set is remembered until it expires.
import { KeyObject, createHmac, createSecretKey, timingSafeEqual, verify } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, type JWSHeaderParameters, type JWTPayload } from 'jose';
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
const MAX_TOKEN = 8192;
const REMEMBERED = 10_000;
const WARN_EVERY_MS = 60_000;

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

interface Decoded {
  header: JWSHeaderParameters;
  payload: JWTPayload;
  signed: string;
  signature: Buffer;
}

/** The token's parts, if it is a compact JWS with one of `algs` and no extension it would have us understand. */
function decode(token: string, algs: readonly string[]): Decoded | null {
  const lastDot = token.lastIndexOf('.');
  if (lastDot < 0 || token.length > MAX_TOKEN) return null;
  try {
    const header = decodeProtectedHeader(token);
    if (typeof header.alg !== 'string' || !algs.includes(header.alg) || header.crit !== undefined) return null;
    return { header, payload: decodeJwt(token), signed: token.slice(0, lastDot), signature: Buffer.from(token.slice(lastDot + 1), 'base64url') };
  } catch {
    return null;
  }
}

function hs256(secret: string, opts: JwtIdentityOptions, now: () => number): TokenCheck {
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  return (token) => {
    // Only HS256: `none`, and a public key passed off as an HMAC secret, never get further.
    const t = decode(token, ['HS256']);
    if (!t) return null;
    const expected = createHmac('sha256', key).update(t.signed).digest();
    if (t.signature.length !== expected.length || !timingSafeEqual(t.signature, expected)) return null;
    return claimsAcceptable(t.payload, opts, Math.floor(now() / 1000)) ? personFromClaims(t.payload) : null;
  };
}

/** RS256 needs an RSA key, ES256 a P-256 one: a key of another kind never verifies, whatever the header says. */
function signatureValid(t: Decoded, key: KeyObject): boolean {
  if (t.header.alg === 'RS256') return key.asymmetricKeyType === 'rsa' && verify('sha256', Buffer.from(t.signed), key, t.signature);
  return (
    key.asymmetricKeyType === 'ec' &&
    key.asymmetricKeyDetails?.namedCurve === 'prime256v1' &&
    t.signature.length === 64 &&
    verify('sha256', Buffer.from(t.signed), { key, dsaEncoding: 'ieee-p1363' }, t.signature)
  );
}

/** A failure to get the keys, as opposed to a token that does not pass: worth an operator's attention. */
function keysUnavailable(err: unknown): boolean {
  if (!(err instanceof errors.JOSEError)) return true;
  return err.code === 'ERR_JWKS_TIMEOUT' || err.code === 'ERR_JOSE_GENERIC' || err.code === 'ERR_JWKS_INVALID';
}

function keySet(url: string, opts: JwtIdentityOptions, now: () => number): TokenCheck {
  const keys = createRemoteJWKSet(new URL(url));
  const asKeyObject = new WeakMap<CryptoKey, KeyObject>();
  const checked = new Map<string, { person: Participant; exp: number }>();
  let warnedAt = -Infinity;
  return async (token) => {
    const nowS = Math.floor(now() / 1000);
    const known = checked.get(token);
    if (known) return nowS - SKEW_S < known.exp ? known.person : (checked.delete(token), null);
    const t = decode(token, ['RS256', 'ES256']);
    // The claims first: an expired token costs no key lookup and no signature check.
    if (!t || !claimsAcceptable(t.payload, opts, nowS)) return null;
    let key: KeyObject;
    try {
      const found = await keys(t.header);
      key = asKeyObject.get(found) ?? KeyObject.from(found);
      asKeyObject.set(found, key);
    } catch (err) {
      if (keysUnavailable(err) && now() - warnedAt > WARN_EVERY_MS) {
        warnedAt = now();
        opts.logger?.warn({ err, url }, 'identity tokens cannot be checked: the key set (WEB_IDENTITY_JWKS_URL) is out of reach');
      }
      return null;
    }
    if (!signatureValid(t, key)) return null;
    const person = personFromClaims(t.payload);
    if (!person) return null;
    if (checked.size >= REMEMBERED) checked.delete(checked.keys().next().value!);
    checked.set(token, { person, exp: t.payload.exp! });
    return person;
  };
}

export function createJwtIdentity(opts: JwtIdentityOptions): TokenCheck {
  const now = opts.now ?? Date.now;
  if (opts.secret) return hs256(opts.secret, opts, now);
  if (opts.jwksUrl) return keySet(opts.jwksUrl, opts, now);
  throw new Error('an identity token needs WEB_IDENTITY_SECRET or WEB_IDENTITY_JWKS_URL to be checked');
}

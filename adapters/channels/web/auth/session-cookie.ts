// Signed cookies for the sign-in: the session itself, and the few minutes
// between "Sign in" and the provider's answer (PKCE verifier, state, nonce).
// The value is readable by its owner but cannot be changed or made up without
// SESSION_SECRET; each kind has its own key, so one never passes for the other.
import { hkdfSync, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Signer } from '@fastify/cookie';

export interface CookieOptions {
  name: string;
  /** Secure (and the __Host- prefix) when the chat is served over https. */
  secure: boolean;
  maxAgeS: number;
}

export interface SignedCookie<T> {
  readonly name: string;
  /** The Set-Cookie header that stores `data` until maxAgeS from now. */
  set(data: T): string;
  /** The Set-Cookie header that removes it. */
  clear(): string;
  /** What the request's cookie holds, if it is ours, intact and not expired. */
  read(headers: IncomingHttpHeaders): T | null;
}

/** A random value for CSRF tokens and the like. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** One cookie's value from the Cookie header; names are compared exactly, never looked up on an object. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function createSignedCookie<T extends object>(secret: string, kind: string, opts: CookieOptions, now: () => number = Date.now): SignedCookie<T> {
  const key = Buffer.from(hkdfSync('sha256', secret, 'sportello', `web ${kind} cookie`, 32));
  const signer = new Signer(key);
  // __Host-: the browser keeps it to this exact host, path / and https, whatever a sibling subdomain sets.
  const name = opts.secure ? `__Host-${opts.name}` : opts.name;
  const attributes = `Path=/; HttpOnly; SameSite=Lax${opts.secure ? '; Secure' : ''}`;
  return {
    name,
    set(data) {
      const body = Buffer.from(JSON.stringify({ ...data, exp: now() + opts.maxAgeS * 1000 })).toString('base64url');
      // The signer's base64 may hold + and /, both fine in a cookie value; = padding it drops.
      return `${name}=${signer.sign(body)}; Max-Age=${Math.round(opts.maxAgeS)}; ${attributes}`;
    },
    clear() {
      return `${name}=; Max-Age=0; ${attributes}`;
    },
    read(headers) {
      const raw = cookieValue(headers.cookie, name);
      if (!raw || raw.length > 4096) return null;
      const checked = signer.unsign(raw);
      if (!checked.valid) return null;
      try {
        const data = JSON.parse(Buffer.from(checked.value, 'base64url').toString('utf8')) as unknown;
        if (!data || typeof data !== 'object' || typeof (data as { exp?: unknown }).exp !== 'number') return null;
        return (data as { exp: number }).exp > now() ? (data as T) : null;
      } catch {
        return null;
      }
    },
  };
}

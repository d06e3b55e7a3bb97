// Host and Origin checks for the web chat's routes. A page on another site may
// point its own name at 127.0.0.1 (DNS rebinding) or post from its own origin;
// neither names this server, so both are refused before anything else runs. Pure.
import type { IncomingHttpHeaders } from 'node:http';
import type { Refusal } from './web-auth.js';

/** `loopback`: the server answers to localhost, 127.0.0.1 and [::1] on any port (WEB_AUTH=none). */
export type Audience = { publicUrl: string } | 'loopback';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

const wrongHost: Refusal = { status: 421, error: 'this server does not answer to that Host' };
const wrongOrigin: Refusal = { status: 403, error: 'requests from another site are refused (Origin)' };

/** `Host` without a default port, lower case: `Example.com:443` on https is `example.com`. */
function canonicalHost(host: string, scheme: 'http:' | 'https:'): string {
  const h = host.trim().toLowerCase();
  const defaultPort = scheme === 'https:' ? ':443' : ':80';
  return h.endsWith(defaultPort) ? h.slice(0, -defaultPort.length) : h;
}

/** The name part of a Host header: `[::1]:3000` -> `[::1]`, `localhost:3000` -> `localhost`. */
function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.indexOf(':');
  return colon >= 0 ? h.slice(0, colon) : h;
}

function originOf(raw: string): URL | null {
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}

export function createRequestCheck(audience: Audience): (headers: IncomingHttpHeaders) => Refusal | null {
  if (audience === 'loopback') {
    return (headers) => {
      if (!headers.host || !LOOPBACK_NAMES.has(hostName(headers.host))) return wrongHost;
      const origin = headers.origin;
      if (origin === undefined) return null;
      const u = originOf(origin);
      return u && LOOPBACK_NAMES.has(u.hostname) ? null : wrongOrigin;
    };
  }
  const expected = new URL(audience.publicUrl);
  const scheme = expected.protocol as 'http:' | 'https:';
  return (headers) => {
    if (!headers.host || canonicalHost(headers.host, scheme) !== expected.host) return wrongHost;
    const origin = headers.origin;
    if (origin === undefined) return null;
    // "null" (sandboxed frames, some redirects) names no site, so it cannot be ours.
    return originOf(origin)?.origin === expected.origin ? null : wrongOrigin;
  };
}

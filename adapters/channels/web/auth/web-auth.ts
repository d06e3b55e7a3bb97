// How the web chat learns who is speaking. The adapter stays the same in every
// mode; app/compose.ts picks one of these from WEB_AUTH.
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance, onRequestAsyncHookHandler } from 'fastify';
import type { Participant } from '../../../../src/index.js';

/** The parts of a request the checks read: a FastifyRequest is one. */
export interface WebRequest {
  method: string;
  headers: IncomingHttpHeaders;
  query: unknown;
}

export interface Refusal {
  status: 400 | 401 | 403 | 421;
  error: string;
}

/** `csrf`: what a cookie session must send back in X-CSRF-Token on every POST. */
export type Verdict = { ok: true; person: Participant; csrf?: string } | ({ ok: false } & Refusal);

/** `stream`: the Server-Sent-Events stream, the one place a token may ride in the query (EventSource sends no headers). */
export type Where = 'api' | 'stream';

export interface WebAuth {
  readonly mode: 'none' | 'jwt' | 'oidc';
  /** Refuses a request addressed to another site (a foreign Host: DNS rebinding) or sent from one (Origin). */
  check(req: WebRequest): Refusal | null;
  /** The person a verifier vouches for. Absent in `none` mode, where the body names them (loopback only). */
  identify?(req: WebRequest, where: Where): Verdict | Promise<Verdict>;
  /** Extra routes the mode needs (sign-in), behind the same check. */
  routes?(app: FastifyInstance, guard: onRequestAsyncHookHandler): void;
}

export const UNAUTHENTICATED: Verdict = { ok: false, status: 401, error: 'not signed in' };

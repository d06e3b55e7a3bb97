// When a delivery step failed, whether and how long to wait before trying it
// again. A platform that is down or rate limiting us (5xx, 429, the network)
// gets the step again for a while, the wait doubling up to a cap with jitter
// so instances do not knock in step, and a 429's Retry-After obeyed; anything
// else (a refused request) is tried only a few times, as it will not heal.
//
// What each SDK does before we see an error, so retries do not multiply:
// - Slack's WebClient (retryConfig in the adapter: 2 quick tries) waits out a
//   429's Retry-After itself and then gives up with "retry-after: N" in the
//   message; a 5xx comes at once as an HTTP error with its status and headers.
// - botbuilder's pipeline retries 5xx and network errors three times; our
//   withRetry waits out 429s; then a RestError with statusCode and response headers.
// - discord.js REST retries 5xx three times and waits out 429s itself; then an
//   HTTPError/DiscordAPIError with `status`, or a RateLimitError with `retryAfter` in ms.

export interface RetryPolicy {
  /** Tries of a step that failed for a reason that will not pass (and at least this many of any step). */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long a step failing because the platform is away or busy keeps being tried. */
  retryForMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 500, maxDelayMs: 30_000, retryForMs: 300_000 };

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  status?: unknown;
  statusCode?: unknown;
  retryAfter?: unknown;
  message?: unknown;
  headers?: unknown;
  response?: { headers?: unknown; status?: unknown };
  original?: unknown;
  cause?: unknown;
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'slack_webapi_request_error', 'slack_webapi_rate_limited_error']);

function statusOf(e: ErrorLike): number | null {
  for (const s of [e.statusCode, e.status, e.response?.status]) if (typeof s === 'number') return s;
  return null;
}

function header(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const h = headers as { get?: (n: string) => unknown } & Record<string, unknown>;
  const v = typeof h.get === 'function' ? h.get(name) : Object.hasOwn(h, name) ? h[name] : undefined;
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** Seconds or an HTTP date, as Retry-After may say. */
function parseRetryAfter(raw: string | undefined, now: number): number | null {
  if (raw === undefined || raw.trim() === '') return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : null;
  const at = Date.parse(raw);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

/** The wait the platform asked for, in ms, when the error carries one. */
export function retryAfterMs(err: unknown, now = Date.now()): number | null {
  for (let e = err as ErrorLike | undefined, depth = 0; e && typeof e === 'object' && depth < 3; e = (e.original ?? e.cause) as ErrorLike | undefined, depth++) {
    if (typeof e.retryAfter === 'number' && e.retryAfter >= 0) return e.code === 'slack_webapi_rate_limited_error' ? e.retryAfter * 1000 : e.retryAfter;
    const fromHeaders = parseRetryAfter(header(e.headers, 'retry-after') ?? header(e.response?.headers, 'retry-after'), now);
    if (fromHeaders !== null) return fromHeaders;
    const inMessage = typeof e.message === 'string' ? /retry-after: (\d+)/.exec(e.message) : null;
    if (inMessage) return Number(inMessage[1]) * 1000;
  }
  return null;
}

/** The platform is away or busy (it may well work in a minute), as opposed to refusing this request. */
export function isTransient(err: unknown): boolean {
  for (let e = err as ErrorLike | undefined, depth = 0; e && typeof e === 'object' && depth < 3; e = (e.original ?? e.cause) as ErrorLike | undefined, depth++) {
    const status = statusOf(e);
    if (status !== null) return status === 429 || status === 408 || status >= 500;
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
    if (e.name === 'RateLimitError' || e.name === 'TimeoutError' || e.name === 'AbortError') return true;
  }
  return false;
}

/**
 * The wait before try `attempt + 1`, or null to give up: `failingForMs` is how
 * long the step has been failing. Retry-After is obeyed as asked (not shortened),
 * unless it reaches past the retry window, when the step gives up now.
 */
export function nextWait(policy: RetryPolicy, err: unknown, attempt: number, failingForMs: number, random = Math.random): number | null {
  const transient = isTransient(err);
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(attempt - 1, 30));
  // Half fixed, half random: spread out, yet never much shorter than the doubling intends.
  const jittered = Math.round(backoff / 2 + (random() * backoff) / 2);
  const asked = retryAfterMs(err);
  if (!transient) return attempt < policy.attempts ? jittered : null;
  const wait = asked ?? jittered;
  if (failingForMs + wait <= policy.retryForMs) return wait;
  // A short window still gets its few tries, but a wait asked past it is not sat out.
  return attempt < policy.attempts && asked === null ? wait : null;
}

/** Answers sent in the turn, outside the outbox: a platform's bad minute is waited out; a refusal is not tried again. */
export const IN_TURN_RETRY: RetryPolicy = { attempts: 1, baseDelayMs: 500, maxDelayMs: 15_000, retryForMs: 120_000 };

/** Runs `send` until it works, or `nextWait` says to give up (then its last error is thrown). */
export async function sendPatiently<T>(send: () => Promise<T>, onRetry: (err: unknown, waitMs: number) => void, policy: RetryPolicy = IN_TURN_RETRY): Promise<T> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      const wait = nextWait(policy, err, attempt, Date.now() - started);
      if (wait === null) throw err;
      onRetry(err, wait);
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

// The Bot Framework connector answers 429 when a bot sends too fast. botbuilder's
// HTTP pipeline already retries 5xx and network errors (three times), and the
// change relay retries whole deliveries, so this only waits out rate limits,
// honouring Retry-After.
import type { Logger } from '../../../src/index.js';

interface HttpFailure {
  statusCode?: number;
  response?: { headers?: { get?(name: string): string | undefined } };
}

function retryAfterMs(err: HttpFailure): number | null {
  const raw = err.response?.headers?.get?.('retry-after');
  const seconds = raw === undefined ? NaN : Number(raw);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}

const MAX_WAIT_MS = 30_000;

export async function withRetry<T>(policy: { attempts: number; baseDelayMs: number }, logger: Logger, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const status = (err as HttpFailure).statusCode;
      if (status !== 429 || attempt >= policy.attempts) throw err;
      const wait = Math.min(MAX_WAIT_MS, retryAfterMs(err as HttpFailure) ?? policy.baseDelayMs * 2 ** (attempt - 1));
      logger.warn({ component: 'teams', status, attempt, wait }, 'connector refused a send; retrying');
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

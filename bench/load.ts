// Closed-loop HTTP load: N virtual users, each sending its next request as soon
// as the previous answer arrives, over keep-alive connections.
import { Agent, request } from 'node:http';

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, idx)]!;
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

function once(agent: Agent, url: URL, body: string, extra: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...extra } },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve(Number(process.hrtime.bigint() - start) / 1e6) : reject(new Error(`HTTP ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export interface LoadOptions {
  users: number;
  perUser: number;
  body: (user: number, i: number) => string;
  /** Extra headers computed from the body (a request signature) or the user (their identity token). */
  headers?: (body: string, user: number) => Record<string, string>;
  /** Keep-alive connections shared across rounds, as a platform's own sender keeps them. */
  agent?: Agent;
}

/** Raw latencies (ms) of one closed-loop round; `summarise` turns rounds into a result. */
export function closedLoopRound(target: string, opts: LoadOptions): Promise<{ latencies: number[]; errors: number; seconds: number }> {
  return closedLoop(target, opts, (i) => i < opts.perUser);
}

/**
 * Like `closedLoopRound`, but for a fixed time rather than a fixed count: every
 * user keeps sending until `seconds` have passed. `body(user, i)` gets the
 * user's own request number, so a caller can script each user's sequence.
 */
export function closedLoopFor(
  target: string,
  opts: Omit<LoadOptions, 'perUser'> & { seconds: number },
): Promise<{ latencies: number[]; errors: number; seconds: number }> {
  const deadline = process.hrtime.bigint() + BigInt(Math.round(opts.seconds * 1e9));
  return closedLoop(target, opts, () => process.hrtime.bigint() < deadline);
}

/** Each user sends, waits for the answer, and sends again while `goOn(its request number)`. */
async function closedLoop(
  target: string,
  opts: Omit<LoadOptions, 'perUser'>,
  goOn: (i: number) => boolean,
): Promise<{ latencies: number[]; errors: number; seconds: number }> {
  const agent = opts.agent ?? new Agent({ keepAlive: true, maxSockets: opts.users });
  const url = new URL(target);
  const latencies: number[] = [];
  let errors = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: opts.users }, async (_, user) => {
      for (let i = 0; goOn(i); i++) {
        try {
          const body = opts.body(user, i);
          latencies.push(await once(agent, url, body, opts.headers?.(body, user)));
        } catch {
          errors++;
        }
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (!opts.agent) agent.destroy();
  return { latencies, errors, seconds };
}

export function summarise(rounds: readonly { latencies: number[]; errors: number; seconds: number }[]): LoadResult {
  const latencies = rounds.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const seconds = rounds.reduce((sum, r) => sum + r.seconds, 0);
  return {
    requests: latencies.length,
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
    seconds: round(seconds),
    rps: round(latencies.length / seconds, 0),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
  };
}

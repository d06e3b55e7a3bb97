// The soak's load balancer: round robin over the instances; a refused connection
// (an instance that is down) is tried on the next one, as a real balancer does,
// and counted. Any other failure is the caller's to count: the request may have
// reached the instance.
import type { Instance } from './cluster.js';

export interface Answer {
  status: number;
  body: string;
}

export interface Balancer {
  send(path: string, init: { method?: string; headers?: Record<string, string>; body?: string }, timeoutMs?: number): Promise<Answer>;
  refusals: number;
}

const refused = (err: unknown) => {
  const cause = (err as { cause?: { code?: string } }).cause;
  return cause?.code === 'ECONNREFUSED';
};

export function createBalancer(instances: readonly Instance[]): Balancer {
  let next = 0;
  const lb: Balancer = {
    refusals: 0,
    async send(path, init, timeoutMs = 15_000) {
      let lastError: unknown = null;
      for (let tries = 0; tries < instances.length; tries++) {
        const target = instances[next++ % instances.length]!;
        try {
          const res = await fetch(target.base + path, { method: init.method ?? 'POST', headers: init.headers, body: init.body, signal: AbortSignal.timeout(timeoutMs) });
          return { status: res.status, body: await res.text() };
        } catch (err) {
          if (!refused(err)) throw err;
          lb.refusals++;
          lastError = err;
        }
      }
      throw lastError;
    },
  };
  return lb;
}

// The soak's load balancer: round robin over the instances; a refused connection
// (an instance that is down) is tried on the next one, as a real balancer does,
// and counted, and that instance is left out for a few seconds (a passive health
// check, like nginx's max_fails/fail_timeout). Any other failure is the caller's
// to count: the request may have reached the instance.
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

const LEFT_OUT_MS = 3_000;

export function createBalancer(instances: readonly Instance[]): Balancer {
  let next = 0;
  const leftOutUntil = new Map<Instance, number>();
  /** The next instance not left out; when all are, the next one anyway (a balancer with no healthy target tries them all). */
  const pick = () => {
    for (let k = 0; k < instances.length; k++) {
      const target = instances[next++ % instances.length]!;
      if ((leftOutUntil.get(target) ?? 0) <= Date.now()) return target;
    }
    return instances[next++ % instances.length]!;
  };
  const lb: Balancer = {
    refusals: 0,
    async send(path, init, timeoutMs = 15_000) {
      let lastError: unknown = null;
      for (let tries = 0; tries < instances.length; tries++) {
        const target = pick();
        try {
          const res = await fetch(target.base + path, { method: init.method ?? 'POST', headers: init.headers, body: init.body, signal: AbortSignal.timeout(timeoutMs) });
          return { status: res.status, body: await res.text() };
        } catch (err) {
          if (!refused(err)) throw err;
          lb.refusals++;
          leftOutUntil.set(target, Date.now() + LEFT_OUT_MS);
          lastError = err;
        }
      }
      throw lastError;
    },
  };
  return lb;
}

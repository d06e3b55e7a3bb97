// Faults on a schedule relative to the run's length: the store goes away and
// comes back, an instance is killed with SIGKILL and restarted, a platform
// answers 5xx/429 for a while. Each fault is logged with its times for the report.
import type { Cluster } from './cluster.js';
import type { Store } from './cluster.js';
import type { StandIns } from './stand-ins.js';

export interface FaultRecord {
  fault: string;
  atS: number;
  forS: number;
  /** What went wrong injecting or ending it (a restart that never got ready): the run goes on. */
  error?: string;
}

interface Fault {
  /** When it starts and how long it lasts, as shares of the run. */
  at: number;
  length: number;
  name: string;
  begin(): Promise<void>;
  end(): Promise<void>;
}

export function scheduleFaults(cluster: Cluster, store: Store, standIns: StandIns, beforeStoreStops: () => Promise<void>, log: (m: string) => void) {
  const victim = cluster.instances[0]!;
  const plan: Fault[] = [
    { at: 0.15, length: 0.1, name: 'store stopped', begin: async () => (await beforeStoreStops(), await store.pause()), end: () => store.resume() },
    { at: 0.35, length: 0.05, name: `${victim.id} killed (SIGKILL), then restarted`, begin: () => cluster.kill(victim), end: () => cluster.start(victim) },
    { at: 0.5, length: 0.1, name: 'Teams answers 503', begin: async () => standIns.breakPlatform('teams', 503), end: async () => standIns.mend('teams') },
    { at: 0.65, length: 0.1, name: 'Slack answers 429', begin: async () => standIns.breakPlatform('slack', 429), end: async () => standIns.mend('slack') },
    { at: 0.75, length: 0.05, name: 'Discord answers 500 to new messages', begin: async () => standIns.breakPlatform('discord', 500), end: async () => standIns.mend('discord') },
  ];
  const done: FaultRecord[] = [];
  let cancelled = false;

  return {
    done,
    cancel: () => void (cancelled = true),
    /** Runs the plan over `seconds` from `t0`; resolves once every fault has ended. */
    async run(t0: number, seconds: number): Promise<void> {
      await Promise.all(
        plan.map(async (f) => {
          const startAt = t0 + f.at * seconds * 1000;
          await new Promise((r) => setTimeout(r, Math.max(0, startAt - Date.now())));
          if (cancelled) return;
          const began = Date.now();
          let error: string | undefined;
          log(`fault: ${f.name}`);
          try {
            await f.begin();
            await new Promise((r) => setTimeout(r, Math.max(0, began + f.length * seconds * 1000 - Date.now())));
            await f.end();
            log(`fault over: ${f.name}`);
          } catch (err) {
            error = (err as Error).message;
            log(`fault ${f.name} went wrong: ${error}`);
          }
          done.push({ fault: f.name, atS: Math.round((began - t0) / 100) / 10, forS: Math.round((Date.now() - began) / 100) / 10, ...(error ? { error } : {}) });
        }),
      );
    },
  };
}

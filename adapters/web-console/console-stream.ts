// Open console streams (Server-Sent Events) and the notices pushed to them: a
// ticket's code and version, to the agents allowed to see it, and nothing else;
// the page fetches what changed through its own signed-in request.
import type { ServerResponse } from 'node:http';
import type { Agent } from '../../src/index.js';
import { worksOn } from '../../src/index.js';

export interface ConsoleStreams {
  readonly size: number;
  /** Too many open already: the error for the 429, or null. */
  refusal(agent: Agent): string | null;
  open(agent: Agent, res: ServerResponse): () => void;
  /** Tells every stream whose agent works on the department; returns how many were told. */
  notify(notice: { code: string; version: number }, department: string): number;
  closeAll(): void;
}

const HEARTBEAT_MS = 25_000;
const PER_AGENT = 10;
const TOTAL = 1_000;

export function createConsoleStreams(): ConsoleStreams {
  const streams = new Set<{ agent: Agent; res: ServerResponse }>();
  const heartbeat = setInterval(() => {
    for (const s of streams) s.res.write(': ping\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();
  const key = (a: Agent) => `${a.platform}:${a.userId}`;

  return {
    get size() {
      return streams.size;
    },
    refusal(agent) {
      if (streams.size >= TOTAL) return 'the server has as many console streams open as it takes: try again later';
      const mine = [...streams].filter((s) => key(s.agent) === key(agent)).length;
      return mine >= PER_AGENT ? `too many open console tabs (${PER_AGENT} at most): close one first` : null;
    },
    open(agent, res) {
      const s = { agent, res };
      streams.add(s);
      return () => void streams.delete(s);
    },
    notify(notice, department) {
      const frame = `data: ${JSON.stringify(notice)}\n\n`;
      let told = 0;
      for (const s of streams) {
        if (s.res.destroyed || s.res.writableEnded || !worksOn(s.agent, department)) continue;
        s.res.write(frame);
        told++;
      }
      return told;
    },
    closeAll() {
      clearInterval(heartbeat);
      for (const s of streams) s.res.end();
      streams.clear();
    },
  };
}

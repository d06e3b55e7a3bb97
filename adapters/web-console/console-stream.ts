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
  /**
   * `recheck` says who the stream's session belongs to now (null: signed out, expired, no longer an
   * agent); asked at every heartbeat, so a stream does not outlive its rights.
   */
  open(agent: Agent, res: ServerResponse, recheck?: () => Promise<Agent | null>): () => void;
  /** Tells every stream whose agent works on the department; returns how many were told. */
  notify(notice: { code: string; version: number }, department: string): number;
  closeAll(): void;
}

const HEARTBEAT_MS = 25_000;
const PER_AGENT = 10;
const TOTAL = 1_000;

interface Stream {
  agent: Agent;
  res: ServerResponse;
  recheck?: (() => Promise<Agent | null>) | undefined;
}

export function createConsoleStreams(heartbeatMs = HEARTBEAT_MS): ConsoleStreams {
  const streams = new Set<Stream>();
  async function renew(s: Stream): Promise<void> {
    const now = s.recheck ? await s.recheck().catch(() => s.agent) : s.agent;
    if (!now) {
      streams.delete(s);
      s.res.end();
      return;
    }
    // Departments and tier as they are now: a move or a demotion narrows what the stream is told.
    s.agent = now;
    s.res.write(': ping\n\n');
  }
  const heartbeat = setInterval(() => {
    for (const s of streams) void renew(s);
  }, heartbeatMs);
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
    open(agent, res, recheck) {
      const s: Stream = { agent, res, recheck };
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

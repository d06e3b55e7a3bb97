// Open Server-Sent-Event streams per web chat user; a user may have several tabs.
// Messages for a user with no open stream wait (a few, in memory) for the next one.
import type { ServerResponse } from 'node:http';
import type { WebReply } from './render-reply.js';

export interface StreamHub {
  add(userId: string, res: ServerResponse): () => void;
  push(userId: string, reply: WebReply): number;
  closeAll(): void;
}

const HEARTBEAT_MS = 25_000;
const BACKLOG = 50;

function frame(reply: WebReply): string {
  return `data: ${JSON.stringify(reply)}\n\n`;
}

export function createStreamHub(): StreamHub {
  const streams = new Map<string, Set<ServerResponse>>();
  const waiting = new Map<string, WebReply[]>();
  const heartbeat = setInterval(() => {
    for (const set of streams.values()) for (const res of set) res.write(': ping\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    add(userId, res) {
      const set = streams.get(userId) ?? new Set();
      set.add(res);
      streams.set(userId, set);
      for (const reply of waiting.get(userId) ?? []) res.write(frame(reply));
      waiting.delete(userId);
      return () => {
        set.delete(res);
        if (set.size === 0) streams.delete(userId);
      };
    },
    push(userId, reply) {
      const set = streams.get(userId);
      if (!set) {
        const queue = [...(waiting.get(userId) ?? []), reply].slice(-BACKLOG);
        waiting.set(userId, queue);
        return 0;
      }
      for (const res of set) res.write(frame(reply));
      return set.size;
    },
    closeAll() {
      clearInterval(heartbeat);
      for (const set of streams.values()) for (const res of set) res.end();
      streams.clear();
    },
  };
}

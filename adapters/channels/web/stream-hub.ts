// Open Server-Sent-Event streams per web chat user; a user may have several tabs,
// up to a limit per person and in all. A message for a user with no open stream
// is held in the store (InboxStore): a restart loses none, memory does not grow
// with them, and the user's next stream gets them first, in order, then the
// live ones.
import type { ServerResponse } from 'node:http';
import { HELD_PER_PERSON, type InboxStore, type Logger, type Reply } from '../../../src/index.js';
import { renderReply } from './render-reply.js';

export interface StreamLimits {
  /** Streams one user may keep open at once (0: no limit). */
  perPerson: number;
  /** Streams open at once in all (0: no limit). */
  total: number;
}

export interface StreamHubOptions {
  inbox: InboxStore;
  limits: StreamLimits;
  logger: Logger;
  now?: () => number;
}

export interface StreamHub {
  /** Why one more stream for this user would be refused now (an error for the 429), or null. */
  refusal(userId: string): string | null;
  /** Counts the stream from now on and sends it the user's held messages, then live ones; returns its removal. */
  open(userId: string, res: ServerResponse): () => void;
  /** Writes to every open stream of the user; with none, the store holds the message. */
  /** `hold: false`: only to streams open now; with none open the message is not kept for later. */
  deliver(userId: string, reply: Reply, options?: { hold?: boolean }): Promise<void>;
  closeAll(): void;
}

interface Stream {
  res: ServerResponse;
  /** Live messages that came while the held ones were still being read: written right after them. Null once caught up. */
  backlog: Reply[] | null;
}

const HEARTBEAT_MS = 25_000;

function frame(reply: Reply): string {
  return `data: ${JSON.stringify(renderReply(reply))}\n\n`;
}

const web = (userId: string) => ({ platform: 'web', userId });

/** True once the chunk was handed to the connection; false when the connection went first. */
function writeConfirmed(res: ServerResponse, chunk: string): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return Promise.resolve(false);
  return new Promise((resolve) => {
    const gone = () => resolve(false);
    res.once('close', gone);
    res.write(chunk, (err) => {
      res.off('close', gone);
      resolve(!err);
    });
  });
}

export function createStreamHub({ inbox, limits, logger, now = Date.now }: StreamHubOptions): StreamHub {
  const streams = new Map<string, Set<Stream>>();
  let open = 0;
  /** Holds under way per user, so a stream opening meanwhile reads the store after them. */
  const holding = new Map<string, Promise<void>>();
  const heartbeat = setInterval(() => {
    for (const set of streams.values()) for (const s of set) s.res.write(': ping\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  function hold(userId: string, reply: Reply): Promise<void> {
    const done = (holding.get(userId) ?? Promise.resolve()).then(() => inbox.hold(web(userId), reply, now()));
    const settled = done.catch(() => undefined);
    holding.set(userId, settled);
    void settled.then(() => {
      if (holding.get(userId) === settled) holding.delete(userId);
    });
    return done;
  }

  /** Held messages first; released from the store only once written. */
  async function catchUp(userId: string, stream: Stream): Promise<void> {
    try {
      await holding.get(userId);
      const held = await inbox.heldFor(web(userId), HELD_PER_PERSON);
      if (held.length > 0 && (await writeConfirmed(stream.res, held.map((m) => frame(m.reply)).join('')))) {
        await inbox.releaseHeld(web(userId), held.map((m) => m.id));
      }
    } catch (err) {
      logger.warn({ err, user: userId }, 'could not hand over held web messages; they wait for the next connection');
    } finally {
      const backlog = stream.backlog ?? [];
      stream.backlog = null;
      if (backlog.length > 0 && !stream.res.destroyed) stream.res.write(backlog.map(frame).join(''));
    }
  }

  return {
    refusal(userId) {
      const mine = streams.get(userId)?.size ?? 0;
      if (limits.perPerson > 0 && mine >= limits.perPerson) {
        return `too many open streams for this user (${limits.perPerson} at most): close another tab or window first`;
      }
      if (limits.total > 0 && open >= limits.total) return `the server has as many open streams as it takes (${limits.total}): try again later`;
      return null;
    },

    open(userId, res) {
      const stream: Stream = { res, backlog: [] };
      const set = streams.get(userId) ?? new Set();
      set.add(stream);
      streams.set(userId, set);
      open++;
      void catchUp(userId, stream);
      let removed = false;
      return () => {
        if (removed) return;
        removed = true;
        open--;
        set.delete(stream);
        if (set.size === 0 && streams.get(userId) === set) streams.delete(userId);
      };
    },

    async deliver(userId, reply, { hold: keep = true } = {}) {
      // A stream whose connection just went may not have been removed yet: it counts as none.
      const live = [...(streams.get(userId) ?? [])].filter((s) => !s.res.destroyed && !s.res.writableEnded);
      if (live.length === 0) return keep ? hold(userId, reply) : undefined;
      for (const s of live) {
        // Past a full backlog (the store is slow to answer), order gives way: the message goes now rather than waiting in memory.
        if (s.backlog && s.backlog.length < HELD_PER_PERSON) s.backlog.push(reply);
        else s.res.write(frame(reply));
      }
    },

    closeAll() {
      clearInterval(heartbeat);
      for (const set of streams.values()) for (const s of set) s.res.end();
      streams.clear();
    },
  };
}

// Open Server-Sent-Event streams per web chat user; a user may have several tabs,
// up to a limit per person and in all. A message for a user with no open stream
// is held in the store (InboxStore): a restart loses none, memory does not grow
// with them, and the user's next stream gets them first, in order, then the
// live ones.
//
// Several instances on one store: every message goes through the live feed and
// reaches the user's streams on every instance, this one's included, in the
// feed's one order; one held (no stream here) is released by whichever instance
// wrote it to a stream. Each message has an id (a held one its held id), and a
// stream remembers the last ids it wrote: a message reaching it both as held
// and through the feed, or both from here and through the feed, is written once.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { HELD_PER_PERSON, type InboxStore, type Logger, type Reply } from '../../../src/index.js';
import type { LiveFeed } from '../live-feed.js';
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
  /** The feed shared with other instances on the store; without it, only this instance's streams are reached. */
  feed?: Pick<LiveFeed, 'publish' | 'subscribe' | 'reading'>;
}

/** The feed's kind for web chat messages. */
export const WEB_MESSAGE = 'web.message';

/** A web chat message on the feed: `held` when the publisher held it (its id is then the held id). */
interface FeedMessage {
  user: string;
  id: string;
  held: boolean;
  reply: Reply;
}

function feedMessage(payload: unknown): FeedMessage | null {
  if (!payload || typeof payload !== 'object') return null;
  const { user, id, held, reply } = payload as Record<string, unknown>;
  if (typeof user !== 'string' || typeof id !== 'string' || typeof held !== 'boolean' || !reply || typeof reply !== 'object') return null;
  return { user, id, held, reply: reply as Reply };
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

/** A message for a stream; `held`: still held in the store, released once written. */
interface Item {
  id: string;
  reply: Reply;
  held?: boolean;
}

interface Stream {
  res: ServerResponse;
  /** Live messages that came while the held ones were still being read: written right after them. Null once caught up. */
  backlog: Item[] | null;
  /** Ids of the messages written lately, oldest first. */
  sent: Set<string>;
}

const HEARTBEAT_MS = 25_000;
/** Ids a stream remembers: more than a catch-up hands over, so a message held and published at once is recognised. */
const SENT_REMEMBERED = 2 * HELD_PER_PERSON;

function remember(stream: Stream, id: string): void {
  stream.sent.add(id);
  if (stream.sent.size > SENT_REMEMBERED) stream.sent.delete(stream.sent.values().next().value!);
}

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

export function createStreamHub({ inbox, limits, logger, now = Date.now, feed }: StreamHubOptions): StreamHub {
  const streams = new Map<string, Set<Stream>>();
  let open = 0;
  /** Holds under way per user, so a stream opening meanwhile reads the store after them. */
  const holding = new Map<string, Promise<unknown>>();
  const heartbeat = setInterval(() => {
    for (const set of streams.values()) for (const s of set) s.res.write(': ping\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  function hold(userId: string, reply: Reply): Promise<string> {
    const done = (holding.get(userId) ?? Promise.resolve()).then(() => inbox.hold(web(userId), reply, now()));
    const settled = done.catch(() => undefined);
    holding.set(userId, settled);
    void settled.then(() => {
      if (holding.get(userId) === settled) holding.delete(userId);
    });
    return done;
  }

  /** A stream whose connection just went may not have been removed yet: it counts as none. */
  function liveStreams(userId: string): Stream[] {
    return [...(streams.get(userId) ?? [])].filter((s) => !s.res.destroyed && !s.res.writableEnded);
  }

  /** Written from the store once it is on the connection; another instance's stream may have done it already (ignored). */
  function release(userId: string, ids: string[]): void {
    if (ids.length === 0) return;
    inbox.releaseHeld(web(userId), ids).catch((err: unknown) => logger.warn({ err, user: userId }, 'could not release held web messages written to a stream; the next connection gets them again'));
  }

  /**
   * Writes a message the stream does not have yet; while it catches up, queues it (past a full
   * backlog the message goes now rather than waiting in memory: order gives way). Returns the
   * write's confirmation when `confirm` asks for it and the message was written now.
   */
  function offer(stream: Stream, item: Item, confirm = false): Promise<boolean> | null {
    if (stream.sent.has(item.id)) return null;
    if (stream.backlog && stream.backlog.length < HELD_PER_PERSON) {
      stream.backlog.push(item);
      return null;
    }
    remember(stream, item.id);
    if (confirm) return writeConfirmed(stream.res, frame(item.reply));
    stream.res.write(frame(item.reply));
    return null;
  }

  /** Writes the items the stream does not have yet at once; those still held are released once written. */
  async function writeNew(userId: string, stream: Stream, items: Item[]): Promise<void> {
    const fresh = items.filter((i) => !stream.sent.has(i.id));
    for (const i of fresh) remember(stream, i.id);
    if (fresh.length === 0 || !(await writeConfirmed(stream.res, fresh.map((i) => frame(i.reply)).join('')))) return;
    release(userId, fresh.filter((i) => i.held).map((i) => i.id));
  }

  /** Held messages first; released from the store only once written. */
  async function catchUp(userId: string, stream: Stream): Promise<void> {
    try {
      await holding.get(userId);
      const held = await inbox.heldFor(web(userId), HELD_PER_PERSON);
      await writeNew(userId, stream, held.map((m) => ({ id: m.id, reply: m.reply, held: true })));
    } catch (err) {
      logger.warn({ err, user: userId }, 'could not hand over held web messages; they wait for the next connection');
    } finally {
      const backlog = stream.backlog ?? [];
      stream.backlog = null;
      if (!stream.res.destroyed) await writeNew(userId, stream, backlog);
    }
  }

  /** True once on the feed. A failure is not the push's: held, the message waits in the store; else it goes to this instance's streams alone. */
  async function publish(message: FeedMessage): Promise<boolean> {
    if (!feed) return false;
    try {
      await feed.publish(WEB_MESSAGE, message);
      return true;
    } catch (err) {
      logger.warn({ err, user: message.user }, 'could not publish a web message on the live feed: only streams open here get it now (a held one waits for the next connection)');
      return false;
    }
  }

  /** A message read from the feed (any instance's): to this instance's streams for the user, then released if it was held. */
  function fromFeed(payload: unknown): void {
    const message = feedMessage(payload);
    if (!message) return;
    const item: Item = { id: message.id, reply: message.reply, held: message.held };
    const written = liveStreams(message.user).flatMap((s) => offer(s, item, message.held) ?? []);
    if (written.length > 0) void Promise.all(written).then((ok) => ok.some(Boolean) && release(message.user, [message.id]));
  }
  const unsubscribe = feed?.subscribe(WEB_MESSAGE, fromFeed);

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
      const stream: Stream = { res, backlog: [], sent: new Set() };
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
      if (liveStreams(userId).length === 0 && keep) {
        await publish({ user: userId, id: await hold(userId, reply), held: true, reply });
        return;
      }
      // Not held: it reaches the pages open now, here or elsewhere, or nobody; a secret, only those here (the feed is in the store).
      const id = randomUUID();
      const published = !reply.secret && (await publish({ user: userId, id, held: false, reply }));
      // The feed brings it back to the streams here; while it is not being read, they get it now (and once: by its id).
      if (!published || !feed?.reading()) for (const s of liveStreams(userId)) offer(s, { id, reply });
    },

    closeAll() {
      clearInterval(heartbeat);
      unsubscribe?.();
      for (const set of streams.values()) for (const s of set) s.res.end();
      streams.clear();
    },
  };
}

// The live feed's reader: what one instance publishes, every other instance on
// the same store reads by sequence and hands to its subscribers (the web chat's
// streams, the console's). It polls; where the store can say an entry came
// (MongoDB change streams) that only wakes it sooner, and it still reads by
// sequence. An instance's own entries reach its subscribers the same way, read
// back in the feed's order (a publish wakes the reader at once): so every tab on
// every instance sees messages in one order, whichever instance sent them.
import { randomUUID } from 'node:crypto';
import type { LiveFeedEntry, LiveFeedStore, Logger } from '../../src/index.js';

export interface LiveFeedOptions {
  store: LiveFeedStore;
  logger: Logger;
  /** How often the store is read (LIVE_FEED_POLL_MS). */
  pollMs: number;
  /** Entries older than this are dropped (every minute, by whichever reader gets there). */
  keepMs?: number;
  now?: () => number;
}

export type FeedHandler = (payload: unknown) => void | Promise<void>;

export interface LiveFeed {
  /** Appends an entry for every instance, this one included; rejects when the store does. */
  publish(kind: string, payload: unknown): Promise<void>;
  /** Calls `handler` for each entry of `kind`, in the feed's order; returns the unsubscribe. */
  subscribe(kind: string, handler: FeedHandler): () => void;
  /**
   * False before start, after stop and while the store cannot be read: a publisher then also
   * passes its entry on to its own connections itself (a subscriber tells a repeat by the entry's id).
   */
  reading(): boolean;
  /** Starts at the newest entry (nothing older is replayed) and reads from then on. */
  start(): Promise<void>;
  /** Stops reading; waits for the read under way. */
  stop(): Promise<void>;
}

const PAGE = 500;
const PRUNE_EVERY_MS = 60_000;
const DEFAULT_KEEP_MS = 5 * 60_000;

export function createLiveFeed({ store, logger, pollMs, keepMs = DEFAULT_KEEP_MS, now = Date.now }: LiveFeedOptions): LiveFeed {
  const origin = randomUUID();
  const handlers = new Map<string, Set<FeedHandler>>();
  /** The last sequence handed on; null until the store first answered where the feed stands. */
  let cursor: number | null = null;
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | null = null;
  let again = false;
  let outage = false;
  let lastPrune = now();
  let unwatch: (() => void) | undefined;

  async function dispatch(entry: LiveFeedEntry): Promise<void> {
    for (const handler of handlers.get(entry.kind) ?? []) {
      try {
        await handler(entry.payload);
      } catch (err) {
        logger.warn({ err, kind: entry.kind, seq: entry.seq, mine: entry.origin === origin }, 'a live feed entry could not be passed on');
      }
    }
  }

  async function readOnce(): Promise<void> {
    cursor ??= await store.lastFeedSeq();
    for (;;) {
      const entries = await store.feedAfter(cursor, PAGE);
      for (const entry of entries) {
        await dispatch(entry);
        cursor = entry.seq;
      }
      if (entries.length < PAGE) break;
    }
    if (now() - lastPrune >= PRUNE_EVERY_MS) {
      lastPrune = now();
      await store.forgetFeedBefore(now() - keepMs);
    }
  }

  /** One read at a time; a wake during a read asks for one more right after it. */
  function read(): Promise<void> {
    if (current) {
      again = true;
      return current;
    }
    current = (async () => {
      do {
        again = false;
        try {
          await readOnce();
          if (outage) logger.info({}, 'the live feed is read again: people connected here hear what other instances do');
          outage = false;
        } catch (err) {
          // Once per outage, not once per poll.
          if (!outage) logger.warn({ err }, 'cannot read the live feed: people connected here miss what other instances do (it is tried again)');
          outage = true;
          again = false;
        }
      } while (again && running);
    })().finally(() => {
      current = null;
    });
    return current;
  }

  function schedule(): void {
    if (!running) return;
    timer = setTimeout(() => void read().then(schedule), pollMs);
    timer.unref();
  }

  function watch(): void {
    if (!store.watchFeed) return;
    unwatch = store.watchFeed(
      () => {
        if (running) void read();
      },
      (err) => {
        unwatch = undefined;
        logger.info({ err: (err as Error)?.message ?? String(err), pollMs }, 'no change stream on this store: the live feed is polled');
      },
    );
  }

  return {
    async publish(kind, payload) {
      await store.appendFeed({ kind, origin, payload, at: now() });
      // This instance's own connections need not wait for the next poll.
      if (running) void read();
    },

    reading: () => running && cursor !== null && !outage,

    subscribe(kind, handler) {
      const set = handlers.get(kind) ?? new Set();
      set.add(handler);
      handlers.set(kind, set);
      return () => void set.delete(handler);
    },

    async start() {
      if (running) return;
      running = true;
      await read();
      watch();
      schedule();
    },

    async stop() {
      running = false;
      clearTimeout(timer);
      unwatch?.();
      unwatch = undefined;
      await current;
    },
  };
}

// The desk's entry point when the store may be away. An event that cannot be
// handled now (the store does not answer) is kept in the local spool and the
// person is told so at once, within any platform's deadline; once the store is
// back the spool is handled oldest first, each event once, and its answers go
// to the person through their platform. While anything is still kept, newer
// events queue behind it, so a person's messages are handled in the order sent.
import type { Logger } from 'pino';
import { translate as t, type InboundEvent, type Locale, type Participant, type Reply } from '../src/index.js';
import type { LocalSpool } from '../adapters/spool/local-spool.js';
import type { StoreHealth } from './store-health.js';

export interface StoreAwayGuardOptions {
  handle: (event: InboundEvent) => Promise<Reply[]>;
  spool: LocalSpool;
  health: StoreHealth;
  /** Answers to someone whose request is long gone: through their platform. */
  deliver: (to: Participant, replies: Reply[]) => Promise<void>;
  /** Names replayed events, so a replay interrupted by a crash is not handled twice. */
  instanceId: string;
  defaultLocale: Locale;
  logger: Logger;
  /** How long a request waits for the desk while the store looks away before it is kept instead. */
  deadlineMs?: number;
  /** Tries of a kept event against a store that is up before the person is asked to send it again. */
  maxTries?: number;
  now?: () => number;
}

export interface StoreAwayGuard {
  handle(event: InboundEvent): Promise<Reply[]>;
  /** Handles what an earlier run kept, and watches for the store's return. */
  start(): void;
  /** Lets the event under way finish; the rest stays kept for the next start. */
  stop(): Promise<void>;
  /** Events kept now. */
  kept(): number;
}

const TIMED_OUT = Symbol('timed out');
/** Tries of a kept message's answer: about a minute of a platform answering 5xx or 429. */
const DELIVERY_TRIES = 7;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

export function createStoreAwayGuard(opts: StoreAwayGuardOptions): StoreAwayGuard {
  const { spool, health, logger } = opts;
  const deadlineMs = opts.deadlineMs ?? 1_500;
  const maxTries = opts.maxTries ?? 3;
  const now = opts.now ?? Date.now;
  /** Kept events whose first try is still running: not replayed until it ends. */
  const running = new Set<number>();
  let draining: Promise<void> | null = null;
  let stopped = false;

  const localeOf = (event: InboundEvent) => event.from.locale ?? opts.defaultLocale;
  const failed = (replies: Reply[]) => replies.some((r) => r.failed);

  function keep(event: InboundEvent, attempted: boolean): number | null {
    const id = spool.add(event, attempted, now());
    drainSoon();
    return id;
  }

  function keptReply(event: InboundEvent): Reply[] {
    // Queued behind older kept events while the store is up: the answer follows in moments, nothing to say.
    return health.up() ? [] : [{ text: t(localeOf(event), 'store.kept') }];
  }

  /** A first try that outlived the deadline: its answers, when it gets them, are delivered; a failure is left to the replay. */
  function settleLate(id: number | null, event: InboundEvent, work: Promise<Reply[]>) {
    if (id === null) return;
    running.add(id);
    work
      .then(async (replies) => {
        if (failed(replies)) return;
        spool.remove(id);
        await opts.deliver(event.from, replies);
      })
      .catch((err: unknown) => logger.warn({ err, kept: id }, 'a kept message handled late could not be answered'))
      .finally(() => {
        running.delete(id);
        drainSoon();
      });
  }

  async function handle(event: InboundEvent): Promise<Reply[]> {
    // The mailbox keeps its own mail unread until the desk has it: nothing to spool.
    if (event.channel === 'email') return opts.handle(event);
    if (spool.count() > 0 || !health.up()) {
      // A platform's retry of an event kept already: it was answered the first time.
      return keep(event, false) === null ? [] : keptReply(event);
    }
    // A desk that throws (a store error before its own guard) is a failure like any other: the event is kept, not lost.
    const work = opts.handle(event).catch((err: unknown): Reply[] => {
      logger.warn({ err }, 'the desk failed on a message; it is kept if the store is away');
      return [{ text: t(localeOf(event), 'error.unexpected', { ref: 'store' }), failed: true }];
    });
    let timer: NodeJS.Timeout | undefined;
    const first = await Promise.race([work, new Promise<typeof TIMED_OUT>((r) => (timer = setTimeout(() => r(TIMED_OUT), deadlineMs)))]).finally(() => clearTimeout(timer));
    if (first === TIMED_OUT) {
      // Slow is not away: a store that still answers the health check is waited for.
      if (await health.check()) return work;
      settleLate(keep(event, true), event, work);
      return keptReply(event);
    }
    if (failed(first) && !(await health.check())) {
      keep(event, true);
      return keptReply(event);
    }
    return first;
  }

  /** A replay of an event the desk had begun on carries an id of its own: the first try's may be remembered already. */
  function replayOf(id: number, event: InboundEvent, attempted: boolean): InboundEvent {
    return attempted || !event.id ? { ...event, id: `kept:${opts.instanceId}:${id}` } : event;
  }

  /** The platform may be having its own bad minute: the answer is tried again for a while before it is given up. */
  async function deliverPatiently(id: number, to: Participant, replies: Reply[]): Promise<void> {
    // One reply at a time: a retry never sends again what already went.
    for (const reply of replies) {
      for (let attempt = 1; ; attempt++) {
        try {
          await opts.deliver(to, [reply]);
          break;
        } catch (err) {
          if (attempt >= DELIVERY_TRIES || stopped) return void logger.error({ err, kept: id }, 'a kept message was handled but its answer could not be delivered');
          logger.warn({ err, kept: id, attempt }, 'could not deliver the answer to a kept message; trying again');
          await sleep(Math.min(30_000, 1_000 * 2 ** (attempt - 1)));
        }
      }
    }
  }

  async function drain(): Promise<void> {
    while (!stopped) {
      const next = spool.first(1)[0];
      if (!next) return;
      if (running.has(next.id)) {
        await sleep(200);
        continue;
      }
      if (!health.up() && !(await health.check())) {
        await sleep(500);
        continue;
      }
      let replies: Reply[];
      try {
        replies = await opts.handle(replayOf(next.id, next.event, next.attempted));
      } catch (err) {
        logger.warn({ err, kept: next.id }, 'could not handle a kept message; trying again');
        replies = [{ text: '', failed: true }];
      }
      if (failed(replies)) {
        if (!(await health.check())) continue;
        const tries = spool.failedOnce(next.id);
        if (tries < maxTries) {
          await sleep(500 * tries);
          continue;
        }
        logger.error({ kept: next.id, tries }, 'a kept message failed every try with the store up: the person is asked to send it again');
        replies = [{ text: t(localeOf(next.event), 'store.keptFailed', { ref: `K${next.id}` }) }];
      }
      spool.remove(next.id);
      await deliverPatiently(next.id, next.event.from, replies);
    }
  }

  function drainSoon() {
    if (stopped || draining) return;
    draining = drain()
      .catch((err: unknown) => logger.error({ err }, 'the spool of kept messages stopped; it resumes at the next message or start'))
      .finally(() => {
        draining = null;
        if (!stopped && spool.count() > running.size) setTimeout(drainSoon, 500).unref();
      });
  }

  return {
    handle,
    start() {
      const left = spool.count();
      if (left > 0) logger.info({ kept: left }, 'messages kept while the store was away: handling them now');
      drainSoon();
    },
    async stop() {
      stopped = true;
      await draining;
    },
    kept: () => spool.count(),
  };
}

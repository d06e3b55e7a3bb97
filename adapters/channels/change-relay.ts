// Delivers the outbox: every committed change record goes to every channel,
// each through its own bounded lane (a ticket's records in order, a few tickets
// at once), step by step with retries and back-off. A channel that finished is
// marked in the store only while others still work on the record, and the
// record is pruned when all are done, so a restart resumes where it stopped and
// nothing is sent twice. A step that still fails is recorded as failed: the log,
// /metrics and the store say so. Records come in from the desk as they commit,
// and from the store at start and on every poll (a crash, an overflow).
import { RecipientUnreachableError, type ChangeRecord, type ChangeSink, type Logger, type OutboxStore } from '../../src/index.js';
import type { ChannelAdapter, DeliveryStep } from './channel-adapter.js';
import { createDeliveryLane } from './delivery-lane.js';
import { rememberKey } from './short-memory.js';

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface ChangeRelayOptions {
  store: OutboxStore;
  channels: readonly ChannelAdapter[];
  logger: Logger;
  now?: () => number;
  retry?: RetryPolicy;
  /** How often the store is read for records this process was not handed. */
  pollMs?: number;
  /** Records one channel holds in memory; past that they wait in the store. */
  maxQueued?: number;
  /** Tickets one channel delivers at once. */
  concurrency?: number;
  /** Each channel's outcome for each record it had something to do for. */
  onOutcome?: (channel: string, outcome: 'delivered' | 'failed') => void;
}

/** As a ChangeSink: concerned when some channel has something to do for a record; a committed record is delivered now, not at the next poll. */
export interface ChangeRelay extends ChangeSink {
  /** Reads what an earlier run left, then polls. */
  start(): Promise<void>;
  /** Resolves when nothing is queued or being delivered. */
  idle(): Promise<void>;
  /** Records held in memory, for /metrics. */
  queued(): number;
  /** Stops polling and lets running deliveries finish (within `graceMs`); the rest waits in the store. */
  stop(graceMs?: number): Promise<void>;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 500, maxDelayMs: 30_000 };
const POLL_BATCH = 200;
/** How long finished records wait to be pruned together. */
const PRUNE_BATCH_MS = 5;
/** Finished record ids remembered, so a poll that read them before the prune does not deliver them again. */
const REMEMBERED = 10_000;

interface InFlight {
  record: ChangeRecord;
  /** Channels still working on it. */
  waiting: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

function describe(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 300);
}

export function createChangeRelay(opts: ChangeRelayOptions): ChangeRelay {
  const now = opts.now ?? Date.now;
  const retry = opts.retry ?? DEFAULT_RETRY;
  const maxQueued = opts.maxQueued ?? 1000;
  const byName = new Map(opts.channels.map((c) => [c.name, c]));
  const inFlight = new Map<string, InFlight>();
  const done = new Set<string>();
  /** Finished records the store could not prune yet (it was unreachable): pruned on a later poll. */
  const unpruned = new Set<string>();
  const lanes = new Map(opts.channels.map((c) => [c.name, createDeliveryLane(c, opts.concurrency ?? 4, (r) => deliverOn(c, r))]));
  let poller: NodeJS.Timeout | null = null;
  let polling: Promise<void> | null = null;
  let stopped = false;

  /** Tells whoever acted that their words did not reach someone, on the actor's own platform. */
  function tellActor(step: DeliveryStep) {
    const notice = step.ifUnreachable;
    const channel = notice && byName.get(notice.to.platform);
    if (!notice || !channel) return;
    channel.sendDirect(notice.to, notice.reply).catch((err: unknown) => opts.logger.warn({ err, to: notice.to.userId }, 'could not tell the actor about an unreachable person'));
  }

  /** Runs one step with retries; returns why it failed, or null. */
  async function runStep(channel: ChannelAdapter, record: ChangeRecord, step: DeliveryStep): Promise<string | null> {
    for (let attempt = 1; ; attempt++) {
      try {
        await step.run();
        return null;
      } catch (err) {
        if (err instanceof RecipientUnreachableError) {
          tellActor(step);
          return `${step.what}: unreachable`;
        }
        if (attempt >= retry.attempts) {
          opts.logger.error({ err, channel: channel.name, record: record.id, step: step.what, attempts: attempt }, 'delivery failed after its retries');
          return `${step.what}: ${describe(err)}`;
        }
        opts.logger.warn({ err, channel: channel.name, record: record.id, step: step.what, attempt }, 'delivery failed; retrying');
        await sleep(Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1)));
      }
    }
  }

  async function deliverOn(channel: ChannelAdapter, record: ChangeRecord): Promise<void> {
    const errors: string[] = [];
    let steps: DeliveryStep[] = [];
    try {
      steps = channel.stepsFor(record);
    } catch (err) {
      errors.push(`plan: ${describe(err)}`);
    }
    for (const step of steps) {
      const error = await runStep(channel, record, step);
      if (error) errors.push(error);
    }
    if (steps.length > 0 || errors.length > 0) opts.onOutcome?.(channel.name, errors.length > 0 ? 'failed' : 'delivered');
    await finish(channel.name, record, steps.length > 0, errors);
  }

  async function finish(channel: string, record: ChangeRecord, didSomething: boolean, errors: string[]) {
    const state = inFlight.get(record.id)!;
    state.waiting--;
    try {
      if (errors.length > 0) await opts.store.finishDelivery(record.id, channel, now(), errors.join('; '));
      // Only a record others still work on needs the mark: a restart then skips this channel.
      else if (didSomething && state.waiting > 0) await opts.store.finishDelivery(record.id, channel, now());
      if (state.waiting > 0) return;
      pruneSoon(record.id);
    } catch (err) {
      opts.logger.warn({ err, record: record.id, channel }, 'could not record a delivery; it may be repeated after a restart');
    }
    if (state.waiting === 0) {
      inFlight.delete(record.id);
      rememberKey(done, record.id, REMEMBERED);
    }
  }

  // Finished records are pruned a few milliseconds later, many in one write: a
  // commit of its own for each would cost about as much as the change itself.
  const toPrune = new Set<string>();
  let pruneTimer: NodeJS.Timeout | null = null;
  let pruning: Promise<void> = Promise.resolve();

  function pruneSoon(id: string) {
    toPrune.add(id);
    pruneTimer ??= setTimeout(flushPrunes, PRUNE_BATCH_MS);
  }

  function flushPrunes(): Promise<void> {
    if (pruneTimer) clearTimeout(pruneTimer);
    pruneTimer = null;
    const ids = [...toPrune];
    toPrune.clear();
    const batch = Promise.all(
      ids.map((id) =>
        opts.store.pruneChange(id).then(
          () => void unpruned.delete(id),
          (err: unknown) => {
            // Left for a later poll; the record is done here, so it is not delivered again.
            unpruned.add(id);
            opts.logger.warn({ err, record: id }, 'could not prune a delivered change; will try again');
          },
        ),
      ),
    ).then(() => undefined);
    pruning = pruning.then(() => batch);
    return pruning;
  }

  /** Queues a record on every channel that has not finished it, or on none (it stays in the store). */
  function accept(record: ChangeRecord, finished: readonly string[]): boolean {
    if (inFlight.has(record.id) || done.has(record.id)) return true;
    const todo = opts.channels.filter((c) => !finished.includes(c.name));
    if (todo.some((c) => lanes.get(c.name)!.size() >= maxQueued)) return false;
    if (todo.length === 0) {
      inFlight.set(record.id, { record, waiting: 1 });
      void finish('', record, false, []);
      return true;
    }
    inFlight.set(record.id, { record, waiting: todo.length });
    for (const c of todo) lanes.get(c.name)!.push(record);
    return true;
  }

  async function poll(): Promise<void> {
    for (const id of unpruned) pruneSoon(id);
    const pending = await opts.store.pendingChanges(POLL_BATCH);
    for (const { record, finished } of pending) if (!accept(record, finished)) break;
  }

  function pollSoon(): void {
    if (stopped || polling) return;
    polling = poll()
      .catch((err: unknown) => opts.logger.warn({ err }, 'could not read the outbox'))
      .finally(() => {
        polling = null;
      });
  }

  return {
    concerns: (record) => opts.channels.some((c) => c.stepsFor(record).length > 0),

    committed(record) {
      if (stopped) return;
      for (const c of opts.channels) c.noteChange?.(record);
      accept(record, []);
    },

    async start() {
      await poll();
      poller = setInterval(pollSoon, opts.pollMs ?? 5000);
      poller.unref();
    },

    async idle() {
      // Deliveries can hand the store records of their own (none today), so settle until quiet.
      while (polling || [...lanes.values()].some((l) => l.size() > 0) || inFlight.size > 0) {
        await polling;
        await Promise.all([...lanes.values()].map((l) => l.idle()));
        if (inFlight.size > 0) await sleep(1);
      }
      await flushPrunes();
    },

    queued: () => [...lanes.values()].reduce((n, l) => n + l.size(), 0),

    async stop(graceMs = 5000) {
      stopped = true;
      if (poller) clearInterval(poller);
      await Promise.race([this.idle(), sleep(graceMs)]);
      await flushPrunes();
    },
  };
}

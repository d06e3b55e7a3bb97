// Delivers the outbox: every committed change record goes to every channel,
// each through its own bounded lane (a ticket's records in order, a few tickets
// at once), step by step with retries and back-off. A channel that finished is
// marked in the store only while others still work on the record, and the
// record is pruned when all are done, so a restart resumes where it stopped and
// nothing is sent twice. A step that still fails is recorded as failed: the log,
// /metrics and the store say so. Records come in from the desk as they commit,
// and from the store at start and on every poll (a crash, an overflow).
//
// With several instances on one store, a ticket's records are delivered only by
// the instance holding the lease `outbox:<code>`: taken when one of its records
// is committed or found by a poll, renewed while any is in flight (retries
// included), given back once they are all done and pruned, so the ticket's next
// change goes out at once from wherever it is committed. A record is delivered
// straight from the commit only when it follows the last one this instance
// handled; otherwise the store is read first (after taking the lease), so a
// ticket's records go out in version order whichever instance committed them.
import { RecipientUnreachableError, type ChangeRecord, type ChangeSink, type Logger, type OutboxStore, type PendingChange } from '../../src/index.js';
import type { Leases } from '../leases/store-leases.js';
import type { ChannelAdapter, DeliveryStep } from './channel-adapter.js';
import { createDeliveryLane } from './delivery-lane.js';
import { DEFAULT_RETRY, nextWait, type RetryPolicy } from './delivery-retry.js';
import { rememberEntry, rememberKey } from './short-memory.js';

export type { RetryPolicy } from './delivery-retry.js';

export interface ChangeRelayOptions {
  store: OutboxStore;
  channels: readonly ChannelAdapter[];
  logger: Logger;
  now?: () => number;
  retry?: Partial<RetryPolicy>;
  /** How often the store is read for records this process was not handed. */
  pollMs?: number;
  /**
   * Per-ticket delivery leases, when several instances share the store (see store-leases.ts).
   * Without them this instance delivers every record, as a lone instance may.
   */
  leases?: Leases;
  /** The poll's pace while records wait for a ticket another instance holds (or held before it stopped). */
  contendedPollMs?: number;
  /** How often held leases are renewed: under half their period, or a period can end unrenewed. */
  renewMs?: number;
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

const POLL_BATCH = 200;
/** Tickets whose last handled version is remembered, so the next change of each goes out without a store read. */
const VERSIONS_REMEMBERED = 10_000;
/** How long finished records wait to be pruned together. */
const PRUNE_BATCH_MS = 5;
/** Finished record ids remembered, so a poll that read them before the prune does not deliver them again. */
const REMEMBERED = 10_000;

interface InFlight {
  record: ChangeRecord;
  /** Channels still working on it. */
  waiting: number;
  /** Some channel stopped because the ticket's lease was lost: the record stays in the store for the new holder. */
  abandoned?: boolean;
}

/** Thrown inside a delivery when this instance no longer holds the ticket's lease. */
class LeaseLost extends Error {}

const leaseName = (code: string) => `outbox:${code}`;
const codeOfId = (id: string) => id.slice(0, id.lastIndexOf('#'));

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

function describe(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 300);
}

export function createChangeRelay(opts: ChangeRelayOptions): ChangeRelay {
  const now = opts.now ?? Date.now;
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...opts.retry };
  const maxQueued = opts.maxQueued ?? 1000;
  const pollMs = opts.pollMs ?? 5000;
  const contendedPollMs = Math.min(pollMs, opts.contendedPollMs ?? 500);
  const leases = opts.leases;
  const byName = new Map(opts.channels.map((c) => [c.name, c]));
  const inFlight = new Map<string, InFlight>();
  const done = new Set<string>();
  /** Finished records the store could not prune yet (it was unreachable): pruned on a later poll. */
  const unpruned = new Set<string>();
  const lanes = new Map(opts.channels.map((c) => [c.name, createDeliveryLane(c, opts.concurrency ?? 4, (r) => deliverOn(c, r))]));
  /** Per ticket, records in flight here (any channel). */
  const busyTickets = new Map<string, number>();
  /** Per ticket, the last version handed to the lanes (or known handled): the next one needs no store read. */
  const lastVersion = new Map<string, number>();
  /** Per ticket, changes when its lease is taken or given back: a store read from before a change is stale for it. */
  const generation = new Map<string, number>();
  /** Per ticket, commits waiting for the lease, in commit order. */
  const committing = new Map<string, Promise<void>>();
  /** Tickets held until the next poll reads their records (a commit came after versions this instance did not see). */
  const needsRead = new Set<string>();
  /** Per ticket, polls working on it now (between taking its lease and handing its records to the lanes). */
  const pinned = new Map<string, number>();
  const pin = (code: string) => pinned.set(code, (pinned.get(code) ?? 0) + 1);
  function unpin(code: string) {
    const n = (pinned.get(code) ?? 1) - 1;
    if (n > 0) pinned.set(code, n);
    else pinned.delete(code);
  }
  let pollTimer: NodeJS.Timeout | null = null;
  let nextPollAt = Infinity;
  let renewTimer: NodeJS.Timeout | null = null;
  /** Leases being extended now (a slow store): the next tick leaves them be rather than claim the same period twice. */
  const extending = new Set<string>();
  let polling: Promise<void> | null = null;
  let pollAgain = false;
  /** Records seen last time that another instance's lease kept from us: poll at the quick pace. */
  let contended = false;
  let started = false;
  let stopped = false;

  /** Per ticket, lease calls one after another: a renewal's claim landing after a give-back would hold a period nobody means to. */
  const leaseOps = new Map<string, Promise<unknown>>();
  function serially<T>(code: string, op: () => Promise<T>): Promise<T> {
    const run = (leaseOps.get(code) ?? Promise.resolve()).then(op, op);
    const tail = run.catch(() => undefined);
    leaseOps.set(code, tail);
    void tail.then(() => {
      if (leaseOps.get(code) === tail) leaseOps.delete(code);
    });
    return run;
  }

  const bump = (code: string) => generation.set(code, (generation.get(code) ?? 0) + 1);

  /** Tells whoever acted that their words did not reach someone, on the actor's own platform. */
  function tellActor(step: DeliveryStep) {
    const notice = step.ifUnreachable;
    const channel = notice && byName.get(notice.to.platform);
    if (!notice || !channel) return;
    channel.sendDirect(notice.to, notice.reply).catch((err: unknown) => opts.logger.warn({ err, to: notice.to.userId }, 'could not tell the actor about an unreachable person'));
  }

  function stillHeld(record: ChangeRecord) {
    if (leases && !leases.holds(leaseName(record.ticket.code))) throw new LeaseLost();
  }

  /** Runs one step with retries; returns why it failed, or null. Throws LeaseLost when the ticket went to another instance. */
  async function runStep(channel: ChannelAdapter, record: ChangeRecord, step: DeliveryStep): Promise<string | null> {
    let firstFailure = 0;
    for (let attempt = 1; ; attempt++) {
      stillHeld(record);
      try {
        await step.run();
        return null;
      } catch (err) {
        if (err instanceof RecipientUnreachableError) {
          tellActor(step);
          return `${step.what}: unreachable`;
        }
        firstFailure ||= now();
        const wait = nextWait(retry, err, attempt, now() - firstFailure);
        if (wait === null) {
          opts.logger.error({ err, channel: channel.name, record: record.id, step: step.what, attempts: attempt, failingForMs: now() - firstFailure }, 'delivery failed after its retries');
          return `${step.what}: ${describe(err)}`;
        }
        opts.logger.warn({ err, channel: channel.name, record: record.id, step: step.what, attempt, waitMs: wait }, 'delivery failed; retrying');
        await sleep(wait);
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
    try {
      for (const step of steps) {
        const error = await runStep(channel, record, step);
        if (error) errors.push(error);
      }
    } catch (err) {
      if (!(err instanceof LeaseLost)) throw err;
      opts.logger.warn({ channel: channel.name, record: record.id }, 'another instance took over this ticket’s deliveries; leaving the record to it');
      inFlight.get(record.id)!.abandoned = true;
      await finish(channel.name, record, false, []);
      return;
    }
    if (steps.length > 0 || errors.length > 0) opts.onOutcome?.(channel.name, errors.length > 0 ? 'failed' : 'delivered');
    await finish(channel.name, record, steps.length > 0, errors);
  }

  async function finish(channel: string, record: ChangeRecord, didSomething: boolean, errors: string[]) {
    const state = inFlight.get(record.id)!;
    state.waiting--;
    try {
      if (errors.length > 0) await opts.store.finishDelivery(record.id, channel, now(), errors.join('; '));
      // Only a record others still work on (or will take over) needs the mark: a restart then skips this channel.
      else if (didSomething && (state.waiting > 0 || state.abandoned)) await opts.store.finishDelivery(record.id, channel, now());
      if (state.waiting > 0 || state.abandoned) return;
      pruneSoon(record.id);
    } catch (err) {
      opts.logger.warn({ err, record: record.id, channel }, 'could not record a delivery; it may be repeated after a restart');
    } finally {
      if (state.waiting === 0) settle(record, !state.abandoned);
    }
  }

  /** The record is done here (delivered, or left to another instance); the ticket's lease goes back when nothing else is. */
  function settle(record: ChangeRecord, delivered: boolean) {
    const code = record.ticket.code;
    inFlight.delete(record.id);
    if (delivered) rememberKey(done, record.id, REMEMBERED);
    else lastVersion.delete(code);
    const left = (busyTickets.get(code) ?? 1) - 1;
    if (left > 0) return void busyTickets.set(code, left);
    busyTickets.delete(code);
    if (leases) void flushPrunes().then(() => releaseIfIdle(code));
  }

  /** Given back only once its records are pruned: until then another instance's poll would still see them. */
  async function releaseIfIdle(code: string) {
    const name = leaseName(code);
    if (!leases || !idle(code) || !leases.holds(name)) return;
    // Checked again in turn: a take, a poll or a commit may have come for the ticket while this waited.
    await serially(code, async () => {
      if (!idle(code) || !leases.holds(name)) return;
      bump(code);
      await leases.release(name);
    }).catch((err: unknown) => opts.logger.warn({ err, ticket: code }, 'could not give back a delivery lease; it runs out on its own'));
  }

  function idle(code: string): boolean {
    if (busyTickets.has(code) || committing.has(code) || needsRead.has(code) || pinned.has(code) || unprunedOf.has(code)) return false;
    for (const id of unpruned) if (codeOfId(id) === code) return false;
    return true;
  }

  // Finished records are pruned a few milliseconds later, many in one write: a
  // commit of its own for each would cost about as much as the change itself.
  const toPrune = new Set<string>();
  let pruneTimer: NodeJS.Timeout | null = null;
  let pruning: Promise<void> = Promise.resolve();

  /** Per ticket, records finished but not yet pruned: its lease is kept until they are, or another instance would still see them. */
  const unprunedOf = new Map<string, number>();
  function pruneSoon(id: string) {
    if (!toPrune.has(id)) {
      const code = codeOfId(id);
      unprunedOf.set(code, (unprunedOf.get(code) ?? 0) + 1);
    }
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
        opts.store
          .pruneChange(id)
          .then(
            () => void unpruned.delete(id),
            (err: unknown) => {
              // Left for a later poll; the record is done here, so it is not delivered again.
              unpruned.add(id);
              opts.logger.warn({ err, record: id }, 'could not prune a delivered change; will try again');
            },
          )
          .finally(() => {
            const code = codeOfId(id);
            const n = (unprunedOf.get(code) ?? 1) - 1;
            if (n > 0) unprunedOf.set(code, n);
            else unprunedOf.delete(code);
          }),
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
    const code = record.ticket.code;
    busyTickets.set(code, (busyTickets.get(code) ?? 0) + 1);
    rememberEntry(lastVersion, code, record.ticket.version, VERSIONS_REMEMBERED);
    if (todo.length === 0) {
      inFlight.set(record.id, { record, waiting: 1 });
      void finish('', record, false, []);
      return true;
    }
    inFlight.set(record.id, { record, waiting: todo.length });
    for (const c of todo) lanes.get(c.name)!.push(record);
    return true;
  }

  /** Takes the ticket's lease unless held: 'held' (already ours), 'taken' (just now), or null. A store that cannot be asked counts as no. */
  async function take(code: string): Promise<'held' | 'taken' | null> {
    if (!leases) return 'held';
    const name = leaseName(code);
    // In turn with give-backs and renewals. A held lease is left to the renewal timer: claiming its
    // next period from here too would race that claim, and the loser reads as "lost to another instance".
    const got = await serially(code, async (): Promise<'held' | 'taken' | null> => {
      if (leases.holds(name)) return 'held';
      if (!(await leases.acquire(name))) return null;
      bump(code);
      return 'taken';
    }).catch((err: unknown) => {
      opts.logger.warn({ err, ticket: code }, 'could not ask the store for a delivery lease; the poll tries again');
      return null;
    });
    if (!got) contended = true;
    return got;
  }

  /** A committed record: delivered now when this instance holds its ticket and knows nothing can come before it. */
  async function deliverCommitted(record: ChangeRecord) {
    const code = record.ticket.code;
    const got = await take(code);
    if (!got) {
      // Another instance delivers this ticket now; the record waits in the store for whoever holds it next.
      pollAt(contendedPollMs);
      return;
    }
    // Taken just now: another instance may have read the record after it was committed and delivered it under
    // the lease in the meantime (it prunes before giving the lease back), so the store says whether it is still to do.
    if (got === 'taken' && !(await opts.store.isPending(record.id))) {
      rememberEntry(lastVersion, code, record.ticket.version, VERSIONS_REMEMBERED);
      return;
    }
    const v = record.ticket.version;
    if (v === 1 || lastVersion.get(code) === v - 1 || !leases) accept(record, []);
    // A version this instance did not see came before it: read the store (the lease is ours, so the read is current).
    else {
      needsRead.add(code);
      requestPoll();
    }
  }

  /** Reads the store and delivers, in order, the records of every ticket this instance holds or can take. */
  async function poll(): Promise<void> {
    for (const id of unpruned) pruneSoon(id);
    contended = false;
    if (!leases) {
      const pending = await opts.store.pendingChanges(POLL_BATCH);
      for (const { record, finished } of pending) if (!accept(record, finished)) break;
      return;
    }
    const reading = new Set(needsRead);
    needsRead.clear();
    const before = new Map([...generation].filter(([code]) => leases.holds(leaseName(code))));
    let pending = await opts.store.pendingChanges(POLL_BATCH).catch((err: unknown) => {
      for (const code of reading) needsRead.add(code);
      throw err;
    });
    const wanted = new Set(pending.filter((p) => !inFlight.has(p.record.id) && !done.has(p.record.id)).map((p) => p.record.ticket.code));
    for (const code of wanted) pin(code);
    try {
      await deliverHeld(pending, wanted, before);
    } finally {
      for (const code of wanted) unpin(code);
    }
    // Taken but with nothing left to deliver (another holder finished them): given back at once.
    for (const code of new Set([...wanted, ...reading])) if (!busyTickets.has(code)) void releaseIfIdle(code);
  }

  /** The records of `wanted` tickets this instance held through the read, or takes now (then read again). */
  async function deliverHeld(first: PendingChange[], wanted: Set<string>, before: Map<string, number>) {
    if (!leases) return;
    let pending = first;
    const current = new Set<string>();
    let taken = false;
    for (const code of wanted) {
      const held = before.has(code) && before.get(code) === generation.get(code) && leases.holds(leaseName(code));
      if (held) current.add(code);
      else if (!committing.has(code) && (await take(code)) !== null) taken = true;
    }
    // Tickets taken just now: their records are read again, as another holder may have delivered some since.
    if (taken) pending = await opts.store.pendingChanges(POLL_BATCH);
    for (const { record, finished } of pending) {
      const code = record.ticket.code;
      if (!current.has(code) && !(taken && leases.holds(leaseName(code)) && !committing.has(code) && wanted.has(code))) continue;
      if (!accept(record, finished)) break;
    }
  }

  function requestPoll(): void {
    if (stopped) return;
    if (polling) {
      pollAgain = true;
      return;
    }
    polling = poll()
      .catch((err: unknown) => opts.logger.warn({ err }, 'could not read the outbox'))
      .finally(() => {
        polling = null;
        if (pollAgain) {
          pollAgain = false;
          requestPoll();
        } else if (started) pollAt(contended ? contendedPollMs : pollMs, true);
      });
  }

  /** The next poll within `ms` (sooner if one is already due sooner; `reset` sets it anyway). */
  function pollAt(ms: number, reset = false) {
    if (!started || stopped) return;
    const at = now() + ms;
    if (!reset && at >= nextPollAt) return;
    if (pollTimer) clearTimeout(pollTimer);
    nextPollAt = at;
    pollTimer = setTimeout(() => {
      pollTimer = null;
      nextPollAt = Infinity;
      requestPoll();
    }, ms);
    pollTimer.unref();
  }

  return {
    concerns: (record) => opts.channels.some((c) => c.stepsFor(record).length > 0),

    committed(record) {
      if (stopped) return;
      for (const c of opts.channels) c.noteChange?.(record);
      if (!leases) return void accept(record, []);
      // A ticket's commits are handled one after another, so its records reach the lanes in version order.
      const code = record.ticket.code;
      const turn = (committing.get(code) ?? Promise.resolve())
        .then(() => deliverCommitted(record))
        .catch((err: unknown) => opts.logger.warn({ err, record: record.id }, 'could not deliver a change now; the poll will'))
        .finally(() => {
          if (committing.get(code) === turn) {
            committing.delete(code);
            if (!busyTickets.has(code)) void releaseIfIdle(code);
          }
        });
      committing.set(code, turn);
    },

    async start() {
      started = true;
      await poll();
      pollAt(contended ? contendedPollMs : pollMs, true);
      if (leases) {
        // Renewed often enough that a period never runs out while its records are in flight or retrying.
        renewTimer = setInterval(() => {
          // A lease left with nothing to do (a read that failed, a take that found nothing) is given back here.
          if (!polling) for (const name of leases.held()) if (name.startsWith('outbox:')) void releaseIfIdle(name.slice('outbox:'.length));
          // Each extended on its own, all at once: one after another, a slow store would let the last ones run out.
          for (const name of leases.held()) {
            if (!name.startsWith('outbox:') || extending.has(name)) continue;
            extending.add(name);
            serially(name.slice('outbox:'.length), () => (leases.holds(name) ? leases.acquire(name) : Promise.resolve(true)))
              .then(
                (ok) => {
                  if (!ok) opts.logger.warn({ lease: name }, 'another instance took over a ticket’s deliveries');
                },
                (err: unknown) => opts.logger.warn({ err, lease: name }, 'could not renew a delivery lease'),
              )
              .finally(() => extending.delete(name));
          }
        }, opts.renewMs ?? 250);
        renewTimer.unref();
      }
    },

    async idle() {
      // Deliveries can hand the store records of their own (none today), so settle until quiet.
      while (polling || committing.size > 0 || [...lanes.values()].some((l) => l.size() > 0) || inFlight.size > 0) {
        await polling;
        await Promise.all(committing.values());
        await Promise.all([...lanes.values()].map((l) => l.idle()));
        if (inFlight.size > 0) await sleep(1);
      }
      await flushPrunes();
    },

    queued: () => [...lanes.values()].reduce((n, l) => n + l.size(), 0),

    async stop(graceMs = 5000) {
      stopped = true;
      if (pollTimer) clearTimeout(pollTimer);
      await Promise.race([this.idle(), sleep(graceMs)]);
      await flushPrunes();
      if (renewTimer) clearInterval(renewTimer);
      // Given back, so another instance takes over the rest at once rather than when the leases run out.
      if (leases) await Promise.all(leases.held().filter((n) => n.startsWith('outbox:')).map((n) => leases.release(n).catch(() => undefined)));
    },
  };
}

// The composed desk behind the one HTTP server, with its timers and an orderly stop.
import type { Logger } from 'pino';
import { createRequestCheck } from '../adapters/channels/web/auth/check-origin.js';
import { createHttpServer } from '../adapters/http/create-http-server.js';
import { compose, type ComposeOptions } from './compose.js';
import type { Config } from './config.js';
import { withDeadline } from './with-deadline.js';
import { createPrivacyRetention } from './privacy-retention.js';
import { createSlaSweeper } from './sla-sweeper.js';
import { createFaqDrafter } from './faq-drafter.js';

const HOUR_MS = 60 * 60 * 1000;
const DELIVERY_MEMORY_MS = 48 * HOUR_MS;
/** Failed deliveries stay in the store this long, for whoever investigates. */
const FAILURE_MEMORY_MS = 30 * 24 * HOUR_MS;
/** Messages held for a web user who has not come back within a week are dropped. */
const HELD_MEMORY_MS = 7 * 24 * HOUR_MS;
/** How far back the hourly repair looks beyond its last run, for writers still under way. */
const REPAIR_MARGIN_MS = 10 * 60 * 1000;
/** After the grace for requests, what is left (deliveries, platform connections) gets this long in all. */
export const STOP_DEADLINE_MS = 4_000;

export type ServeOptions = ComposeOptions;

export async function serve(config: Config, logger: Logger, options: ServeOptions = {}) {
  const { store, desk, deps, channels, metrics, relay, connect, disconnect, leaseState, clock, archiveFeed, routes, instanceId, takeBackEarlierLeases, health, guard, closeSpool, feed } = await compose(config, logger, options);
  let stopping = false;
  health.start();
  const app = await createHttpServer({
    logger,
    storeKind: store.kind,
    metrics,
    channels,
    metricsToken: config.METRICS_TOKEN,
    hostCheck: config.WEB_AUTH === 'none' ? createRequestCheck('loopback') : undefined,
    routes,
    // Ready while the store takes writes and the instance is not stopping; the body says what it holds and keeps.
    readiness: async () => {
      const storeUp = !stopping && (health.up() || (await health.check()));
      return { ready: storeUp && !stopping, instance: instanceId, storeReachable: health.up(), kept: guard.kept(), leases: leaseState(), ...(stopping ? { stopping: true } : {}) };
    },
  });
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  // A restart after a crash need not wait out its own leases (the gateway, undelivered tickets).
  await takeBackEarlierLeases()
    .then((n) => n > 0 && logger.info({ leases: n }, 'took back the leases this instance held before it restarted'))
    .catch((err: unknown) => logger.warn({ err }, 'could not take back the leases of an earlier run: they run out on their own'));
  await connect();
  // What an earlier run committed but did not deliver goes out now.
  await relay.start();
  // From the newest entry on: what other instances send to the streams open here.
  await feed.start();
  // Messages kept while the store was away (this run or an earlier one) are handled once it answers.
  guard.start();
  logger.info({ address, store: store.kind, channels: channels.map((c) => c.name) }, 'Sportello is ready');

  // A process that died between a change and its read model left a ticket no
  // queue shows: the whole log is checked once (in the background), then each
  // hour what was written since, with a margin for writers still under way.
  let repairedUpTo = 0;
  async function repair() {
    if (!store.repairSince) return;
    const startedAt = Date.now();
    const repaired = await store.repairSince(Math.max(0, repairedUpTo - REPAIR_MARGIN_MS));
    repairedUpTo = startedAt;
    if (repaired.length > 0) logger.warn({ tickets: repaired }, 'brought tickets left behind by a stopped process back into their queues');
  }
  const repairing = repair().catch((err: unknown) => logger.warn({ err }, 'could not check for tickets left behind'));

  // Retention, when set: checked hourly, run once a day by the instance that claims the day.
  const retention = config.PRIVACY_RETENTION_DAYS ? createPrivacyRetention({ store, logger, days: config.PRIVACY_RETENTION_DAYS }) : null;
  if (retention) void retention.run(clock.now());

  // Delivery ids only guard against platform retries, which stop within minutes.
  const housekeeping = setInterval(() => {
    store.forgetBefore(Date.now() - DELIVERY_MEMORY_MS).catch((err: unknown) => logger.warn({ err }, 'could not prune delivery ids'));
    store.forgetFailuresBefore(Date.now() - FAILURE_MEMORY_MS).catch((err: unknown) => logger.warn({ err }, 'could not prune delivery failures'));
    // FerretDB reads the whole log for it whatever the index: hourly, not every sweep.
    repair().catch((err: unknown) => logger.warn({ err }, 'could not check for tickets left behind'));
    store.forgetHeldBefore(Date.now() - HELD_MEMORY_MS).catch((err: unknown) => logger.warn({ err }, 'could not prune held web messages'));
    store.forgetConsoleAccessBefore(Date.now()).catch((err: unknown) => logger.warn({ err }, 'could not prune expired console sign-ins'));
    if (retention) void retention.run(clock.now());
  }, HOUR_MS);
  housekeeping.unref();
  // The SLA clocks: one instance of several takes each period's sweep (a slot claimed
  // in the store); what a dead one left due is found by the next period's.
  const slaSweep = createSlaSweeper({ desk, store, logger, everyMs: config.SLA_SWEEP_SECONDS * 1000 });
  const sweeper = setInterval(() => void slaSweep.run(clock.now()), config.SLA_SWEEP_SECONDS * 1000);
  sweeper.unref();
  // Tickets from before the desk kept SLA clocks get one, then the first sweep.
  void desk
    .adoptUnclockedTickets(clock.now())
    .then((codes) => codes.length > 0 && logger.info({ tickets: codes.length }, 'gave an SLA clock to tickets opened before the desk kept one'))
    .catch((err: unknown) => logger.warn({ err }, 'could not give an SLA clock to older tickets; they are tried again at the next start'))
    .then(() => slaSweep.run(clock.now()));
  // Recurring problems become FAQ drafts: once a day, on one instance (FAQ_DRAFTS_MIN_TICKETS=0: never).
  const drafter = createFaqDrafter({ deps, store, logger, options: { days: config.FAQ_DRAFTS_DAYS, minTickets: config.FAQ_DRAFTS_MIN_TICKETS, similarity: config.FAQ_DRAFTS_SIMILARITY } });
  const drafting = config.FAQ_DRAFTS_MIN_TICKETS > 0 ? setInterval(() => void drafter.run(clock.now()), HOUR_MS) : null;
  drafting?.unref();
  if (drafting) void drafter.run(clock.now());

  // The archive of closed tickets: loaded in the background (a message never waits for it), then
  // what other instances close is read from the store now and then (FerretDB scans for it: rarely).
  const archiveLoading = archiveFeed.load().catch((err: unknown) => logger.warn({ err }, 'could not load the archive of closed tickets; the next refresh tries again'));
  const archiveRefresh = setInterval(() => {
    archiveFeed.refresh().catch((err: unknown) => logger.warn({ err }, 'could not refresh the archive of closed tickets'));
  }, config.ARCHIVE_REFRESH_SECONDS * 1000);
  archiveRefresh.unref();

  let stopped: Promise<void> | undefined;
  /**
   * New connections are refused at once; requests under way get
   * SHUTDOWN_GRACE_MS to finish, then their sockets are closed; deliveries and
   * platform connections then get STOP_DEADLINE_MS in all, whatever a platform does.
   */
  function stop(): Promise<void> {
    stopped ??= (async () => {
      stopping = true;
      clearInterval(housekeeping);
      clearInterval(sweeper);
      clearInterval(archiveRefresh);
      if (drafting) clearInterval(drafting);
      await slaSweep.idle();
      await drafter.idle();
      await retention?.idle();
      const closing = app.close();
      // A request answered after the close began leaves its keep-alive socket idle, which would hold the close until the grace ran out.
      const reaper = setInterval(() => app.server.closeIdleConnections(), 50);
      const inTime = await withDeadline(closing, config.SHUTDOWN_GRACE_MS).finally(() => clearInterval(reaper));
      if (!inTime) {
        logger.warn({ graceMs: config.SHUTDOWN_GRACE_MS }, 'requests still under way after the grace period: closing their connections');
        app.server.closeAllConnections();
        await closing;
      }
      const deadline = Date.now() + STOP_DEADLINE_MS;
      const left = () => Math.max(0, deadline - Date.now());
      // The kept message under way finishes while the channels can still answer it; the rest waits for the next start.
      await withDeadline(guard.stop(), left());
      // Leased connections (Discord's gateway) closed and given back first: another instance takes them now, not when the lease runs out.
      if (!(await withDeadline(disconnect().catch((err: unknown) => logger.warn({ err }, 'could not give leases back cleanly')), left()))) logger.warn('leases not given back before the deadline: they run out on their own');
      // Deliveries under way finish if they can; the rest wait in the outbox for the next start.
      const delivering = relay.stop().catch((err: unknown) => logger.warn({ err }, 'delivery relay failed to stop cleanly'));
      if (!(await withDeadline(delivering, left()))) logger.warn('deliveries still under way at the deadline: they are sent again at the next start');
      await Promise.all(
        channels.map(async (c) => {
          const stopping = (c.stop?.() ?? Promise.resolve()).catch((err: unknown) => logger.warn({ err, channel: c.name }, 'channel failed to stop cleanly'));
          if (!(await withDeadline(stopping, left()))) logger.warn({ channel: c.name }, 'channel did not stop before the deadline');
        }),
      );
      await withDeadline(feed.stop(), left());
      await withDeadline(repairing, left());
      await withDeadline(archiveLoading, left());
      health.stop();
      closeSpool();
      await store.close();
    })();
    return stopped;
  }
  return { app, store, desk, address, channels: channels.map((c) => c.name), stop };
}

// The composed desk behind the one HTTP server, with its timers and an orderly stop.
import type { Logger } from 'pino';
import { createHttpServer } from '../adapters/http/create-http-server.js';
import { compose, type ComposeOptions } from './compose.js';
import type { Config } from './config.js';

const HOUR_MS = 60 * 60 * 1000;
const DELIVERY_MEMORY_MS = 48 * HOUR_MS;
/** Failed deliveries stay in the store this long, for whoever investigates. */
const FAILURE_MEMORY_MS = 30 * 24 * HOUR_MS;
/** Messages held for a web user who has not come back within a week are dropped. */
const HELD_MEMORY_MS = 7 * 24 * HOUR_MS;
const SWEEP_EVERY_MS = 10 * 60 * 1000;

export type ServeOptions = ComposeOptions;

export async function serve(config: Config, logger: Logger, options: ServeOptions = {}) {
  const { store, desk, channels, metrics, relay, connect } = await compose(config, logger, options);
  const app = await createHttpServer({ logger, storeKind: store.kind, metrics, channels });
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  await connect();
  // What an earlier run committed but did not deliver goes out now.
  await relay.start();
  logger.info({ address, store: store.kind, channels: channels.map((c) => c.name) }, 'Sportello is ready');

  // Delivery ids only guard against platform retries, which stop within minutes.
  const housekeeping = setInterval(() => {
    store.forgetBefore(Date.now() - DELIVERY_MEMORY_MS).catch((err: unknown) => logger.warn({ err }, 'could not prune delivery ids'));
    store.forgetFailuresBefore(Date.now() - FAILURE_MEMORY_MS).catch((err: unknown) => logger.warn({ err }, 'could not prune delivery failures'));
    store.forgetHeldBefore(Date.now() - HELD_MEMORY_MS).catch((err: unknown) => logger.warn({ err }, 'could not prune held web messages'));
  }, HOUR_MS);
  housekeeping.unref();
  const sweeper = setInterval(() => {
    desk
      .sweep(Date.now())
      .then(({ autoClosed }) => autoClosed.length > 0 && logger.info({ closed: autoClosed }, 'closed resolved tickets nobody answered'))
      .catch((err: unknown) => logger.warn({ err }, 'auto-close sweep failed'));
  }, SWEEP_EVERY_MS);
  sweeper.unref();

  let stopping = false;
  async function stop() {
    if (stopping) return;
    stopping = true;
    clearInterval(housekeeping);
    clearInterval(sweeper);
    // Deliveries under way finish; the rest wait in the outbox for the next start.
    await relay.stop();
    for (const c of channels) await c.stop?.();
    await app.close();
    await store.close();
  }
  return { app, store, address, stop };
}

// The one HTTP server: health, metrics, and every channel's routes.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest, type onRequestHookHandler } from 'fastify';
import type { Logger } from 'pino';
import type { ChannelAdapter } from '../channels/channel-adapter.js';
import type { Metrics } from './metrics.js';
import { securityHeaders } from './security-headers.js';

export interface HttpServerOptions {
  logger: Logger;
  storeKind: 'sqlite' | 'mongo';
  metrics: Metrics;
  channels: readonly ChannelAdapter[];
  /** When set, /metrics answers only a scraper that sends it as a bearer token. */
  metricsToken?: string | undefined;
  /**
   * Refuses a request to /metrics and /healthz that does not name this server
   * (a loopback set-up's defence against DNS rebinding); the platforms' webhooks
   * arrive through tunnels and proxies under other names, so they are not asked.
   */
  hostCheck?: ((headers: IncomingHttpHeaders) => { status: number; error: string } | null) | undefined;
  /** Routes that belong to no channel (the files route). */
  routes?: ((app: FastifyInstance) => void | Promise<void>) | undefined;
  /** GET /healthz/ready: whether this instance can do the desk's work now, and what it says about why. */
  readiness?: (() => Promise<{ ready: boolean } & Record<string, unknown>>) | undefined;
}

const BODY_LIMIT = 64 * 1024;

function bearerMatches(req: FastifyRequest, expected: string): boolean {
  const header = req.headers.authorization ?? '';
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

export async function createHttpServer({ logger, storeKind, metrics, channels, metricsToken, hostCheck, routes, readiness }: HttpServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger.child({ component: 'http' }) as FastifyBaseLogger,
    // Per-request lines would drown the log; latency goes to /metrics instead.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    // On close, idle keep-alive sockets go at once; requests under way are left
    // to finish (serve.ts bounds how long they may take).
    forceCloseConnections: 'idle',
  });

  // Every response: no framing, no sniffing, no referrer, and a policy that lets
  // JSON load nothing; a page we serve replaces the policy with its own (page-policy.ts).
  const headers = securityHeaders({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    frameguard: { action: 'deny' },
  });
  app.addHook('onRequest', (_req, res, done) => {
    for (const [name, value] of headers) res.raw.setHeader(name, value);
    done();
  });

  // Timed from the raw response, so routes that hand the request to an SDK (Slack's
  // receiver) are measured too: for them this is the time until the ack went out.
  app.addHook('onRequest', async (req, res) => {
    const started = process.hrtime.bigint();
    res.raw.once('finish', () => {
      const route = req.routeOptions.url ?? 'unmatched';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpDuration.observe({ method: req.method, route, status_code: String(res.raw.statusCode) }, seconds);
    });
  });

  // Bad JSON, wrong content type, too large: a clear 4xx in the API's error shape.
  app.setErrorHandler((err: Error & { statusCode?: number }, req, res) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) req.log.error({ err }, 'request failed');
    const message = status === 500 ? 'internal error' : err.message.replace(/^Body /, 'body ');
    void res.code(status).send({ error: message });
  });
  app.setNotFoundHandler((_req, res) => {
    void res.code(404).send({ error: 'not found' });
  });

  const ownHost: onRequestHookHandler = (req, res, done) => {
    const refusal = hostCheck?.(req.headers);
    if (refusal) {
      void res.code(refusal.status).send({ error: refusal.error });
      return;
    }
    done();
  };
  // Live: the process answers (an orchestrator restarts it otherwise). Ready: it can do the desk's
  // work now (a load balancer sends it requests only then); the body says what is missing.
  const live = async () => ({ status: 'ok', store: storeKind });
  app.get('/healthz', { onRequest: ownHost }, live);
  app.get('/healthz/live', { onRequest: ownHost }, live);
  app.get('/healthz/ready', { onRequest: ownHost }, async (_req, res) => {
    const state = readiness ? await readiness() : { ready: true };
    res.header('cache-control', 'no-store');
    return res.code(state.ready ? 200 : 503).send({ status: state.ready ? 'ready' : 'not ready', store: storeKind, ...state });
  });
  app.get('/metrics', { onRequest: ownHost }, async (req, res) => {
    if (metricsToken && !bearerMatches(req, metricsToken)) return res.code(401).send({ error: 'metrics need the bearer token (METRICS_TOKEN)' });
    const text = await metrics.registry.metrics();
    return res.type(metrics.registry.contentType).send(text);
  });

  for (const channel of channels) await channel.register(app);
  await routes?.(app);
  return app;
}

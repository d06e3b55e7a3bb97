// The built-in web chat: a page at `/`, a JSON API at /web/api, and a
// Server-Sent-Events stream for messages other people's actions push.
import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ChangeRecord, InboundEvent, InboxStore, Logger, PersonRef, Reply } from '../../../src/index.js';
import { pagePolicy } from '../../http/page-policy.js';
import type { ChannelAdapter, DeliveryStep } from '../channel-adapter.js';
import { renderReply } from './render-reply.js';
import { createStreamHub, type StreamLimits } from './stream-hub.js';
import { toActionEvent, toMessageEvent, toStreamUser, type Parsed } from './to-inbound-event.js';

export interface WebAdapterOptions {
  handle: (event: InboundEvent) => Promise<Reply[]>;
  logger: Logger;
  /** When set, every API call must carry it as a bearer token (or `?token=` on the stream). */
  token?: string | undefined;
  /** Origins allowed to embed the chat page in a frame (an intranet portal); none by default. */
  frameAncestors?: readonly string[];
  /** Where messages for users with no open stream wait. */
  inbox: InboxStore;
  streamLimits: StreamLimits;
}

const PAGE = readFileSync(new URL('./page.html', import.meta.url), 'utf8');

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function createWebAdapter({ handle, logger, token, inbox, streamLimits, frameAncestors = [] }: WebAdapterOptions): ChannelAdapter {
  const hub = createStreamHub({ inbox, limits: streamLimits, logger });
  const policy = pagePolicy(PAGE, frameAncestors);

  function push(person: PersonRef, reply: Reply): Promise<void> {
    return hub.deliver(person.userId, reply);
  }

  function authorised(req: FastifyRequest): boolean {
    if (!token) return true;
    const header = req.headers.authorization ?? '';
    const query = (req.query as { token?: unknown } | undefined)?.token;
    const given = header.startsWith('Bearer ') ? header.slice(7) : typeof query === 'string' ? query : '';
    return sameSecret(given, token);
  }

  async function answer(req: FastifyRequest, res: FastifyReply, parse: (body: unknown) => Parsed) {
    if (!authorised(req)) return res.code(401).send({ error: 'missing or wrong bearer token' });
    const parsed = parse(req.body);
    if (!parsed.ok) return res.code(400).send({ error: parsed.error });
    const replies = await handle(parsed.event);
    return { replies: replies.map(renderReply) };
  }

  return {
    name: 'web',

    register(app: FastifyInstance) {
      app.get('/', (_req, res) => {
        if (frameAncestors.length > 0) res.raw.removeHeader('x-frame-options');
        return res.header('content-security-policy', policy).type('text/html; charset=utf-8').send(PAGE);
      });
      // Streams never end by themselves: closing them first lets the server's close finish.
      app.addHook('preClose', async () => hub.closeAll());
      app.post('/web/api/messages', (req, res) => answer(req, res, toMessageEvent));
      app.post('/web/api/actions', (req, res) => answer(req, res, toActionEvent));
      app.get('/web/api/stream', (req, res) => {
        if (!authorised(req)) return res.code(401).send({ error: 'missing or wrong bearer token' });
        const user = toStreamUser(req.query);
        if (!user) return res.code(400).send({ error: 'user is required (?user=<id>)' });
        const refused = hub.refusal(user);
        if (refused) return res.code(429).send({ error: refused });
        res.hijack();
        res.raw.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        res.raw.write(': connected\n\n');
        const remove = hub.open(user, res.raw);
        req.raw.on('close', remove);
        return undefined;
      });
    },

    stepsFor(record: ChangeRecord): DeliveryStep[] {
      return record.outbound.flatMap((out) =>
        (out.to.kind === 'person' ? [out.to.person] : out.to.agents)
          .filter((p) => p.platform === 'web')
          .map((p) => ({ what: `message to web:${p.userId}`, run: () => push(p, out.reply) })),
      );
    },

    sendDirect: push,

    async stop() {
      hub.closeAll();
    },
  };
}

// The built-in web chat: a page at `/`, a JSON API at /web/api, and a
// Server-Sent-Events stream for messages other people's actions push.
// Who is speaking is the WebAuth's business (auth/): this file only asks it.
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { ChangeRecord, FileKeeper, InboundEvent, InboxStore, Locale, Logger, Participant, PersonRef, Reply } from '../../../src/index.js';
import type { FileLinks } from '../../http/file-links.js';
import { deskForm, formErrorSummary, formErrors, replyFor } from '../../../src/index.js';
import { pagePolicy } from '../../http/page-policy.js';
import { registerVendorAssets } from '../../http/vendor-assets.js';
import type { ChannelAdapter, DeliveryStep } from '../channel-adapter.js';
import type { LiveFeed } from '../live-feed.js';
import { createLoopbackAuth } from './auth/create-web-auth.js';
import type { WebAuth } from './auth/web-auth.js';
import { DEFAULT_BRANDING, logoOrigin, type WebBranding } from './branding.js';
import { registerChatAssets } from './chat-assets.js';
import { createChatRecords, type ChatRecordStore } from './chat-records.js';
import { chatPage } from './chat-page.js';
import { renderReply, type PushedReply } from './render-reply.js';
import { createStreamHub, type StreamLimits } from './stream-hub.js';
import { toActionEvent, toLocale, toMessageEvent, toStreamUser, type Parsed } from './to-inbound-event.js';
import { FILES_PER_MESSAGE, registerWebUploads } from './web-uploads.js';

/** `?lang=it`: the language the page shows, when the person chose one. */
function langOf(query: unknown): Locale | undefined {
  if (!query || typeof query !== 'object' || !Object.hasOwn(query, 'lang')) return undefined;
  const lang = (query as { lang?: unknown }).lang;
  return typeof lang === 'string' ? toLocale(lang) : undefined;
}

export interface WebAdapterOptions {
  handle: (event: InboundEvent) => Promise<Reply[]>;
  logger: Logger;
  /** How people are identified (WEB_AUTH); by default the body names them, which only a loopback server may allow. */
  auth?: WebAuth;
  /** Where messages for users with no open stream wait. */
  inbox: InboxStore;
  streamLimits: StreamLimits;
  /** Origins allowed to embed the chat page in a frame (an intranet portal); none by default. */
  frameAncestors?: readonly string[];
  /** Department ids, to check the desk's forms against (their choices). */
  departments?: readonly string[];
  /** The language of a form's errors for someone whose language is unknown. */
  defaultLocale?: Locale;
  /** The desk's name, colour, logo and welcome words on the page. */
  branding?: WebBranding;
  /** History, suggested questions and the person's tickets; without it the page shows none of them. */
  records?: ChatRecordStore;
  /** Files people attach (POST /web/api/uploads) and links to them; without both the page offers no attaching. */
  files?: FileKeeper;
  fileLinks?: FileLinks;
  /** Shared with the other instances on the store, so a user's streams there get what this one pushes. */
  feed?: LiveFeed;
}

/** How long an answer waits for its lines to be kept in the history. */
const HISTORY_WAIT_MS = 1_000;

/** A token in a POST's URL ends up in logs and history: tokens ride in Authorization, and in the query on the stream alone. */
function hasQueryToken(query: unknown): boolean {
  return !!query && typeof query === 'object' && Object.hasOwn(query, 'token');
}

export function createWebAdapter(options: WebAdapterOptions): ChannelAdapter {
  const { handle, logger, auth = createLoopbackAuth(), inbox, streamLimits, frameAncestors = [], departments = [], defaultLocale = 'en' } = options;
  const branding = options.branding ?? DEFAULT_BRANDING;
  const hub = createStreamHub({ inbox, limits: streamLimits, logger, ...(options.feed ? { feed: options.feed } : {}) });
  const page = chatPage(branding);
  const logo = logoOrigin(branding.logoUrl);
  const policy = pagePolicy(page, frameAncestors, logo ? [logo] : []);
  const records = createChatRecords({ store: options.records, logger, branding, frameAncestors });

  /**
   * Kept in the person's history first, so the page can tell it from the same message shown there.
   * A message for this moment only (a sign-in link) is neither kept nor held: it reaches open pages or nobody.
   */
  async function push(person: PersonRef, reply: Reply): Promise<void> {
    if (reply.ephemeral) return hub.deliver(person.userId, reply, { hold: false });
    const historyId = await records.rememberPushed(person.userId, reply);
    const pushed: PushedReply = historyId ? { ...reply, historyId } : reply;
    return hub.deliver(person.userId, pushed);
  }

  /** Foreign Host or Origin: refused before any route runs. */
  const guard: onRequestAsyncHookHandler = async (req, res) => {
    const refusal = auth.check(req);
    if (refusal) return res.code(refusal.status).send({ error: refusal.error });
    return undefined;
  };

  async function answer(req: FastifyRequest, res: FastifyReply, parse: (body: unknown, verified?: Participant) => Parsed) {
    if (hasQueryToken(req.query)) return res.code(400).send({ error: '?token= is only accepted on the stream: send Authorization: Bearer <token>' });
    let person: Participant | undefined;
    if (auth.identify) {
      const verdict = await auth.identify(req, 'api');
      if (!verdict.ok) return res.code(verdict.status).send({ error: verdict.error });
      person = verdict.person;
    }
    const parsed = parse(req.body, person);
    if (!parsed.ok) return res.code(400).send({ error: parsed.error });
    // One of the desk's forms sent with something wrong: said field by field, the form back as it was filled in.
    const refused = parsed.form ? formRefusal(parsed.form, parsed.event.from.locale ?? defaultLocale) : null;
    if (refused) return { replies: [renderReply(refused)] };
    // Each reply serialised once, for the response and for the history alike.
    const replies = (await handle(parsed.event)).map((r) => JSON.stringify(renderReply(r)));
    const pressed = req.body && typeof req.body === 'object' && Object.hasOwn(req.body, 'actionId') ? String((req.body as { actionId: unknown }).actionId) : undefined;
    // The history serves the page, not the conversation: a store that is away does not hold the answer back.
    const remembered = records.rememberExchange(parsed.event, replies, { ...(pressed ? { actionId: pressed } : {}), ...(parsed.form ? { form: parsed.form } : {}) });
    await Promise.race([remembered.catch(() => undefined), new Promise((r) => setTimeout(r, HISTORY_WAIT_MS).unref())]);
    return res.type('application/json; charset=utf-8').send(`{"replies":[${replies.join(',')}]}`);
  }

  function formRefusal(sent: { id: string; values: Record<string, string> }, locale: Locale): Reply | null {
    const form = deskForm(sent.id, locale, departments);
    const errors = form ? formErrors(locale, form, sent.values) : {};
    if (!form || Object.keys(errors).length === 0) return null;
    const refilled = { ...form, fields: form.fields.map((f) => (Object.hasOwn(sent.values, f.id) ? { ...f, value: sent.values[f.id]! } : f)) };
    return { text: formErrorSummary(locale, errors), form: refilled, ephemeral: true };
  }

  /** Whose stream: the verified person's, or in WEB_AUTH=none the `?user=` asked for. */
  async function streamOwner(req: FastifyRequest, where: 'api' | 'stream' = 'stream'): Promise<{ user: string; locale?: Locale } | { status: number; error: string }> {
    if (!auth.identify) {
      const user = toStreamUser(req.query);
      return user ? { user } : { status: 400, error: 'user is required (?user=<id>)' };
    }
    const verdict = await auth.identify(req, where);
    if (!verdict.ok) return verdict;
    return verdict.person.locale ? { user: verdict.person.userId, locale: verdict.person.locale } : { user: verdict.person.userId };
  }

  /** Whose history or tickets: as the stream's owner, but a token rides in Authorization only. */
  function asker(req: FastifyRequest) {
    if (auth.identify && hasQueryToken(req.query)) return Promise.resolve({ status: 400, error: '?token= is only accepted on the stream: send Authorization: Bearer <token>' });
    return streamOwner(req, 'api');
  }

  return {
    name: 'web',

    async register(app: FastifyInstance) {
      app.get('/', { onRequest: guard }, (_req, res) => {
        if (frameAncestors.length > 0) res.raw.removeHeader('x-frame-options');
        return res.header('content-security-policy', policy).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page);
      });
      registerVendorAssets(app);
      registerChatAssets(app);
      app.get('/web/api/welcome', { onRequest: guard }, async (req, res) => {
        res.header('cache-control', 'no-store');
        const welcome = await records.welcome(langOf(req.query) ?? defaultLocale);
        return options.files && options.fileLinks ? { ...welcome, files: { maxBytes: options.files.limits.maxFileBytes, maxFiles: FILES_PER_MESSAGE } } : welcome;
      });
      app.get('/web/api/history', { onRequest: guard }, async (req, res) => {
        res.header('cache-control', 'no-store');
        const owner = await asker(req);
        if (!('user' in owner)) return res.code(owner.status).send({ error: owner.error });
        return { lines: await records.history(owner.user) };
      });
      app.get('/web/api/tickets', { onRequest: guard }, async (req, res) => {
        res.header('cache-control', 'no-store');
        const owner = await asker(req);
        if (!('user' in owner)) return res.code(owner.status).send({ error: owner.error });
        return { tickets: await records.tickets(owner.user, langOf(req.query) ?? owner.locale ?? defaultLocale) };
      });
      // Streams never end by themselves: closing them first lets the server's close finish.
      app.addHook('preClose', async () => hub.closeAll());
      app.get('/web/api/me', { onRequest: guard }, async (req, res) => {
        res.header('cache-control', 'no-store');
        if (!auth.identify) return { auth: auth.mode };
        const verdict = await auth.identify(req, 'api');
        if (!verdict.ok) return res.code(verdict.status).send({ auth: auth.mode, error: verdict.error, ...(auth.mode === 'oidc' ? { signIn: '/auth/login' } : {}) });
        const { userId: id, name, locale } = verdict.person;
        return { auth: auth.mode, person: { id, name, ...(locale ? { locale } : {}) }, ...(verdict.csrf ? { csrf: verdict.csrf } : {}) };
      });
      app.post('/web/api/messages', { onRequest: guard }, (req, res) => answer(req, res, toMessageEvent));
      app.post('/web/api/actions', { onRequest: guard }, (req, res) => answer(req, res, toActionEvent));
      app.get('/web/api/stream', { onRequest: guard }, async (req, res) => {
        const owner = await streamOwner(req);
        if (!('user' in owner)) return res.code(owner.status).send({ error: owner.error });
        const { user } = owner;
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
      if (options.files && options.fileLinks) {
        await registerWebUploads(app, { auth, files: options.files, links: options.fileLinks, handle, records, defaultLocale, guard, asker });
      }
      auth.routes?.(app, guard);
    },

    stepsFor(record: ChangeRecord): DeliveryStep[] {
      return record.outbound.flatMap((out) =>
        (out.to.kind === 'person' ? [out.to.person] : out.to.agents)
          .filter((p) => p.platform === 'web')
          .map((p) => ({ what: `message to web:${p.userId}`, run: () => push(p, replyFor(out, p.locale)) })),
      );
    },

    sendDirect: push,

    async stop() {
      hub.closeAll();
    },
  };
}

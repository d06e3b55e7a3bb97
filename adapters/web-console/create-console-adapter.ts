// The agent console at /console, as a channel: its routes on the one server,
// and, for each committed change, a notice to the console streams open on it.
// Every action goes through desk.handle as a command from the agent's own
// platform identity, on channel 'console': the desk's checks and its audit
// trail are the same as in chat.
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Agent, Attachment, ChangeRecord, ConsoleAccessStore, FileKeeper, InboundEvent, Locale, Logger, PeopleStore, RefusedFile, Reply, SlaSettings, TicketStore } from '../../src/index.js';
import { cleanFileName, sizeWords, tooManyFilesWords, worksOn } from '../../src/index.js';
import { FILES_PER_MESSAGE, acceptUploads, closeIfUnread, readUpload } from '../http/read-upload.js';
import type { ChannelAdapter, DeliveryStep } from '../channels/channel-adapter.js';
import type { LiveFeed } from '../channels/live-feed.js';
import { readAction } from './console-actions.js';
import { createConsoleAccess, type ConsoleAccess, type ConsoleAccessOptions } from './console-access.js';
import { consolePage, type ConsoleGate } from './console-shell.js';
import { createConsoleStreams } from './console-stream.js';
import { word } from './console-words.js';
import { acceptForms, field } from './form-body.js';
import { queueBody, queueRegionHtml, type QueueView } from './queue-page.js';
import { readFilters, storeQuery } from './queue-query.js';
import { consoleHtml } from './send-page.js';
import { notAgentPage } from './sign-in-pages.js';
import { ticketBody, ticketLiveHtml, ticketNotFoundBody, type TicketPageView } from './ticket-page.js';

/** The sign-in's options (console-access.ts), and what the pages need besides. */
export interface ConsoleAdapterOptions extends ConsoleAccessOptions {
  handle: (event: InboundEvent) => Promise<Reply[]>;
  store: TicketStore & PeopleStore & ConsoleAccessStore;
  departments: readonly string[];
  /** The desk's calendars and policies, for what each priority promises and where tickets stand; absent: the defaults. */
  sla?: SlaSettings;
  /** More console pages (the leads' agents and FAQ pages), mounted in the console's scope (forms parsed, Host and Origin checked). */
  extraRoutes?: (scope: FastifyInstance, deps: ConsoleDeps) => void | Promise<void>;
  /** Files agents send on a ticket (POST /console/tickets/:code/files); absent: no upload form. */
  files?: FileKeeper;
  /** Shared with the other instances on the store: their console streams hear of this one's changes, and this one's of theirs. */
  feed?: LiveFeed;
}

/** The feed's kind for console notices. */
export const CONSOLE_NOTICE = 'console.notice';

function consoleNotice(payload: unknown): { code: string; version: number; department: string } | null {
  if (!payload || typeof payload !== 'object') return null;
  const { code, version, department } = payload as Record<string, unknown>;
  return typeof code === 'string' && typeof version === 'number' && typeof department === 'string' ? { code, version, department } : null;
}

/** What lead pages (agents, FAQ) need to sit in the console: the gate, the shell and the store. */
export interface ConsoleDeps {
  gate: ConsoleGate;
  store: ConsoleAdapterOptions['store'];
  departments: readonly string[];
  logger: Logger;
}

const asset = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');
const CSS = asset('console.css');
const JS = asset('console.js');

/** A form's `once` as ticket-page.ts writes it (a UUID). */
const ONCE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function wantsJson(req: FastifyRequest): boolean {
  return typeof req.headers.accept === 'string' && req.headers.accept.includes('application/json');
}

export function createConsoleAdapter(opts: ConsoleAdapterOptions): ChannelAdapter & { access: ConsoleAccess; deps: ConsoleDeps } {
  const now = opts.now ?? Date.now;
  const access = createConsoleAccess(opts);
  const streams = createConsoleStreams();
  const unsubscribe = opts.feed?.subscribe(CONSOLE_NOTICE, (payload) => {
    const notice = consoleNotice(payload);
    if (notice) streams.notify({ code: notice.code, version: notice.version }, notice.department);
  });

  /** The signed-in agent, or the response that sends everyone else to sign in. */
  async function agentOf(req: FastifyRequest, res: FastifyReply): Promise<{ agent: Agent; csrf: string; locale: Locale } | null> {
    const v = await access.visitor(req);
    if (v.kind === 'agent') return v;
    if (wantsJson(req) || req.method !== 'GET') {
      void res.code(401).header('cache-control', 'no-store').send({ error: 'not signed in to the console' });
    } else if (v.kind === 'not-agent') {
      void consoleHtml(res, 403, notAgentPage(v.locale, v.name));
    } else {
      void res.header('cache-control', 'no-store').redirect('/console/sign-in', 303);
    }
    return null;
  }

  async function queueView(req: FastifyRequest, agent: Agent, locale: Locale): Promise<QueueView> {
    const filters = readFilters(req.query, agent, opts.departments);
    const page = await opts.store.queue(storeQuery(filters, agent, opts.departments));
    return { agent, locale, filters, page, departments: opts.departments, now: now(), ...(opts.sla ? { sla: opts.sla } : {}) };
  }

  async function ticketView(code: string, who: { agent: Agent; csrf: string; locale: Locale }): Promise<TicketPageView | null> {
    const ticket = code.length <= 64 ? await opts.store.get(code) : null;
    if (!ticket || !worksOn(who.agent, ticket.department)) return null;
    const events = await opts.store.events(ticket.code);
    const uploads = opts.files ? { uploads: { maxBytes: opts.files.limits.maxFileBytes, maxFiles: FILES_PER_MESSAGE } } : {};
    return { agent: who.agent, locale: who.locale, ticket, events, departments: opts.departments, csrf: who.csrf, now: now(), ...(opts.sla ? { sla: opts.sla } : {}), ...uploads };
  }

  const codeOf = (req: FastifyRequest) => String((req.params as { code?: unknown }).code ?? '').toUpperCase();
  const fragment = (req: FastifyRequest) => !!req.query && typeof req.query === 'object' && Object.hasOwn(req.query, 'fragment');

  const deps: ConsoleDeps = { gate: access, store: opts.store, departments: opts.departments, logger: opts.logger };

  async function routes(scope: FastifyInstance) {
    acceptForms(scope);
    // Foreign Host (DNS rebinding) or Origin: refused before any console route runs.
    scope.addHook('onRequest', async (req, res) => {
      const refusal = opts.webAuth.check({ method: req.method, headers: req.headers, query: {} });
      if (refusal) return res.code(refusal.status).send({ error: refusal.error });
      return undefined;
    });
    access.register(scope);

    scope.get('/console/assets/console.css', (_req, res) => res.header('cache-control', 'no-cache').type('text/css; charset=utf-8').send(CSS));
    scope.get('/console/assets/console.js', (_req, res) => res.header('cache-control', 'no-cache').type('text/javascript; charset=utf-8').send(JS));

    scope.get('/console', async (req, res) => {
      const started = process.hrtime.bigint();
      const who = await agentOf(req, res);
      if (!who) return res;
      const view = await queueView(req, who.agent, who.locale);
      const body = fragment(req) ? queueRegionHtml(view) : null;
      const page = body ?? consolePage({ title: word(who.locale, 'queue.title'), locale: who.locale, agent: who.agent, active: 'queue', body: queueBody(view), csrf: who.csrf, path: req.url.slice(0, 500) });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      res.header('server-timing', `queue;dur=${ms.toFixed(2)}`);
      if (body !== null) return res.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
      return consoleHtml(res, 200, page);
    });

    scope.get('/console/stream', async (req, res) => {
      const who = await agentOf(req, res);
      if (!who) return res;
      const refused = streams.refusal(who.agent);
      if (refused) return res.code(429).send({ error: refused });
      res.hijack();
      res.raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      res.raw.write(': connected\n\n');
      const stillAgent = async () => {
        const v = await access.visitor(req);
        return v.kind === 'agent' ? v.agent : null;
      };
      const remove = streams.open(who.agent, res.raw, stillAgent);
      req.raw.on('close', remove);
      return undefined;
    });

    scope.get('/console/tickets/:code', async (req, res) => {
      const who = await agentOf(req, res);
      if (!who) return res;
      const view = await ticketView(codeOf(req), who);
      if (!view) {
        if (fragment(req)) return res.code(404).send({ error: 'not found' });
        const page = consolePage({ title: codeOf(req), locale: who.locale, agent: who.agent, active: 'queue', body: ticketNotFoundBody(who.locale, codeOf(req)), csrf: who.csrf });
        return consoleHtml(res, 404, page);
      }
      if (fragment(req)) return res.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(ticketLiveHtml(view));
      return consoleHtml(res, 200, ticketPage(view, req.url));
    });

    scope.post('/console/tickets/:code', async (req, res) => {
      const who = await agentOf(req, res);
      if (!who) return res;
      const refusal = access.checkWrite(req);
      if (refusal) return res.code(refusal.status).header('cache-control', 'no-store').send({ error: refusal.error });
      const before = await ticketView(codeOf(req), who);
      if (!before) return wantsJson(req) ? res.code(404).send({ error: 'not found' }) : consoleHtml(res, 404, consolePage({ title: codeOf(req), locale: who.locale, agent: who.agent, active: 'queue', body: ticketNotFoundBody(who.locale, codeOf(req)), csrf: who.csrf }));
      const read = readAction(req.body, before.ticket.code, who.locale, opts.departments);
      if (!read.ok) {
        if (wantsJson(req)) return res.code(400).send({ errors: read.errors });
        return consoleHtml(res, 400, ticketPage({ ...before, errors: read.errors, values: read.values }, req.url));
      }
      const { agent } = who;
      const from = { platform: agent.platform, userId: agent.userId, name: agent.name, locale: who.locale };
      const once = field(req.body, 'once');
      const id = ONCE.test(once) ? { id: `console:${once}` } : {};
      const replies = await opts.handle({ kind: 'command', channel: 'console', ...id, from, command: read.command });
      const desk = replies.map((r) => r.text);
      const after = (await ticketView(before.ticket.code, who)) ?? before;
      const changed = after.ticket.version !== before.ticket.version;
      // The same form again (its `once` already handled): the ticket as it is, nothing to keep typed.
      if (!changed && replies.length === 0 && 'id' in id) return wantsJson(req) ? res.header('cache-control', 'no-store').send({ changed, desk, version: after.ticket.version }) : consoleHtml(res, 200, ticketPage(after, req.url));
      if (wantsJson(req)) return res.header('cache-control', 'no-store').send({ changed, desk, version: after.ticket.version });
      // Refused by the desk: what was typed stays in its form.
      const view: TicketPageView = { ...after, desk, ...(changed ? {} : { values: read.values }) };
      return consoleHtml(res, changed ? 200 : 409, ticketPage(view, req.url));
    });

    if (opts.files) {
      const keeper = opts.files;
      await scope.register(async (uploads) => {
        await acceptUploads(uploads);
        uploads.post('/console/tickets/:code/files', (req, res) => sendFiles(req, res, keeper));
      });
    }

    await opts.extraRoutes?.(scope, deps);
  }

  /** Files an agent sends on a ticket: to the requester as a reply, or to agents as an internal note. */
  async function sendFiles(req: FastifyRequest, res: FastifyReply, keeper: FileKeeper) {
    closeIfUnread(req, res);
    const who = await agentOf(req, res);
    if (!who) return res;
    const notFound = (w: typeof who) => (wantsJson(req) ? res.code(404).send({ error: 'not found' }) : consoleHtml(res, 404, consolePage({ title: codeOf(req), locale: w.locale, agent: w.agent, active: 'queue', body: ticketNotFoundBody(w.locale, codeOf(req)), csrf: w.csrf })));
    const before = await ticketView(codeOf(req), who);
    if (!before) return notFound(who);
    const max = keeper.limits.maxFileBytes;
    const read = await readUpload(req, { maxFileBytes: max, maxFiles: FILES_PER_MESSAGE });
    if (!read.ok) return res.code(read.status).header('cache-control', 'no-store').send({ error: read.error });
    // The form's token is one of its fields: read with them, checked before any file is kept.
    (req as { body: unknown }).body = read.fields;
    const refusal = access.checkWrite(req);
    if (refusal) return res.code(refusal.status).header('cache-control', 'no-store').send({ error: refusal.error });
    const text = field(read.fields, 'text');
    const to = field(read.fields, 'to') === 'note' ? 'note' : 'reply';
    const values = { 'files.text': text, 'files.to': to };
    const errors: Record<string, string> = {};
    if (read.files.length === 0 && read.tooBig.length === 0) errors['files.files'] = word(who.locale, 'files.nothing');
    if (text.length > 4000) errors['files.text'] = word(who.locale, 'ticket.tooLong', { max: 4000 });
    if (Object.keys(errors).length > 0) {
      if (wantsJson(req)) return res.code(400).send({ errors });
      return consoleHtml(res, 400, ticketPage({ ...before, errors, values }, req.url));
    }
    const kept: Attachment[] = [];
    const refused: RefusedFile[] = read.tooBig.map((name) => ({ name: cleanFileName(name), reason: 'too_big', detail: `> ${sizeWords(max)}` }));
    for (const file of read.files) {
      const verdict = await keeper.accept(file, before.ticket.files ?? []);
      if (verdict.ok) kept.push(verdict.file);
      else refused.push(verdict.refused);
    }
    const { agent } = who;
    const from = { platform: agent.platform, userId: agent.userId, name: agent.name, locale: who.locale };
    const once = field(read.fields, 'once');
    const id = ONCE.test(once) ? { id: `console:${once}` } : {};
    const replies = await opts.handle({
      kind: 'command', channel: 'console', ...id, from, command: { verb: to, code: before.ticket.code, text },
      ...(kept.length > 0 ? { files: kept } : {}), ...(refused.length > 0 ? { refusedFiles: refused } : {}),
    });
    const desk = [...(read.tooMany ? [tooManyFilesWords(who.locale, FILES_PER_MESSAGE)] : []), ...replies.map((r) => r.text)];
    const after = (await ticketView(before.ticket.code, who)) ?? before;
    const changed = after.ticket.version !== before.ticket.version;
    if (wantsJson(req)) return res.header('cache-control', 'no-store').send({ changed, desk, version: after.ticket.version, refused });
    return consoleHtml(res, changed ? 200 : 409, ticketPage({ ...after, desk, ...(changed ? {} : { values }) }, `/console/tickets/${encodeURIComponent(after.ticket.code)}`));
  }

  function ticketPage(view: TicketPageView, path: string): string {
    return consolePage({ title: view.ticket.code, locale: view.locale, agent: view.agent, active: 'queue', body: ticketBody(view), csrf: view.csrf, path: path.slice(0, 500) });
  }

  return {
    name: 'console',
    access,
    deps,

    async register(app: FastifyInstance) {
      // Streams never end by themselves: closing them first lets the server's close finish.
      app.addHook('preClose', async () => streams.closeAll());
      await app.register(async (scope) => routes(scope));
    },

    stepsFor(record: ChangeRecord): DeliveryStep[] {
      const { feed } = opts;
      // Streams on other instances may want it even when none is open here.
      if (streams.size === 0 && !feed) return [];
      const { code, version, department } = record.ticket;
      return [
        {
          what: `console notice ${code}`,
          run: async () => {
            // Through the feed, this instance's streams included. A notice only prompts a fetch: one the feed
            // cannot take is not worth a retry, and one told twice (here and read back) costs a fetch.
            const published = feed
              ? await feed.publish(CONSOLE_NOTICE, { code, version, department }).then(
                  () => true,
                  (err: unknown) => (opts.logger.warn({ err, ticket: code }, 'could not publish a console notice on the live feed: only consoles open here hear of it'), false),
                )
              : false;
            if (!published || !feed?.reading()) streams.notify({ code, version }, department);
          },
        },
      ];
    },

    // Nobody is reached "on the console": people are reached on their platforms.
    async sendDirect() {},

    async stop() {
      unsubscribe?.();
      streams.closeAll();
    },
  };
}

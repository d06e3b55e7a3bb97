// A stand-in for Discord on 127.0.0.1: the REST API (recording every call the
// real discord.js makes) and, on the same port, the gateway WebSocket holding
// the conversation discord.js expects (HELLO, IDENTIFY/READY + GUILD_CREATE,
// heartbeats acked, RESUME replaying what was missed). Dispatches are numbered
// and kept, so a dropped connection can be resumed. Every session open gets
// every dispatch, as Discord does for a bot connected twice without shards.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { WebSocketServer, type WebSocket } from 'ws';
import type { IncomingMessage } from 'node:http';
import { waitForCall } from './recorded-calls.js';

const fixtures = new URL('../fixtures/platforms/discord/', import.meta.url);
export const fixture = (name: string) => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8')) as Record<string, any>;

export const GUILD = '100000000000000001';
export const SUPPORT = '100000000000000002';
export const TRIAGE = '100000000000000005';
export const APP = '100000000000000004';
export const AGENT_ROLE = '100000000000000030';
/** A second mapped role, for suites that map it (hr at L2). */
export const HR_ROLE = '100000000000000031';
export const BOT_USER = fixture('gateway_ready.json').d.user;

export interface DiscordCall {
  method: string;
  /** Path after /api/v10, decoded. */
  path: string;
  body: any;
  auth: string | undefined;
  /** performance.now() when it arrived. */
  at: number;
  /** What the fake answered (a message, a channel). */
  result: any;
  /** The files of a multipart/form-data call (discord.js's uploads), in the order of their `files[n]` parts. */
  files?: UploadedFile[];
}

/** One `files[n]` part of an upload, as the fake read it off the wire. */
export interface UploadedFile {
  key: string;
  name: string;
  contentType: string;
  bytes: Buffer;
}

/** A file someone attached on "Discord", served by the fake's CDN at `url`. */
export interface HostedAttachment {
  id: string;
  filename: string;
  size: number;
  url: string;
  proxy_url: string;
  content_type?: string;
}

export interface FakeDiscord {
  apiUrl: string;
  calls: DiscordCall[];
  identify: any;
  resumes: number;
  /** IDENTIFYs received: each a new gateway session. */
  identifies: number;
  /** Gateway sessions open now (identified or resumed, not yet closed). */
  sessions(): number;
  /** The most sessions ever open at once. */
  mostSessions: number;
  /** Resolves once the bot has identified (or resumed) and got READY. */
  ready(): Promise<void>;
  /** Sends a DISPATCH (queued if the bot is not connected); returns its sequence number. */
  dispatch(t: string, d: unknown): number;
  /** performance.now() of each dispatch, by its `d.id`. */
  dispatchedAt: Map<string, number>;
  /** Drops the connection the way a network failure does. */
  drop(): void;
  /** Every new message (POST …/messages) answers this status until `mendPosts()`; edits and threads still work. */
  breakPosts(status: number): void;
  mendPosts(): void;
  /** Posts refused that way, in order. */
  refused: { path: string; body: any }[];
  /** Server members' roles, as GET /guilds/:guild/members/:user answers them; anyone else is not a member (10007). */
  members: Map<string, string[]>;
  /**
   * A file put on the fake's CDN, as Discord lists it in a message's `attachments`.
   * `declaredSize` is what the attachment claims (Discord's `size`), for a file said to be bigger than its bytes.
   */
  host(filename: string, bytes: Uint8Array, options?: { contentType?: string; declaredSize?: number }): HostedAttachment;
  /** Every GET of a hosted file, by its path. */
  downloads: string[];
  /** The next `n` new messages are created but answered with a 500, as when Discord's answer is lost on the way. */
  loseAnswers(n: number): void;
  /** Every message created, by channel, once each (a repeated `nonce` with `enforce_nonce` creates none). */
  created: { channelId: string; message: any; files: UploadedFile[] }[];
  snowflake(): string;
  waitFor(pred: (c: DiscordCall) => boolean, what: string, timeoutMs?: number): Promise<DiscordCall>;
  close(): Promise<void>;
}

export async function startFakeDiscord(): Promise<FakeDiscord> {
  const calls: DiscordCall[] = [];
  const dispatchedAt = new Map<string, number>();
  let broken: number | null = null;
  const refused: { path: string; body: any }[] = [];
  const members = new Map<string, string[]>();
  const hosted = new Map<string, Buffer>();
  const downloads: string[] = [];
  const created: { channelId: string; message: any; files: UploadedFile[] }[] = [];
  /** Messages by `<channel>:<nonce>`: Discord returns the first for a repeated nonce when asked to enforce it. */
  const byNonce = new Map<string, any>();
  let toLose = 0;
  let next = 300000000000000000n;
  const snowflake = () => String(++next);
  const guild = fixture('gateway_guild_create_minimal.json').d;
  guild.channels = [guild.channels[0], { ...guild.channels[0], id: TRIAGE, name: 'triage', position: 1 }];
  guild.roles = [...guild.roles, { ...guild.roles[0], id: AGENT_ROLE, name: 'IT agents', position: 1 }, { ...guild.roles[0], id: HR_ROLE, name: 'HR L2', position: 2 }];

  const attachmentsOf = (channelId: string, files: UploadedFile[]) =>
    files.map((f) => {
      const id = snowflake();
      const path = `/attachments/${channelId}/${id}/${encodeURIComponent(f.name)}`;
      hosted.set(path, f.bytes);
      const url = `http://127.0.0.1:${port}${path}`;
      return { id, filename: f.name, size: f.bytes.length, url, proxy_url: url, content_type: f.contentType };
    });
  const message = (channelId: string, body: any, files: UploadedFile[] = []) => ({
    id: snowflake(), channel_id: channelId, author: BOT_USER, type: 0, content: body?.content ?? '', embeds: body?.embeds ?? [], components: body?.components ?? [],
    timestamp: new Date().toISOString(), edited_timestamp: null, tts: false, mention_everyone: false, mentions: [], mention_roles: [], attachments: attachmentsOf(channelId, files), pinned: false, flags: body?.flags ?? 0,
    ...(body?.nonce !== undefined ? { nonce: body.nonce } : {}),
  });

  let port = 0;
  const server = createServer(async (req, res) => {
    const at = performance.now();
    if (req.method === 'GET' && req.url?.startsWith('/attachments/')) return serveHosted(req.url, res);
    const { body, files } = await readCall(req);
    const path = decodeURIComponent((req.url ?? '').replace(/^\/api\/v10/, '').split('?')[0]!);
    const method = req.method ?? '';
    const send = (status: number, value?: unknown) => {
      calls.push({ method, path, body, auth: req.headers.authorization, at, result: value, ...(files ? { files } : {}) });
      res.writeHead(status, value === undefined ? {} : { 'content-type': 'application/json' });
      res.end(value === undefined ? undefined : JSON.stringify(value));
    };
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      return send(200, { url: `ws://127.0.0.1:${port}/gateway`, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 14400000, max_concurrency: 1 } });
    }
    if (/^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) return send(204);
    if ((m = /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/.exec(path))) return method === 'DELETE' ? send(204) : send(200, message(SUPPORT, body));
    if (/^\/webhooks\/\d+\/[^/]+$/.test(path)) return send(200, message(SUPPORT, body));
    if ((m = /^\/channels\/(\d+)\/messages$/.exec(path)) && method === 'POST') {
      if (broken !== null) {
        refused.push({ path, body });
        res.writeHead(broken, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ message: 'Internal Server Error', code: 0 }));
      }
      // Discord refuses an upload of more than 10 files and a nonce of more than 25 characters.
      if ((files?.length ?? 0) > 10 || String(body?.nonce ?? '').length > 25) return send(400, { message: 'Invalid Form Body', code: 50035 });
      const nonceKey = body?.enforce_nonce && body.nonce !== undefined ? `${m[1]}:${body.nonce}` : null;
      const earlier = nonceKey ? byNonce.get(nonceKey) : undefined;
      if (earlier) return send(200, earlier);
      const made = message(m[1]!, body, files ?? []);
      created.push({ channelId: m[1]!, message: made, files: files ?? [] });
      if (nonceKey) byNonce.set(nonceKey, made);
      if (toLose > 0) {
        toLose--;
        calls.push({ method, path, body, auth: req.headers.authorization, at, result: null, ...(files ? { files } : {}) });
        res.writeHead(500, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ message: 'Internal Server Error', code: 0 }));
      }
      return send(200, made);
    }
    if ((m = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path)) && method === 'PATCH') return send(200, { ...message(m[1]!, body, files ?? []), id: m[2] });
    if ((m = /^\/channels\/(\d+)\/threads$/.exec(path)) && method === 'POST') {
      const thread = {
        id: snowflake(), guild_id: GUILD, parent_id: m[1], name: body.name, type: body.type, owner_id: BOT_USER.id, member_count: 1, message_count: 0,
        thread_metadata: { archived: false, auto_archive_duration: body.auto_archive_duration ?? 4320, archive_timestamp: new Date().toISOString(), locked: false, invitable: body.invitable ?? true },
      };
      send(201, thread);
      fake.dispatch('THREAD_CREATE', { ...thread, newly_created: true });
      return;
    }
    if (/^\/channels\/\d+\/thread-members\/\d+$/.test(path) && method === 'PUT') return send(204);
    // A thread renamed, archived or locked: Discord answers with the channel as it now is.
    if ((m = /^\/channels\/(\d+)$/.exec(path)) && method === 'PATCH') {
      return send(200, { id: m[1], guild_id: GUILD, parent_id: SUPPORT, type: 12, name: body?.name ?? 'thread', thread_metadata: { archived: !!body?.archived, locked: !!body?.locked, auto_archive_duration: 10080, archive_timestamp: new Date().toISOString() } });
    }
    if ((m = /^\/guilds\/(\d+)\/members\/(\d+)$/.exec(path)) && method === 'GET') {
      const roles = m[1] === GUILD ? members.get(m[2]!) : undefined;
      if (!roles) return send(404, { message: 'Unknown Member', code: 10007 });
      return send(200, { user: { id: m[2], username: 'member', discriminator: '0', avatar: null }, roles, joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 });
    }
    if (path === '/users/@me/channels' && method === 'POST') return send(200, { id: `9${body.recipient_id.slice(1)}`, type: 1, recipients: [{ id: body.recipient_id, username: 'member', discriminator: '0', avatar: null }] });
    if (/^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path) && method === 'PUT') {
      return send(200, (body as any[]).map((c) => ({ ...c, id: snowflake(), application_id: APP, version: '1' })));
    }
    send(404, { message: `Unknown route ${method} ${path}`, code: 0 });
  });

  function serveHosted(url: string, res: import('node:http').ServerResponse) {
    const path = url.split('?')[0]!;
    downloads.push(path);
    const bytes = hosted.get(path);
    if (!bytes) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return void res.end('Not Found');
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
    res.end(bytes);
  }

  const wss = new WebSocketServer({ server, path: '/gateway' });
  const log: { s: number; frame: string }[] = [];
  let seq = 0;
  const live = new Set<WebSocket>();
  let identify: any = null;
  let identifies = 0;
  let most = 0;
  let resumes = 0;
  let onReady: () => void = () => undefined;
  let readyOnce = new Promise<void>((r) => (onReady = r));
  const sessionId = 'fake-session-0001';

  const sendNow = (ws: WebSocket, frame: object) => ws.send(JSON.stringify(frame));

  wss.on('connection', (ws) => {
    sendNow(ws, { op: 10, d: { heartbeat_interval: 1000 }, s: null, t: null });
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { op: number; d: any };
      if (msg.op === 1) return sendNow(ws, { op: 11, d: null, s: null, t: null });
      if (msg.op === 2) {
        identify = msg.d;
        identifies++;
        live.add(ws);
        most = Math.max(most, live.size);
        log.length = 0;
        seq = 0;
        const ready = fixture('gateway_ready.json').d;
        ready.resume_gateway_url = `ws://127.0.0.1:${port}/gateway`;
        ready.session_id = sessionId;
        ready.guilds = [{ id: GUILD, unavailable: true }];
        fake.dispatch('READY', ready);
        fake.dispatch('GUILD_CREATE', guild);
        onReady();
        return;
      }
      if (msg.op === 6) {
        resumes++;
        live.add(ws);
        most = Math.max(most, live.size);
        for (const entry of log.filter((e) => e.s > (msg.d.seq ?? 0))) ws.send(entry.frame);
        sendNow(ws, { op: 0, t: 'RESUMED', s: seq, d: {} });
        onReady();
      }
    });
    ws.on('close', () => {
      live.delete(ws);
    });
  });

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;

  const fake: FakeDiscord = {
    apiUrl: `http://127.0.0.1:${port}/api`,
    calls,
    get identify() {
      return identify;
    },
    get resumes() {
      return resumes;
    },
    get identifies() {
      return identifies;
    },
    sessions: () => live.size,
    get mostSessions() {
      return most;
    },
    ready: () => readyOnce,
    dispatch(t, d) {
      const s = ++seq;
      const frame = JSON.stringify({ op: 0, t, s, d });
      log.push({ s, frame });
      const id = (d as { id?: string }).id;
      if (id) dispatchedAt.set(id, performance.now());
      for (const ws of live) ws.send(frame);
      return s;
    },
    dispatchedAt,
    breakPosts: (status) => void (broken = status),
    mendPosts: () => void (broken = null),
    refused,
    members,
    host(filename, bytes, options = {}) {
      const id = snowflake();
      const path = `/attachments/${SUPPORT}/${id}/${encodeURIComponent(filename)}`;
      hosted.set(path, Buffer.from(bytes));
      // Discord's CDN links are signed and expire; the query stands for that.
      const url = `http://127.0.0.1:${port}${path}?ex=67a0b1c2&is=679f6042&hm=fake`;
      return { id, filename, size: options.declaredSize ?? bytes.length, url, proxy_url: url, ...(options.contentType ? { content_type: options.contentType } : {}) };
    },
    downloads,
    loseAnswers: (n) => void (toLose = n),
    created,
    drop() {
      readyOnce = new Promise<void>((r) => (onReady = r));
      for (const ws of live) ws.terminate();
      live.clear();
    },
    snowflake,
    waitFor: (pred, what, timeoutMs) => waitForCall(calls, pred, what, (c) => `${c.method} ${c.path}`, timeoutMs),
    close: () =>
      new Promise((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.close(() => r());
      }),
  };
  return fake;
}

/** A REST call's body: JSON, or discord.js's multipart upload (`payload_json` and `files[n]` parts), read as Discord reads it. */
async function readCall(req: IncomingMessage): Promise<{ body: any; files?: UploadedFile[] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data')) return { body: raw.length > 0 ? JSON.parse(raw.toString('utf8')) : null };
  const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
  const files: UploadedFile[] = [];
  let body: any = null;
  for (const [key, value] of form.entries()) {
    if (key === 'payload_json' && typeof value === 'string') body = JSON.parse(value);
    else if (typeof value !== 'string') files.push({ key, name: value.name, contentType: value.type, bytes: Buffer.from(await value.arrayBuffer()) });
  }
  return { body, files };
}

/** The variables that point a server under test at this fake: support and triage channels, agents by role. */
export function discordServerEnv(fake: FakeDiscord): Record<string, string> {
  return {
    DISCORD_TOKEN: 'fake-bot-token-0123456789',
    DISCORD_APPLICATION_ID: APP,
    DISCORD_API_URL: fake.apiUrl,
    DISCORD_GUILD_ID: GUILD,
    DISCORD_SUPPORT_CHANNEL_ID: SUPPORT,
    DISCORD_TRIAGE_CHANNEL_ID: TRIAGE,
    // Holders of this role are IT agents at L1, the way Discord servers say who is who.
    DISCORD_AGENT_ROLES: `${AGENT_ROLE}:it:1`,
  };
}

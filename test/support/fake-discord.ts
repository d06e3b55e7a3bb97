// A stand-in for Discord on 127.0.0.1: the REST API (recording every call the
// real discord.js makes) and, on the same port, the gateway WebSocket holding
// the conversation discord.js expects (HELLO, IDENTIFY/READY + GUILD_CREATE,
// heartbeats acked, RESUME replaying what was missed). Dispatches are numbered
// and kept, so a dropped connection can be resumed.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { WebSocketServer, type WebSocket } from 'ws';
import { readBody, waitForCall } from './recorded-calls.js';

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
}

export interface FakeDiscord {
  apiUrl: string;
  calls: DiscordCall[];
  identify: any;
  resumes: number;
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
  let next = 300000000000000000n;
  const snowflake = () => String(++next);
  const guild = fixture('gateway_guild_create_minimal.json').d;
  guild.channels = [guild.channels[0], { ...guild.channels[0], id: TRIAGE, name: 'triage', position: 1 }];
  guild.roles = [...guild.roles, { ...guild.roles[0], id: AGENT_ROLE, name: 'IT agents', position: 1 }, { ...guild.roles[0], id: HR_ROLE, name: 'HR L2', position: 2 }];

  const message = (channelId: string, body: any) => ({
    id: snowflake(), channel_id: channelId, author: BOT_USER, type: 0, content: body?.content ?? '', embeds: body?.embeds ?? [], components: body?.components ?? [],
    timestamp: new Date().toISOString(), edited_timestamp: null, tts: false, mention_everyone: false, mentions: [], mention_roles: [], attachments: [], pinned: false, flags: body?.flags ?? 0,
  });

  let port = 0;
  const server = createServer(async (req, res) => {
    const at = performance.now();
    const raw = await readBody(req);
    const body = raw ? JSON.parse(raw) : null;
    const path = decodeURIComponent((req.url ?? '').replace(/^\/api\/v10/, '').split('?')[0]!);
    const method = req.method ?? '';
    const send = (status: number, value?: unknown) => {
      calls.push({ method, path, body, auth: req.headers.authorization, at, result: value });
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
      if (broken === null) return send(200, message(m[1]!, body));
      refused.push({ path, body });
      res.writeHead(broken, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ message: 'Internal Server Error', code: 0 }));
    }
    if ((m = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path)) && method === 'PATCH') return send(200, { ...message(m[1]!, body), id: m[2] });
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

  const wss = new WebSocketServer({ server, path: '/gateway' });
  const log: { s: number; frame: string }[] = [];
  let seq = 0;
  let live: WebSocket | null = null;
  let identify: any = null;
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
        live = ws;
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
        live = ws;
        for (const entry of log.filter((e) => e.s > (msg.d.seq ?? 0))) ws.send(entry.frame);
        sendNow(ws, { op: 0, t: 'RESUMED', s: seq, d: {} });
        onReady();
      }
    });
    ws.on('close', () => {
      if (live === ws) live = null;
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
    ready: () => readyOnce,
    dispatch(t, d) {
      const s = ++seq;
      const frame = JSON.stringify({ op: 0, t, s, d });
      log.push({ s, frame });
      const id = (d as { id?: string }).id;
      if (id) dispatchedAt.set(id, performance.now());
      live?.send(frame);
      return s;
    },
    dispatchedAt,
    breakPosts: (status) => void (broken = status),
    mendPosts: () => void (broken = null),
    refused,
    members,
    drop() {
      readyOnce = new Promise<void>((r) => (onReady = r));
      live?.terminate();
      live = null;
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

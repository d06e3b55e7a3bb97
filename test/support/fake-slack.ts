// A stand-in for Slack's Web API (and response_url) on 127.0.0.1 that records
// every call the real WebClient makes. Bodies arrive form-encoded, as Slack's do.
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { readBody, waitForCall } from './recorded-calls.js';
import { SIGNING_SECRET } from './slack-requests.js';

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  /** What the fake answered. */
  result: Record<string, unknown>;
}

export interface FakeSlack {
  apiUrl: string;
  respondUrl(name: string): string;
  calls: SlackCall[];
  /** Messages conversations.history serves, by channel. */
  history: Map<string, { ts: string; text: string; user: string; bot_id?: string }[]>;
  /** The next call of this method answers 429 with Retry-After: 1. */
  rateLimitOnce(method: string): void;
  /** Every call of this method answers `{ ok: false, error }` (HTTP 200, as Slack reports its own failures) until `mend`. */
  refuse(method: string, error?: string): void;
  mend(method: string): void;
  /** Calls refused that way, in order. */
  refused: SlackCall[];
  /**
   * Calls whose method starts with `prefix` (e.g. "chat.") get no answer until
   * `release()`; those whose caller hung up meanwhile are dropped unanswered
   * (Slack never saw them) and listed in `dropped`.
   */
  hold(prefix: string): { release(): void };
  /** Calls waiting on a hold right now (their callers still connected). */
  held(): { method: string; args: Record<string, unknown> }[];
  dropped: { method: string; args: Record<string, unknown> }[];
  waitFor(pred: (c: SlackCall) => boolean, what: string, timeoutMs?: number): Promise<SlackCall>;
  /** Socket Mode: envelopes to the connected app, and the acks it sent back. */
  socket: { connected(): Promise<void>; send(envelope: object): void; acks: { envelope_id: string; payload?: unknown }[] };
  close(): Promise<void>;
}

function decode(body: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.startsWith('application/json')) return JSON.parse(body || '{}') as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    try {
      out[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
    } catch {
      out[k] = v;
    }
  }
  return out;
}

export async function startFakeSlack(users: Record<string, { name: string; locale: string }>): Promise<FakeSlack> {
  const calls: SlackCall[] = [];
  const limited = new Set<string>();
  const refusing = new Map<string, string>();
  const refused: SlackCall[] = [];
  const holds = new Map<string, Promise<void>>();
  const holdReleases = new Map<string, () => void>();
  const waiting = new Set<{ method: string; args: Record<string, unknown> }>();
  const dropped: { method: string; args: Record<string, unknown> }[] = [];
  const history = new Map<string, { ts: string; text: string; user: string; bot_id?: string }[]>();
  let ts = 1_700_000_000;
  const answer = (method: string, args: Record<string, unknown>): Record<string, unknown> => {
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'U0FAKEBOT1', bot_id: 'B0FAKEBOT1', team_id: 'T0FAKETEAM' };
      case 'chat.postMessage':
        return { ok: true, channel: args.channel, ts: `${++ts}.000100` };
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${++ts}.000200` };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users)}` } };
      case 'conversations.history':
        return { ok: true, messages: (history.get(String(args.channel)) ?? []).filter((m) => m.ts === args.latest) };
      case 'apps.connections.open':
        return { ok: true, url: `ws://127.0.0.1:${port}/link/?ticket=fake` };
      case 'users.info': {
        const u = users[String(args.user)];
        return u
          ? { ok: true, user: { id: args.user, name: u.name.toLowerCase(), real_name: u.name, locale: u.locale, profile: { display_name: u.name } } }
          : { ok: false, error: 'user_not_found' };
      }
      default:
        return { ok: true };
    }
  };
  const server = createServer(async (req, res) => {
    const body = decode(await readBody(req), req.headers['content-type']);
    const url = req.url ?? '';
    const method = url.startsWith('/api/') ? url.slice(5) : `respond${url.slice('/respond'.length)}`;
    const hold = [...holds].find(([prefix]) => method.startsWith(prefix))?.[1];
    if (hold) {
      const entry = { method, args: body };
      let gone = false;
      res.once('close', () => {
        if (res.writableFinished || !waiting.delete(entry)) return;
        gone = true;
        dropped.push(entry);
      });
      waiting.add(entry);
      await hold;
      waiting.delete(entry);
      if (gone) return;
    }
    const refusal = refusing.get(method);
    if (refusal) {
      const result = { ok: false, error: refusal };
      refused.push({ method, args: body, result });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(result));
      return;
    }
    if (limited.delete(method)) {
      res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
      res.end('{"ok":false,"error":"ratelimited"}');
      return;
    }
    const result = url.startsWith('/api/') ? answer(method, body) : { ok: true };
    calls.push({ method, args: body, result });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(result));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  const wss = new WebSocketServer({ server, path: '/link/' });
  let peer: WebSocket | null = null;
  let onConnect: () => void = () => undefined;
  const connected = new Promise<void>((r) => (onConnect = r));
  const acks: { envelope_id: string; payload?: unknown }[] = [];
  wss.on('connection', (ws) => {
    peer = ws;
    ws.on('message', (data) => acks.push(JSON.parse(String(data)) as { envelope_id: string }));
    ws.send(JSON.stringify({ type: 'hello', connection_info: { app_id: 'A0FAKEAPP1' }, num_connections: 1 }));
    onConnect();
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    apiUrl: `${base}/api/`,
    respondUrl: (name) => `${base}/respond/${name}`,
    calls,
    history,
    rateLimitOnce: (method) => void limited.add(method),
    refuse: (method, error = 'internal_error') => void refusing.set(method, error),
    mend: (method) => void refusing.delete(method),
    refused,
    hold(prefix) {
      let open = () => undefined as void;
      holds.set(prefix, new Promise<void>((r) => (open = r)));
      const release = () => {
        holds.delete(prefix);
        holdReleases.delete(prefix);
        open();
      };
      holdReleases.set(prefix, release);
      return { release };
    },
    held: () => [...waiting],
    dropped,
    waitFor: (pred, what, timeoutMs) => waitForCall(calls, pred, what, (c) => c.method, timeoutMs),
    socket: { connected: () => connected, send: (envelope) => peer?.send(JSON.stringify(envelope)), acks },
    close: () =>
      new Promise((r) => {
        for (const [, h] of holdReleases) h();
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => r());
      }),
  };
}

/** The variables that point a server under test at this fake, with a triage channel. */
export function slackServerEnv(fake: FakeSlack, triageChannel: string): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    SLACK_TRIAGE_CHANNEL: triageChannel,
    SLACK_BOT_ID: 'B0FAKEBOT1',
    SLACK_BOT_USER_ID: 'U0FAKEBOT1',
  };
}

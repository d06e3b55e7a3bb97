// A stand-in for Slack's Web API (and response_url) on 127.0.0.1 that records
// every call the real WebClient makes. Bodies arrive form-encoded, as Slack's do.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { readBody, waitForCall } from './recorded-calls.js';
import { SIGNING_SECRET } from './slack-requests.js';

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  /** What the fake answered. */
  result: Record<string, unknown>;
}

/** How the fake serves a hosted file's bytes at its url_private_download. */
export interface HostedFile {
  name: string;
  bytes: Uint8Array;
  mimetype?: string;
  /** The size the file object claims (the real one when absent). */
  claimedSize?: number;
  /** The Content-Length header to send instead of the real one (then the bytes as they are). */
  contentLength?: number;
  /** Stream this many bytes (the file's bytes over and over) without a Content-Length, until done or the reader hangs up. */
  endless?: number;
}

/** One GET of a hosted file: the Authorization header it came with, and how many body bytes were written before the reader stopped. */
export interface FileDownload {
  fileId: string;
  authorization: string | undefined;
  sent: number;
  /** The whole body went out. */
  finished: boolean;
}

/** Bytes POSTed to an upload_url, by the file_id getUploadURLExternal gave. */
export interface FileUpload {
  fileId: string;
  filename: string;
  length: number;
  bytes: Uint8Array | null;
}

export interface FakeSlack {
  apiUrl: string;
  /** A file Slack keeps, served only to the bot token; returns Slack's file object for an event or a form's state. */
  host(file: HostedFile): Record<string, unknown>;
  downloads: FileDownload[];
  uploads: Map<string, FileUpload>;
  /** The next POSTs of bytes to an upload URL answer 500, this many times. */
  failUploads(times: number): void;
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

/** The token slackServerEnv gives the server: the files host serves only requests bearing it. */
export const BOT_TOKEN = 'xoxb-test-token';

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

/** `email`: the profile's address, as Slack gives it to an app with the users:read.email scope. */
export async function startFakeSlack(users: Record<string, { name: string; locale: string; email?: string }>): Promise<FakeSlack> {
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
  const hosted = new Map<string, HostedFile>();
  const downloads: FileDownload[] = [];
  const uploads = new Map<string, FileUpload>();
  let uploadFailures = 0;
  let fileSeq = 0;
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
      case 'files.getUploadURLExternal': {
        const fileId = `F0UP${String(++fileSeq).padStart(6, '0')}`;
        uploads.set(fileId, { fileId, filename: String(args.filename), length: Number(args.length), bytes: null });
        return { ok: true, upload_url: `http://127.0.0.1:${port}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        // Slack completes only files whose bytes arrived at their upload URL.
        const files = Array.isArray(args.files) ? (args.files as { id: string; title?: string }[]) : [];
        if (files.length === 0 || files.some((f) => !uploads.get(f.id)?.bytes)) return { ok: false, error: 'file_upload_not_found' };
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title ?? uploads.get(f.id)!.filename })) };
      }
      case 'apps.connections.open':
        return { ok: true, url: `ws://127.0.0.1:${port}/link/?ticket=fake` };
      case 'users.info': {
        const u = users[String(args.user)];
        return u
          ? { ok: true, user: { id: args.user, name: u.name.toLowerCase(), real_name: u.name, locale: u.locale, profile: { display_name: u.name, ...(u.email ? { email: u.email } : {}) } } }
          : { ok: false, error: 'user_not_found' };
      }
      default:
        return { ok: true };
    }
  };
  const server = createServer(async (req, res) => {
    const url = req.url ?? '';
    if (url.startsWith('/files-pri/')) return serveFile(req, res);
    if (url.startsWith('/upload/')) return takeUpload(req, res);
    const body = decode(await readBody(req), req.headers['content-type']);
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

  /** Like Slack's files host: the file to a request with the bot token, a sign-in page (200, HTML) to anyone else. */
  function serveFile(req: IncomingMessage, res: ServerResponse) {
    const id = /^\/files-pri\/T0FAKETEAM-([A-Z0-9]+)\//.exec(req.url ?? '')?.[1] ?? '';
    const file = hosted.get(id);
    const record: FileDownload = { fileId: id, authorization: req.headers.authorization, sent: 0, finished: false };
    downloads.push(record);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('file_not_found');
      return;
    }
    if (req.headers.authorization !== `Bearer ${BOT_TOKEN}`) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!DOCTYPE html><html><body>Sign in to Slack</body></html>');
      return;
    }
    const type = file.mimetype ?? 'application/octet-stream';
    if (file.endless !== undefined) {
      res.writeHead(200, { 'content-type': type });
      const total = file.endless;
      const write = () => {
        while (record.sent < total && !res.destroyed) {
          const chunk = file.bytes.subarray(0, Math.min(file.bytes.length, total - record.sent));
          record.sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', write);
        }
        if (!res.destroyed) {
          record.finished = true;
          res.end();
        }
      };
      res.once('close', () => res.removeAllListeners('drain'));
      write();
      return;
    }
    res.writeHead(200, { 'content-type': type, 'content-length': String(file.contentLength ?? file.bytes.length) });
    res.write(file.bytes, () => {
      record.sent = file.bytes.length;
      record.finished = file.contentLength === undefined;
      res.end();
    });
  }

  /** The upload URL: the raw bytes of one file, as files.getUploadURLExternal promised them. */
  function takeUpload(req: IncomingMessage, res: ServerResponse) {
    const id = (req.url ?? '').slice('/upload/'.length);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const pending = uploads.get(id);
      if (uploadFailures > 0) {
        uploadFailures--;
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('upload failed');
        return;
      }
      if (!pending) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('no such upload');
        return;
      }
      pending.bytes = new Uint8Array(Buffer.concat(chunks));
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`OK - ${pending.bytes.length}`);
    });
  }

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
    host(file) {
      const id = `F0HOST${String(++fileSeq).padStart(6, '0')}`;
      hosted.set(id, file);
      const path = `/files-pri/T0FAKETEAM-${id}`;
      return {
        id,
        created: ts,
        name: file.name,
        title: file.name,
        mimetype: file.mimetype ?? 'application/octet-stream',
        filetype: file.name.split('.').pop() ?? '',
        user: 'U0FAKEUSER1',
        mode: 'hosted',
        is_external: false,
        size: file.claimedSize ?? file.bytes.length,
        url_private: `${base}${path}/${encodeURIComponent(file.name)}`,
        url_private_download: `${base}${path}/download/${encodeURIComponent(file.name)}`,
      };
    },
    downloads,
    uploads,
    failUploads: (times) => void (uploadFailures = times),
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
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    SLACK_TRIAGE_CHANNEL: triageChannel,
    SLACK_BOT_ID: 'B0FAKEBOT1',
    SLACK_BOT_USER_ID: 'U0FAKEBOT1',
  };
}

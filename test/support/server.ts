// A real Sportello server on 127.0.0.1 (random port) over a temporary data dir,
// plus small HTTP and Server-Sent-Events clients for it.
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../../app/config.js';
import { serve, type ServeOptions } from '../../app/serve.js';

export interface RunningServer {
  base: string;
  dataDir: string;
  /** The server's own desk, for a test that hands it an event no channel under test can send yet. */
  desk: Awaited<ReturnType<typeof serve>>['desk'];
  stop(): Promise<void>;
}

/** `logs`: the server's log lines at warn and above (parsed pino JSON) are kept there, for tests that check what it logged. */
export async function startServer(env: Record<string, string> = {}, options: ServeOptions = {}, logs?: Record<string, any>[]): Promise<RunningServer> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'sportello-http-'));
  const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', TICKET_INTAKE: 'direct', ...env });
  // TEST_LOG_LEVEL=debug shows what a server under test logs.
  const logger = logs
    ? pino({ level: 'warn' }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, any>) })
    : pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const server = await serve(config, logger, options);
  return {
    base: server.address,
    dataDir,
    desk: server.desk,
    stop: async () => {
      await server.stop();
      if (!env.DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

export interface Stream {
  next(timeoutMs?: number): Promise<any>;
  close(): void;
}

/** `GET /web/api/stream` as WEB_AUTH=none has it: the user named in the query. */
const streamOf = (user: string, query = '') => `/web/api/stream?user=${encodeURIComponent(user)}${query}`;

/** Opens the stream at `path` and hands each `data:` line, parsed, to `onItem`; resolves once connected. */
function readStream(base: string, path: string, headers: Record<string, string>, onItem: (item: any) => void): Promise<() => void> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { headers }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let idx;
        while ((idx = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, idx);
          buffer = buffer.slice(idx + 2);
          for (const line of frame.split('\n')) if (line.startsWith('data: ')) onItem(JSON.parse(line.slice(6)));
        }
      });
      resolve(() => req.destroy());
    });
    req.on('error', (err) => {
      if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(err);
    });
    req.end();
  });
}

/** Opens `GET /web/api/stream` for `user` (WEB_AUTH=none) and yields each pushed message in turn. */
export function openStream(base: string, user: string, query = ''): Promise<Stream> {
  return openStreamAt(base, streamOf(user, query));
}

/** Opens the stream at `path` (a signed-in person's: cookie or token in `headers` or the query); rejects with "stream answered <status>" when refused. */
export async function openStreamAt(base: string, path: string, headers: Record<string, string> = {}): Promise<Stream> {
  const queue: any[] = [];
  const waiters: ((v: any) => void)[] = [];
  const close = await readStream(base, path, headers, (value) => {
    const w = waiters.shift();
    if (w) w(value);
    else queue.push(value);
  });
  return {
    next: (timeoutMs = 3000) =>
      queue.length > 0
        ? Promise.resolve(queue.shift())
        : new Promise((res, rej) => {
            const waiter = (v: any) => {
              clearTimeout(timer);
              res(v);
            };
            // A wait that timed out must not swallow the next message.
            const timer = setTimeout(() => {
              waiters.splice(waiters.indexOf(waiter), 1);
              rej(new Error('no pushed message within ' + timeoutMs + ' ms'));
            }, timeoutMs);
            waiters.push(waiter);
          }),
    close,
  };
}

export interface Collected {
  /** Every message pushed so far, in order. */
  items: any[];
  close(): void;
}

/** Opens `GET /web/api/stream` and keeps every pushed message, for tests that look at all of them at once. */
export async function collectStream(base: string, user: string, onItem?: (item: any) => void): Promise<Collected> {
  const items: any[] = [];
  const close = await readStream(base, streamOf(user), {}, (item) => {
    items.push(item);
    onItem?.(item);
  });
  return { items, close };
}

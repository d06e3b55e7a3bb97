// The web chat's streams on the live feed, over a real SQLite store and a real
// HTTP connection: a message reaches the user's stream through the feed once,
// and one carrying a secret (a console sign-in link) reaches the streams on
// this instance without ever being written to the store.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createLiveFeed, type LiveFeed } from '../../adapters/channels/live-feed.js';
import { createStreamHub, type StreamHub } from '../../adapters/channels/web/stream-hub.js';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import type { Store } from '../../src/index.js';
import { until } from '../support/until.js';

let dir: string;
let store: Store;
let feed: LiveFeed;
let hub: StreamHub;
let server: Server;
const frames: { text: string }[] = [];
let closeStream: () => void;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sportello-hub-feed-'));
  store = createSqliteStore({ file: join(dir, 'sportello.db') });
  const logger = pino({ level: 'silent' });
  feed = createLiveFeed({ store, logger, pollMs: 50 });
  hub = createStreamHub({ inbox: store, limits: { perPerson: 0, total: 0 }, logger, feed });
  await feed.start();
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    hub.open('luca', res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/' }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        for (const line of chunk.split('\n')) if (line.startsWith('data: ')) frames.push(JSON.parse(line.slice(6)) as { text: string });
      });
      resolve();
    });
    req.on('error', () => undefined);
    req.end();
    closeStream = () => req.destroy();
  });
});

afterEach(async () => {
  closeStream();
  hub.closeAll();
  await feed.stop();
  await new Promise((r) => server.close(r));
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  frames.length = 0;
});

it('sends a message through the feed once, and keeps a secret off it', async () => {
  await until('the stream counted', async () => hub.refusal('luca') === null && (await store.heldFor({ platform: 'web', userId: 'luca' }, 1)).length === 0);
  await new Promise((r) => setTimeout(r, 100));
  await hub.deliver('luca', { text: 'Anna is working on your ticket IT-1.' });
  await hub.deliver('luca', { text: 'Sign in to the console: http://127.0.0.1/console/link?token=s3cr3t', ephemeral: true, secret: true }, { hold: false });
  await until('both messages on the stream', async () => frames.length >= 2);
  await new Promise((r) => setTimeout(r, 200));
  expect(frames.map((f) => f.text)).toEqual(['Anna is working on your ticket IT-1.', 'Sign in to the console: http://127.0.0.1/console/link?token=s3cr3t']);
  const entries = await store.feedAfter(0, 10);
  expect(entries.map((e) => (e.payload as { reply: { text: string } }).reply.text)).toEqual(['Anna is working on your ticket IT-1.']);
  expect(JSON.stringify(entries)).not.toContain('s3cr3t');
});

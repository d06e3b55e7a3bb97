// The live feed across instances: two readers on two connections to one store,
// as two Sportello instances behind a load balancer. B publishes MESSAGES web
// messages, one every GAP_MS; the delay is from B's publish call to A's
// subscriber having the entry (where A writes it to its streams), and also to
// B's own subscriber (a stream on the instance that sent it also gets it
// through the feed). Printed as JSON: p50/p99/max per poll interval.
// `MONGODB_URI=mongodb://127.0.0.1:PORT/ node --import tsx bench/live-feed.ts` (FerretDB from
// scripts/ferretdb.sh start); without MONGODB_URI, a SQLite file with two connections.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { pino } from 'pino';
import { createLiveFeed } from '../adapters/channels/live-feed.js';
import { createMongoStore } from '../adapters/storage/mongo/create-mongo-store.js';
import { createSqliteStore } from '../adapters/storage/sqlite/create-sqlite-store.js';
import type { Store } from '../src/index.js';
import { percentile } from './load.js';

const MESSAGES = Number(process.env.MESSAGES ?? 200);
const GAP_MS = Number(process.env.GAP_MS ?? 20);
const POLLS = (process.env.POLLS ?? '250,100').split(',').map(Number);
const uri = process.env.MONGODB_URI?.trim();

async function openTwo(): Promise<{ kind: string; a: Store; b: Store; cleanup(): Promise<void> }> {
  if (uri) {
    const dbName = `sportello_bench_feed_${Date.now()}`;
    const a = await createMongoStore({ uri, dbName });
    const b = await createMongoStore({ uri, dbName });
    return {
      kind: 'mongo',
      a,
      b,
      cleanup: async () => {
        await a.close();
        await b.close();
        const conn = await mongoose.createConnection(uri, { dbName }).asPromise();
        await conn.dropDatabase();
        await conn.close();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'sportello-bench-feed-'));
  const a = createSqliteStore({ file: join(dir, 'sportello.db') });
  const b = createSqliteStore({ file: join(dir, 'sportello.db') });
  return { kind: 'sqlite', a, b, cleanup: async () => (await a.close(), await b.close(), rmSync(dir, { recursive: true, force: true })) };
}

const stats = (ms: number[]) => {
  const sorted = [...ms].sort((x, y) => x - y);
  const r = (v: number) => Math.round(v * 10) / 10;
  return { n: sorted.length, p50: r(percentile(sorted, 50)), p99: r(percentile(sorted, 99)), max: r(sorted.at(-1) ?? NaN) };
};

async function run(pollMs: number) {
  const stores = await openTwo();
  const logger = pino({ level: 'warn' });
  const onA = createLiveFeed({ store: stores.a, logger, pollMs });
  const onB = createLiveFeed({ store: stores.b, logger, pollMs });
  const sentAt = new Map<number, number>();
  const toA: number[] = [];
  const toB: number[] = [];
  const order: number[] = [];
  onA.subscribe('web.message', (p) => {
    const i = (p as { i: number }).i;
    order.push(i);
    toA.push(performance.now() - sentAt.get(i)!);
  });
  onB.subscribe('web.message', (p) => void toB.push(performance.now() - sentAt.get((p as { i: number }).i)!));
  await onA.start();
  await onB.start();
  const reply = { text: 'Anna on IT-1: which model is it?\n(Answer by writing here, or: ticket reply IT-1 <text>)' };
  for (let i = 0; i < MESSAGES; i++) {
    sentAt.set(i, performance.now());
    await onB.publish('web.message', { user: 'mario', id: `m-${i}`, held: false, reply, i });
    await new Promise((r) => setTimeout(r, GAP_MS));
  }
  const deadline = Date.now() + 10_000;
  while ((toA.length < MESSAGES || toB.length < MESSAGES) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await onA.stop();
  await onB.stop();
  await stores.cleanup();
  const inOrder = order.every((v, i) => v === i);
  return { store: stores.kind, pollMs, gapMs: GAP_MS, otherInstanceMs: stats(toA), sameInstanceMs: stats(toB), inOrder, lost: MESSAGES - toA.length };
}

const results = [];
for (const pollMs of POLLS) results.push(await run(pollMs));
console.log(JSON.stringify(results, null, 2));

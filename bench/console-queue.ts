// `npm run bench -- --only console`: the agent console's queue page with 10,000
// open tickets, on SQLite and on Mongo (FerretDB, or MONGODB_URI). A real
// server in this process, signed in as a lead (every department: the widest
// queue); each GET /console reports its own time (Server-Timing: the store's
// query and the render of the first 50), and the client times the whole answer.
// Standalone: `node --import tsx bench/console-queue.ts` prints JSON too.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { createMongoStore } from '../adapters/storage/mongo/create-mongo-store.js';
import { createSqliteStore } from '../adapters/storage/sqlite/create-sqlite-store.js';
import { eventDoc, ticketDoc } from '../adapters/storage/mongo/mappers.js';
import { PRIORITIES, type EventDraft, type NewTicket, type Store, type Ticket } from '../src/index.js';
import { startServer } from '../test/support/server.js';
import { percentile, round } from './load.js';

const TICKETS = 10_000;
const WARM_UP = 20;
const REQUESTS = 200;
/** FerretDB's SQLite backend scans the whole collection for such a query (seconds at 10,000): fewer rounds there. */
const MONGO_ROUNDS = { warmUp: 3, requests: 30 };
const DEPARTMENTS = ['it', 'hr', 'finance', 'facilities'];
const HOUR = 3_600_000;

type Log = (msg: string) => void;

function draftOf(i: number, now: number): { draft: NewTicket; prefix: string; event: EventDraft } {
  const createdAt = now - (TICKETS - i) * 60_000;
  const department = DEPARTMENTS[i % DEPARTMENTS.length]!;
  const requester = { platform: 'web', userId: `user${i % 500}`, name: `User ${i % 500}` };
  const draft: NewTicket = {
    department, tier: 1, status: 'open', priority: PRIORITIES[i % 4]!, title: `il pc numero ${i} non si accende`, description: `il pc numero ${i} non si accende, grazie`,
    requester, assignee: null, resolvedBy: null, resolution: null, faqTried: null, channel: 'web', createdAt, updatedAt: createdAt, dueAt: createdAt + (i % 7) * HOUR,
  };
  return { draft, prefix: department.slice(0, 3).toUpperCase(), event: { at: createdAt, kind: 'created', actor: requester, channel: 'web', text: draft.description, data: {} } };
}

/** Through the store's own create, 20 at a time. */
async function seed(store: Store, now: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (next < TICKETS) {
        const { draft, prefix, event } = draftOf(next++, now);
        await store.create(draft, prefix, event);
      }
    }),
  );
}

/**
 * FerretDB takes minutes for 10,000 creates one by one: the documents the Mongo
 * store would have written (ticket and its first event) go in by the thousand.
 */
async function seedMongo(uri: string, dbName: string, now: number): Promise<void> {
  const conn = await mongoose.createConnection(uri, { dbName }).asPromise();
  try {
    const seqs = new Map<string, number>();
    for (let from = 0; from < TICKETS; from += 1000) {
      const tickets: Ticket[] = [];
      const events: Record<string, unknown>[] = [];
      for (let i = from; i < Math.min(TICKETS, from + 1000); i++) {
        const { draft, prefix, event } = draftOf(i, now);
        const seq = (seqs.get(prefix) ?? 0) + 1;
        seqs.set(prefix, seq);
        const ticket: Ticket = { ...draft, code: `${prefix}-${seq}`, seq, version: 1 };
        tickets.push(ticket);
        events.push(eventDoc(ticket.code, 1, event, ticket));
      }
      await conn.db!.collection('tickets').insertMany(tickets.map((t) => ticketDoc(t)) as never[]);
      await conn.db!.collection('ticket_events').insertMany(events as never[]);
    }
  } finally {
    await conn.close();
  }
}

/** A console session for a lead, written straight into the store: its cookie. */
async function leadSession(store: Store): Promise<string> {
  await store.saveAgent({ platform: 'web', userId: 'lea', name: 'Lea', departments: ['it'], tier: 1, role: 'lead', locale: 'en' });
  const token = randomBytes(32).toString('base64url');
  await store.saveConsoleSession(createHash('sha256').update(token).digest('base64url'), { platform: 'web', userId: 'lea', csrf: 'bench', expiresAt: Date.now() + HOUR });
  return `sportello-console=${token}`;
}

async function measure(base: string, cookie: string, rounds = { warmUp: WARM_UP, requests: REQUESTS }) {
  const server: number[] = [];
  const total: number[] = [];
  let rows = 0;
  const { warmUp: WARM_UP_N, requests: REQUESTS_N } = rounds;
  for (let i = 0; i < WARM_UP_N + REQUESTS_N; i++) {
    const started = process.hrtime.bigint();
    const res = await fetch(`${base}/console`, { headers: { cookie } });
    const page = await res.text();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (res.status !== 200) throw new Error(`the queue page answered ${res.status}`);
    if (i < WARM_UP_N) continue;
    server.push(Number(/dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')?.[1]));
    total.push(ms);
    rows = page.match(/<tr data-code=/g)?.length ?? 0;
  }
  server.sort((a, b) => a - b);
  total.sort((a, b) => a - b);
  return {
    tickets: TICKETS,
    rowsShown: rows,
    requests: REQUESTS_N,
    serverMs: { p50: round(percentile(server, 50)), p99: round(percentile(server, 99)), max: round(server.at(-1)!) },
    clientMs: { p50: round(percentile(total, 50)), p99: round(percentile(total, 99)) },
    targetMs: 200,
    withinTarget: percentile(server, 99) < 200,
  };
}

async function sqliteRun(log: Log) {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-bench-console-'));
  try {
    const store = createSqliteStore({ file: join(dir, 'sportello.db') });
    log(`console queue: seeding ${TICKETS} tickets on SQLite…`);
    const seeding = Date.now();
    await seed(store, Date.now());
    log(`console queue: seeded in ${Math.round((Date.now() - seeding) / 1000)} s`);
    const cookie = await leadSession(store);
    await store.close();
    const server = await startServer({ DATA_DIR: dir });
    try {
      return await measure(server.base, cookie);
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function mongoRun(uri: string, log: Log) {
  const dbName = `sportello_bench_console_${Date.now()}`;
  const dbUri = `${uri.replace(/\/+$/, '')}/${dbName}`;
  const dir = mkdtempSync(join(tmpdir(), 'sportello-bench-console-'));
  try {
    const store = await createMongoStore({ uri: dbUri });
    log(`console queue: seeding ${TICKETS} tickets on Mongo…`);
    await seedMongo(uri, dbName, Date.now());
    const cookie = await leadSession(store);
    await store.close();
    const server = await startServer({ DATA_DIR: dir, MONGODB_URI: dbUri });
    try {
      return { server: process.env.MONGODB_URI ? 'MONGODB_URI' : 'FerretDB (SQLite backend)', ...(await measure(server.base, cookie, MONGO_ROUNDS)) };
    } finally {
      await server.stop();
    }
  } finally {
    const conn = await mongoose.createConnection(uri, { dbName }).asPromise();
    await conn.dropDatabase();
    await conn.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function consoleQueueBench(mongoUri: string | null, log: Log) {
  const sqlite = await sqliteRun(log);
  log(`console queue on SQLite: ${JSON.stringify(sqlite.serverMs)} ms server time`);
  const mongo = mongoUri ? await mongoRun(mongoUri, log) : { skipped: 'no MONGODB_URI and FerretDB could not be started' };
  if ('serverMs' in mongo) log(`console queue on Mongo: ${JSON.stringify(mongo.serverMs)} ms server time`);
  return { sqlite, mongo };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await consoleQueueBench(process.env.MONGODB_URI ?? null, (m) => process.stderr.write(`[bench] ${m}\n`));
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.exit(0);
}

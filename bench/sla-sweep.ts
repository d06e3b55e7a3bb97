// `npm run bench -- --only sla`: one SLA sweep over 100,000 open tickets, on SQLite
// and on Mongo (FerretDB, or MONGODB_URI). The tickets carry the clock the desk gives
// a new ticket (clockNewTicket) and none is due at the sweep's instant; the target is
// under 200 ms a sweep. Timed: the whole `desk.sweep(now)`, the store's due query
// alone, and a dry-run sweep with 100 tickets due (the cost of each due ticket).
// Each store's query plan is printed with the numbers: an index search, not a scan.
// Standalone: `node --import tsx bench/sla-sweep.ts` prints JSON too.
import { isDeepStrictEqual } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import mongoose from 'mongoose';
import { createMongoStore } from '../adapters/storage/mongo/create-mongo-store.js';
import { eventDoc, ticketDoc } from '../adapters/storage/mongo/mappers.js';
import { SLA_DUE_SORT, slaDueFilter } from '../adapters/storage/mongo/ticket-store.js';
import { createSqliteStore } from '../adapters/storage/sqlite/create-sqlite-store.js';
import { eventParams, ticketParams } from '../adapters/storage/sqlite/mappers.js';
import { SLA_DUE_SQL } from '../adapters/storage/sqlite/ticket-store.js';
import { clockNewTicket, createHelpDesk, PRIORITIES, type DeskSettings, type EventDraft, type HelpDesk, type Store, type Ticket } from '../src/index.js';
import { createTestDesk, DEPARTMENTS } from '../test/support/desk.js';
import { percentile, round } from './load.js';

const TICKETS = 100_000;
const TARGET_MS = 200;
const DUE = 100;
/** A Wednesday, 10:00 in Rome: inside business hours, so no ticket pages the on-call rota. */
const NOW = Date.parse('2026-12-02T10:00:00+01:00');
/** The tickets were opened over the ten minutes before NOW: the earliest rule (a P1's reminder, at 11¼ min) is still ahead. */
const OPENED_OVER_MS = 10 * 60_000;
const SQLITE_ROUNDS = { warmUp: 5, rounds: 30 };
/** FerretDB's SQLite backend scans the whole collection for the due query (tens of seconds at 100,000): three rounds there. */
const MONGO_ROUNDS = { warmUp: 0, rounds: 3 };

/** Reads by code timed, for comparison (on FerretDB each took 1–5 s at 100,000 tickets under load: fewer there). */
const LOOKUPS = { sqlite: { warmUp: 20, rounds: 200 }, mongo: { warmUp: 2, rounds: 20 } };

type Log = (msg: string) => void;
type Rounds = typeof SQLITE_ROUNDS;

interface Seeded {
  ticket: Ticket;
  event: EventDraft;
}

/** The tickets as the desk opens them: its own clock on each, codes numbered per department as the store numbers them. */
function seededTickets(settings: DeskSettings): Seeded[] {
  const seqs = new Map<string, number>();
  const out: Seeded[] = [];
  for (let i = 0; i < TICKETS; i++) {
    const createdAt = NOW - OPENED_OVER_MS + Math.floor((i * OPENED_OVER_MS) / TICKETS);
    const { id: department, prefix } = DEPARTMENTS[i % DEPARTMENTS.length]!;
    const requester = { platform: 'web', userId: `user${i % 2000}`, name: `User ${i % 2000}` };
    const draft = clockNewTicket(
      {
        department, tier: 1, status: 'open', priority: PRIORITIES[Math.floor(i / DEPARTMENTS.length) % PRIORITIES.length]!,
        title: `il pc numero ${i} non si accende`, description: `il pc numero ${i} non si accende, grazie`,
        requester, assignee: null, resolvedBy: null, resolution: null, faqTried: null, channel: 'web', createdAt, updatedAt: createdAt, dueAt: createdAt,
      },
      settings,
    );
    const seq = (seqs.get(prefix) ?? 0) + 1;
    seqs.set(prefix, seq);
    out.push({
      ticket: { ...draft, code: `${prefix}-${seq}`, seq, version: 1 },
      event: { at: createdAt, kind: 'created', actor: requester, channel: 'web', text: draft.description, data: {} },
    });
  }
  return out;
}

/** The rows the SQLite store's create writes (ticket, first event, the prefix's sequence), in one transaction. */
function seedSqlite(file: string, seeded: readonly Seeded[]): void {
  const db = new Database(file);
  try {
    const ticket = db.prepare(
      `INSERT INTO tickets (code, department, tier, status, priority, due_at, created_at, requester_platform, requester_user, version, data)
       VALUES (@code, @department, @tier, @status, @priority, @due_at, @created_at, @requester_platform, @requester_user, @version, @data)`,
    );
    const event = db.prepare(
      `INSERT INTO ticket_events (ticket_code, version, at, kind, actor, channel, text, data)
       VALUES (@ticket_code, @version, @at, @kind, @actor, @channel, @text, @data)`,
    );
    const seq = db.prepare('INSERT INTO sequences (prefix, last) VALUES (?, ?) ON CONFLICT (prefix) DO UPDATE SET last = MAX(last, excluded.last)');
    db.transaction(() => {
      for (const s of seeded) {
        ticket.run(ticketParams(s.ticket));
        event.run(eventParams(s.ticket.code, 1, s.event));
        seq.run(s.ticket.code.slice(0, s.ticket.code.lastIndexOf('-')), s.ticket.seq);
      }
    })();
    db.exec('ANALYZE');
  } finally {
    db.close();
  }
}

/** The documents the Mongo store's create writes (the log's first event, then the projection), by the thousand. */
async function seedMongo(uri: string, dbName: string, seeded: readonly Seeded[], log: Log): Promise<void> {
  const conn = await mongoose.createConnection(uri, { dbName }).asPromise();
  try {
    for (let from = 0; from < seeded.length; from += 1000) {
      const batch = seeded.slice(from, from + 1000);
      await conn.db!.collection('ticket_events').insertMany(batch.map((s) => eventDoc(s.ticket.code, 1, s.event, s.ticket)) as never[], { ordered: false });
      await conn.db!.collection('tickets').insertMany(batch.map((s) => ticketDoc(s.ticket)) as never[], { ordered: false });
      if ((from / 1000) % 20 === 19) log(`sla sweep: ${from + 1000} tickets in Mongo`);
    }
  } finally {
    await conn.close();
  }
}

async function timed(rounds: Rounds, run: () => Promise<unknown>) {
  const ms: number[] = [];
  for (let i = 0; i < rounds.warmUp + rounds.rounds; i++) {
    const started = process.hrtime.bigint();
    await run();
    if (i >= rounds.warmUp) ms.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return { rounds: rounds.rounds, p50Ms: round(percentile(ms, 50)), p99Ms: round(percentile(ms, 99)), maxMs: round(ms.at(-1)!) };
}

/** The instant at which exactly DUE tickets are due: the DUE-th earliest nextAt, when it is not shared with the next one. */
function dueInstant(seeded: readonly Seeded[]): { at: number; due: string[] } {
  const byNext = seeded.map((s) => s.ticket).sort((a, b) => a.sla!.nextAt! - b.sla!.nextAt! || (a.code < b.code ? -1 : 1));
  const at = byNext[DUE - 1]!.sla!.nextAt!;
  if (byNext[DUE]!.sla!.nextAt === at) throw new Error('the bench needs distinct due instants around the 100th');
  return { at, due: byNext.slice(0, DUE).map((t) => t.code) };
}

/**
 * The store gives back what was seeded: a sample read by code, none due at NOW, and
 * exactly the expected 100 (whole, in order) at the due instant. A seed the store
 * would not have written fails here rather than flattering the numbers.
 */
async function checkSeed(store: Store, seeded: readonly Seeded[], due: { at: number; due: string[] }): Promise<void> {
  const byCode = new Map(seeded.map((s) => [s.ticket.code, s.ticket]));
  const step = Math.floor(seeded.length / 10);
  for (let i = 0; i < seeded.length; i += step) {
    const want = seeded[i]!.ticket;
    const got = await store.get(want.code);
    if (!isDeepStrictEqual(got, want)) throw new Error(`store.get(${want.code}) does not give back the seeded ticket`);
  }
  // A transcript is read by ticket, not by _id: on FerretDB each read scans the whole log, so two are checked.
  for (const s of [seeded[0]!, seeded.at(-1)!]) {
    const events = await store.events(s.ticket.code);
    if (events.length !== 1 || !isDeepStrictEqual({ ...events[0] }, { ticketCode: s.ticket.code, version: 1, ...s.event })) throw new Error(`${s.ticket.code} has not its one created event`);
  }
  if ((await store.slaDue(NOW, 200)).length !== 0) throw new Error('a ticket is due at the bench instant');
  const found = await store.slaDue(due.at, 1000);
  if (!isDeepStrictEqual(found.map((t) => t.code), due.due)) throw new Error(`slaDue at the due instant gave ${found.length} tickets, not the expected ${DUE}`);
  for (const t of found) if (!isDeepStrictEqual(t, byCode.get(t.code))) throw new Error(`slaDue gave ${t.code} not as seeded`);
}

async function measure(store: Store, desk: HelpDesk, seeded: readonly Seeded[], due: { at: number; due: string[] }, rounds: Rounds & { lookups: Rounds }, log: Log) {
  log('sla sweep: timing sweeps with nothing due…');
  const sweep = await timed(rounds, async () => {
    const report = await desk.sweep(NOW);
    if (report.actions.length !== 0) throw new Error('a sweep with nothing due did something');
  });
  log(`sla sweep: ${JSON.stringify(sweep)}; timing the due query alone…`);
  const query = await timed(rounds, () => store.slaDue(NOW, 200));
  log(`sla sweep: ${JSON.stringify(query)}; timing dry-run sweeps with ${DUE} due…`);
  const dueSweep = await timed(rounds, async () => {
    const report = await desk.sweep(due.at, { dryRun: true });
    const codes = new Set(report.actions.map((a) => a.code));
    if (codes.size !== DUE) throw new Error(`the dry run found ${codes.size} tickets due, not ${DUE}`);
  });
  // What a read by code costs beside them: the one kind of query FerretDB answers from an index.
  let next = 0;
  const byCode = await timed(rounds.lookups, () => store.get(seeded[(next += 7919) % seeded.length]!.ticket.code));
  return {
    tickets: TICKETS,
    nothingDue: { sweep, slaDueAlone: query },
    getByCode: byCode,
    [`${DUE}Due`]: { dryRunSweep: dueSweep, perDueTicketMs: round((dueSweep.p50Ms - sweep.p50Ms) / DUE, 3) },
    targetMs: TARGET_MS,
    withinTarget: sweep.p99Ms < TARGET_MS,
  };
}

function sqlitePlan(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare(`EXPLAIN QUERY PLAN ${SLA_DUE_SQL}`).all({ now: NOW, at: Number.MIN_SAFE_INTEGER, code: '', limit: 200 }) as { detail: string }[];
    return rows.map((r) => r.detail);
  } finally {
    db.close();
  }
}

async function sqliteRun(log: Log) {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-bench-sla-'));
  const file = join(dir, 'sportello.db');
  try {
    // Opened once first so the migrations make the schema the seed writes into.
    const first = createSqliteStore({ file });
    const { deps } = await createTestDesk(first);
    await first.close();
    const seeded = seededTickets(deps.settings);
    const due = dueInstant(seeded);
    log(`sla sweep: seeding ${TICKETS} tickets on SQLite…`);
    const seeding = Date.now();
    seedSqlite(file, seeded);
    const seedSeconds = round((Date.now() - seeding) / 1000, 1);
    const store = createSqliteStore({ file });
    try {
      const d = await createTestDesk(store);
      await checkSeed(store, seeded, due);
      const result = await measure(store, createHelpDesk(d.deps), seeded, due, { ...SQLITE_ROUNDS, lookups: LOOKUPS.sqlite }, log);
      return { seedSeconds, ...result, plan: { query: SLA_DUE_SQL.replace(/\s+/g, ' '), explainQueryPlan: sqlitePlan(file) } };
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What the server says of the due query: FerretDB reports whether the filter and sort reached its backend. */
async function mongoPlan(uri: string, dbName: string): Promise<Record<string, unknown>> {
  const conn = await mongoose.createConnection(uri, { dbName }).asPromise();
  try {
    const explained = (await conn.db!.collection('tickets').find(slaDueFilter(NOW)).sort(SLA_DUE_SORT).limit(200).explain()) as Record<string, unknown>;
    const plan = (explained.queryPlanner ?? {}) as Record<string, unknown>;
    const pick = (keys: string[]) => Object.fromEntries(keys.filter((k) => k in explained).map((k) => [k, explained[k]]));
    return {
      filter: slaDueFilter(NOW),
      sort: SLA_DUE_SORT,
      ...pick(['filterPushdown', 'sortPushdown', 'limitPushdown', 'unsafeLimitPushdown']),
      winningPlan: plan.winningPlan ?? null,
    };
  } finally {
    await conn.close();
  }
}

async function mongoRun(uri: string, log: Log) {
  const dbName = `sportello_bench_sla_${Date.now()}`;
  const store = await createMongoStore({ uri, dbName });
  try {
    const d = await createTestDesk(store);
    const seeded = seededTickets(d.deps.settings);
    const due = dueInstant(seeded);
    log(`sla sweep: seeding ${TICKETS} tickets on Mongo…`);
    const seeding = Date.now();
    await seedMongo(uri, dbName, seeded, log);
    const seedSeconds = round((Date.now() - seeding) / 1000, 1);
    log(`sla sweep: seeded in ${seedSeconds} s; checking the seed through the store…`);
    await checkSeed(store, seeded, due);
    const result = await measure(store, createHelpDesk(d.deps), seeded, due, { ...MONGO_ROUNDS, lookups: LOOKUPS.mongo }, log);
    return { server: process.env.MONGODB_URI ? 'MONGODB_URI' : 'FerretDB (SQLite backend)', seedSeconds, ...result, plan: await mongoPlan(uri, dbName) };
  } finally {
    await store.close();
    const conn = await mongoose.createConnection(uri, { dbName }).asPromise();
    await conn.dropDatabase();
    await conn.close();
  }
}

export async function slaSweepBench(mongoUri: string | null, log: Log) {
  const sqlite = await sqliteRun(log);
  log(`sla sweep on SQLite, nothing due: ${JSON.stringify(sqlite.nothingDue.sweep)}`);
  const mongo = mongoUri ? await mongoRun(mongoUri, log) : { skipped: 'no MONGODB_URI and FerretDB could not be started' };
  if ('nothingDue' in mongo) log(`sla sweep on Mongo, nothing due: ${JSON.stringify(mongo.nothingDue.sweep)}`);
  return { sqlite, mongo };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await slaSweepBench(process.env.MONGODB_URI ?? null, (m) => process.stderr.write(`[bench] ${m}\n`));
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.exit(0);
}

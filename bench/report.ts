// `npm run bench -- --only report`: the report over 100,000 tickets, on SQLite and on
// Mongo (FerretDB, or MONGODB_URI); the target is under 1 s. The tickets (90 days of a
// four-department desk: closed, cancelled, held, waiting) are seeded in bulk in each
// store's own format: their rows or documents, and the rollups the stores would have
// kept for them (cellsOf, summed; on Mongo one segment and its head per 31-day period plus a few hundred
// deltas not folded yet, as a live desk has). Before timing, the figures read through
// the store are checked against the same figures worked out here from the tickets.
// Standalone: `node --import tsx bench/report.ts` prints JSON too.
import { isDeepStrictEqual } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import mongoose from 'mongoose';
import { createMongoStore } from '../adapters/storage/mongo/create-mongo-store.js';
import { ticketDoc } from '../adapters/storage/mongo/mappers.js';
import { deltaDocs, monthOf, seededMonth } from '../adapters/storage/mongo/report-store.js';
import { createSqliteStore } from '../adapters/storage/sqlite/create-sqlite-store.js';
import { ticketParams } from '../adapters/storage/sqlite/mappers.js';
import { dayCells } from '../adapters/storage/sqlite/report-store.js';
import { buildReport, cellsOf, dayOf, reportFigures, type PersonRef, type ReportCell, type ReportQuery, type Store, type Ticket } from '../src/index.js';
import { percentile, round } from './load.js';

const TICKETS = 100_000;
const TARGET_MS = 1000;
const DAY = 86_400_000;
const MINUTE = 60_000;
/** The desk's last day; the tickets were opened over the 90 days before it. */
const END = Date.UTC(2026, 10, 30);
const SPAN_DAYS = 90;
/** Changes on Mongo not folded yet when a report runs (a busy minute's worth). */
const PENDING_DELTAS = 500;
/** 31-day periods of rollups older than the seeded tickets, on Mongo. */
const HISTORY_MONTHS = 12;
const DEPARTMENTS = [
  { id: 'it', prefix: 'IT' },
  { id: 'hr', prefix: 'HR' },
  { id: 'finance', prefix: 'FIN' },
  { id: 'facilities', prefix: 'FAC' },
] as const;
const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
const CHANNELS = ['web', 'slack', 'teams', 'discord'] as const;
const AGENTS: PersonRef[] = Array.from({ length: 24 }, (_, i) => ({ platform: 'slack', userId: `U0AGENT${i}`, name: `Agent ${i}` }));

type Log = (msg: string) => void;

/** A small deterministic generator, so every run seeds the same desk. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function seededTickets(): Ticket[] {
  const rnd = random(17);
  const seqs = new Map<string, number>();
  const out: Ticket[] = [];
  const start = END - SPAN_DAYS * DAY;
  for (let i = 0; i < TICKETS; i++) {
    const createdAt = start + Math.floor((i * SPAN_DAYS * DAY) / TICKETS);
    const dept = DEPARTMENTS[Math.floor(rnd() * DEPARTMENTS.length)]!;
    const seq = (seqs.get(dept.prefix) ?? 0) + 1;
    seqs.set(dept.prefix, seq);
    const requester = { platform: 'web', userId: `user${i % 5000}`, name: `User ${i % 5000}` };
    const agent = AGENTS[Math.floor(rnd() * AGENTS.length)]!;
    const fate = rnd();
    const status: Ticket['status'] = fate < 0.7 ? 'closed' : fate < 0.75 ? 'cancelled' : fate < 0.85 ? 'in_progress' : fate < 0.9 ? 'waiting_user' : 'open';
    const answered = status !== 'open';
    const frMs = Math.round(MINUTE * Math.exp(rnd() * 6)); // 1 min to about 7 h
    const resMs = frMs + Math.round(MINUTE * Math.exp(rnd() * 8)); // up to about 2 days more
    const local = new Date(createdAt);
    const closedAt = status === 'closed' || status === 'cancelled' ? Math.min(createdAt + resMs + 2 * 60 * MINUTE, END + DAY - 1) : undefined;
    const t: Ticket = {
      code: `${dept.prefix}-${seq}`, seq, version: answered ? 3 : 1, department: dept.id, tier: 1, status,
      priority: PRIORITIES[Math.floor(rnd() * 4)]!, title: `problem ${i}`, description: `problem number ${i} with the desk`,
      requester, assignee: status === 'in_progress' || status === 'waiting_user' ? agent : null,
      resolvedBy: status === 'closed' ? agent : null, resolution: status === 'closed' ? 'fixed' : null,
      faqTried: rnd() < 0.1 ? 'faq-vpn' : null, channel: CHANNELS[Math.floor(rnd() * CHANNELS.length)]!,
      createdAt, updatedAt: closedAt ?? createdAt + frMs, dueAt: createdAt + DAY,
      sla: {
        startedAt: createdAt, resolutionFrom: createdAt, respondedAt: answered ? createdAt + frMs : null, pauses: [], firstResponseDue: null,
        resolutionDue: null, breached: {}, fired: [], statusSince: createdAt, paging: null, nextAt: null,
      },
      report: {
        reopens: rnd() < 0.04 ? 1 : 0, openedHour: local.getUTCHours(), openedWeekday: ((local.getUTCDay() + 6) % 7) + 1,
        ...(answered ? { firstResponseMs: frMs, firstResponseMet: frMs <= 4 * 60 * MINUTE } : {}),
        ...(status === 'closed' ? { resolutionMs: resMs, resolutionMet: resMs <= 16 * 60 * MINUTE } : {}),
      },
    };
    if (closedAt !== undefined) t.closedAt = closedAt;
    if (status === 'closed' && rnd() < 0.4) t.rating = { score: (1 + Math.floor(rnd() * 5)) as 1 | 2 | 3 | 4 | 5, at: closedAt! + MINUTE };
    out.push(t);
  }
  return out;
}

/** Every ticket's cells summed by (day, department, cell): the rollups a store keeps for them. */
function rollupsOf(tickets: readonly Ticket[]): ReportCell[] {
  const sums = new Map<string, ReportCell>();
  for (const t of tickets) {
    for (const c of cellsOf(t)) {
      const key = `${c.day}\u0000${c.department}\u0000${c.cell}`;
      const seen = sums.get(key);
      if (seen) seen.n += c.n;
      else sums.set(key, { ...c });
    }
  }
  return [...sums.values()];
}

const QUERIES: Record<string, ReportQuery> = {
  last30Days: { fromDay: dayOf(END) - 29, toDay: dayOf(END) + 1 },
  last90Days: { fromDay: dayOf(END) - 89, toDay: dayOf(END) + 1 },
  last30DaysIt: { fromDay: dayOf(END) - 29, toDay: dayOf(END) + 1, department: 'it' },
};

/** The figures the store gives must be the ones worked out here from the tickets themselves. */
async function checkFigures(store: Store, rollups: readonly ReportCell[]): Promise<void> {
  for (const [name, q] of Object.entries(QUERIES)) {
    const pick = (c: ReportCell) => q.department === undefined || c.department === q.department;
    const window = rollups.filter((c) => c.day >= q.fromDay && c.day < q.toDay && pick(c));
    const live = rollups.filter((c) => c.day === -1 && pick(c));
    const sum = (cells: ReportCell[]) => {
      const m = new Map<string, { department: string; cell: string; n: number }>();
      for (const c of cells) {
        const k = `${c.department}\u0000${c.cell}`;
        const seen = m.get(k);
        if (seen) seen.n += c.n;
        else m.set(k, { department: c.department, cell: c.cell, n: c.n });
      }
      return [...m.values()];
    };
    const expected = reportFigures(sum(window), sum(live), { from: q.fromDay * DAY, to: q.toDay * DAY, department: q.department ?? null });
    const got = await buildReport(store, q);
    if (!isDeepStrictEqual(got, expected)) throw new Error(`the ${name} report read through the store differs from the one worked out from the tickets`);
  }
}

/**
 * Wall time per report, and this process's CPU time beside it: the development machine is shared
 * (other test runs, FerretDB), and the CPU time says what a report costs whatever else runs.
 */
async function timed(rounds: { warmUp: number; rounds: number }, run: () => Promise<unknown>) {
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < rounds.warmUp + rounds.rounds; i++) {
    const started = process.hrtime.bigint();
    const cpuBefore = process.cpuUsage();
    await run();
    const used = process.cpuUsage(cpuBefore);
    if (i >= rounds.warmUp) {
      ms.push(Number(process.hrtime.bigint() - started) / 1e6);
      cpu.push((used.user + used.system) / 1000);
    }
  }
  ms.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { rounds: rounds.rounds, p50Ms: round(percentile(ms, 50)), p99Ms: round(percentile(ms, 99)), maxMs: round(ms.at(-1)!), cpuP50Ms: round(percentile(cpu, 50)) };
}

async function measure(store: Store, rounds: { warmUp: number; rounds: number }, log: Log) {
  const out: Record<string, Awaited<ReturnType<typeof timed>>> = {};
  for (const [name, q] of Object.entries(QUERIES)) {
    out[name] = await timed(rounds, () => buildReport(store, q));
    log(`report: ${name} ${JSON.stringify(out[name])}`);
  }
  const load = (await import('node:os')).loadavg()[0]!;
  return { tickets: TICKETS, reports: out, targetMs: TARGET_MS, withinTarget: Object.values(out).every((r) => r.p99Ms < TARGET_MS), machineLoadAverage: round(load, 1) };
}

const byDayCount = (rollups: readonly ReportCell[]) => new Set(rollups.map((c) => `${c.day}\u0000${c.department}`)).size;

async function sqliteRun(tickets: readonly Ticket[], rollups: readonly ReportCell[], log: Log) {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-bench-report-'));
  const file = join(dir, 'sportello.db');
  try {
    await createSqliteStore({ file }).close(); // the schema, by the store's own migrations
    log(`report: seeding ${TICKETS} tickets on SQLite…`);
    const seeding = Date.now();
    const db = new Database(file);
    try {
      const ticket = db.prepare(
        `INSERT INTO tickets (code, department, tier, status, priority, due_at, created_at, requester_platform, requester_user, version, data)
         VALUES (@code, @department, @tier, @status, @priority, @due_at, @created_at, @requester_platform, @requester_user, @version, @data)`,
      );
      const day = db.prepare('INSERT INTO report_days (day, department, cells) VALUES (?, ?, ?)');
      const byDay = new Map<string, { day: number; department: string; cells: Map<string, number> }>();
      for (const c of rollups) {
        const key = `${c.day}\u0000${c.department}`;
        const row = byDay.get(key) ?? byDay.set(key, { day: c.day, department: c.department, cells: new Map() }).get(key)!;
        row.cells.set(c.cell, (row.cells.get(c.cell) ?? 0) + c.n);
      }
      db.transaction(() => {
        for (const t of tickets) ticket.run(ticketParams(t));
        for (const row of byDay.values()) day.run(row.day, row.department, dayCells(row.cells));
      })();
      db.exec('ANALYZE');
    } finally {
      db.close();
    }
    const seedSeconds = round((Date.now() - seeding) / 1000, 1);
    const store = createSqliteStore({ file });
    try {
      await checkFigures(store, rollups);
      return { seedSeconds, rollupCells: rollups.length, rollupRows: byDayCount(rollups), ...(await measure(store, { warmUp: 5, rounds: 50 }, log)) };
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function mongoRun(uri: string, tickets: readonly Ticket[], rollups: readonly ReportCell[], log: Log) {
  const dbName = `sportello_bench_report_${Date.now()}`;
  const store = await createMongoStore({ uri, dbName });
  const conn = await mongoose.createConnection(uri, { dbName }).asPromise();
  try {
    log(`report: seeding ${TICKETS} tickets on Mongo…`);
    const seeding = Date.now();
    for (let from = 0; from < tickets.length; from += 1000) {
      await conn.db!.collection('tickets').insertMany(tickets.slice(from, from + 1000).map(ticketDoc) as never[], { ordered: false });
      if ((from / 1000) % 20 === 19) log(`report: ${from + 1000} tickets in Mongo`);
    }
    // The last PENDING_DELTAS tickets' cells arrive as deltas not folded yet; the rest as one segment per month.
    const folded = rollupsOf(tickets.slice(0, tickets.length - PENDING_DELTAS));
    const byMonth = new Map<number, [number, string, string, number][]>();
    for (const c of folded) {
      const m = monthOf(c.day);
      (byMonth.get(m) ?? byMonth.set(m, []).get(m)!).push([c.day, c.department, c.cell, c.n]);
    }
    // A year of older rollups, as a desk that has run for a while keeps (no tickets behind them, and no
    // report timed here reaches them): what a report must not pay for.
    const seededMonths = [...byMonth.keys()].filter((m) => m >= 0).sort((a, b) => a - b);
    const model = byMonth.get(seededMonths[1]!)!;
    for (let j = 1; j <= HISTORY_MONTHS; j++) {
      const m = seededMonths[0]! - j;
      byMonth.set(m, model.map(([day, dept, cell, n]) => [day + (m - seededMonths[1]!) * 31, dept, cell, n]));
    }
    const seeded = [...byMonth].map(([m, entries]) => seededMonth(m, entries));
    await conn.db!.collection('report_segments').insertMany(seeded.map((s) => s.segment) as never[]);
    await conn.db!.collection('report_heads').insertMany(seeded.map((s) => s.head) as never[]);
    const pending = tickets.slice(tickets.length - PENDING_DELTAS).flatMap((t) => deltaDocs(`${t.code}#${t.version}`, cellsOf(t)));
    await conn.db!.collection('report_deltas').insertMany(pending as never[]);
    const seedSeconds = round((Date.now() - seeding) / 1000, 1);
    // Checked before any fold could change the documents' shape (a fold leaves the figures as they are).
    await checkFigures(store, rollups);
    const result = await measure(store, { warmUp: 2, rounds: 20 }, log);
    const docs = { segments: await conn.db!.collection('report_segments').countDocuments(), heads: await conn.db!.collection('report_heads').countDocuments(), deltas: await conn.db!.collection('report_deltas').countDocuments() };
    return { server: process.env.MONGODB_URI ? 'MONGODB_URI' : 'FerretDB (SQLite backend)', seedSeconds, pendingDeltasAtStart: pending.length, documentsAfter: docs, ...result };
  } finally {
    await store.close();
    await conn.dropDatabase();
    await conn.close();
  }
}

export async function reportBench(mongoUri: string | null, log: Log) {
  const tickets = seededTickets();
  const rollups = rollupsOf(tickets);
  const sqlite = await sqliteRun(tickets, rollups, log);
  const mongo = mongoUri ? await mongoRun(mongoUri, tickets, rollups, log) : { skipped: 'no MONGODB_URI and FerretDB could not be started' };
  return { sqlite, mongo };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await reportBench(process.env.MONGODB_URI ?? null, (m) => process.stderr.write(`[bench] ${m}\n`));
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.exit(0);
}

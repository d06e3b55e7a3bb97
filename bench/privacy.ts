// `npm run bench -- --only privacy`: export and erase one person (50 tickets of
// theirs, mentioned in others') among many closed tickets, and a first retention run
// that takes a tenth of them, on SQLite (100,000 tickets) and on Mongo (FerretDB:
// 2,000, since it reads every collection whole for any filter but `_id`).
// Standalone: `node --import tsx bench/privacy.ts` prints JSON too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import mongoose from 'mongoose';
import { createMongoStore } from '../adapters/storage/mongo/create-mongo-store.js';
import { eventDoc, ticketDoc } from '../adapters/storage/mongo/mappers.js';
import { createSqliteStore } from '../adapters/storage/sqlite/create-sqlite-store.js';
import { eventParams, ticketParams } from '../adapters/storage/sqlite/mappers.js';
import { newPseudonym, type EventDraft, type Store, type Ticket } from '../src/index.js';
import { round } from './load.js';

type Log = (msg: string) => void;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const MIN = 60_000;
const PEOPLE = 2000;
/** FerretDB reads a whole collection for any filter but `_id`, and answers each lookup in milliseconds: a smaller archive there. */
const MONGO_TICKETS = 2_000;

interface Seeded {
  ticket: Ticket;
  events: EventDraft[];
}

/** Closed tickets one a minute; requester `user<i % 2000>`, worked by one of 20 agents whose reply names them. */
export function seeded(count: number): Seeded[] {
  return Array.from({ length: count }, (_, i) => {
    const requester = { platform: 'web', userId: `user${i % PEOPLE}`, name: `Persona${i % PEOPLE} Cognome${i % PEOPLE}` };
    const agent = { platform: 'slack', userId: `U0AGENT${i % 20}`, name: `Agente${i % 20}` };
    const at = T0 + i * MIN;
    const ticket: Ticket = {
      code: `IT-${i + 1}`, seq: i + 1, department: 'it', tier: 1, status: 'closed', priority: 'P3', title: `il pc ${i} non parte`, description: `il pc ${i} non parte, grazie`,
      requester, assignee: agent, resolvedBy: agent, resolution: 'riavviato', faqTried: null, channel: 'web', createdAt: at, updatedAt: at + 1000, dueAt: at, closedAt: at + 1000, version: 2,
    };
    return {
      ticket,
      events: [
        { at, kind: 'created', actor: requester, channel: 'web', text: ticket.description, data: {} },
        { at: at + 1000, kind: 'resolved', actor: agent, channel: 'slack', text: `Ciao ${requester.name.split(' ')[0]}, riavviato`, data: {} },
      ],
    };
  });
}

export function seedSqlite(file: string, rows: readonly Seeded[]): void {
  const db = new Database(file);
  try {
    const ticket = db.prepare(
      `INSERT INTO tickets (code, department, tier, status, priority, due_at, created_at, requester_platform, requester_user, version, data)
       VALUES (@code, @department, @tier, @status, @priority, @due_at, @created_at, @requester_platform, @requester_user, @version, @data)`,
    );
    const event = db.prepare(
      'INSERT INTO ticket_events (ticket_code, version, at, kind, actor, channel, text, data) VALUES (@ticket_code, @version, @at, @kind, @actor, @channel, @text, @data)',
    );
    db.transaction(() => {
      for (const r of rows) {
        ticket.run(ticketParams(r.ticket));
        r.events.forEach((e, v) => event.run(eventParams(r.ticket.code, v + 1, e)));
      }
      db.prepare("INSERT INTO sequences (prefix, last) VALUES ('IT', ?)").run(rows.length);
    })();
  } finally {
    db.close();
  }
}

async function seedMongo(uri: string, dbName: string, rows: readonly Seeded[]): Promise<void> {
  const conn = await mongoose.createConnection(uri, { dbName }).asPromise();
  try {
    for (let from = 0; from < rows.length; from += 1000) {
      const batch = rows.slice(from, from + 1000);
      await conn.db!.collection('ticket_events').insertMany(batch.flatMap((r) => r.events.map((e, v) => eventDoc(r.ticket.code, v + 1, e, r.ticket))) as never[], { ordered: false });
      await conn.db!.collection('tickets').insertMany(batch.map((r) => ticketDoc(r.ticket)) as never[], { ordered: false });
    }
  } finally {
    await conn.close();
  }
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await fn();
  return { ms: round(Number(process.hrtime.bigint() - started) / 1e6), value };
}

async function measure(store: Store, count: number) {
  const person = { platform: 'web', userId: 'user7' };
  const exported = await timed(() => store.exportPerson(person, Date.now()));
  const erased = await timed(() => store.erasePerson(person, { pseudonym: newPseudonym(), at: Date.now(), by: 'bench' }));
  // A first run when retention is switched on: the oldest tenth of the archive.
  const retention = await timed(() => store.pseudonymiseClosedBefore({ before: T0 + Math.floor(count / 10) * MIN, at: Date.now(), by: 'bench', newPseudonym }));
  return {
    tickets: count,
    exportMs: exported.ms,
    exportedRecords: Object.values(exported.value.records).reduce((n, r) => n + r.length, 0),
    eraseMs: erased.ms,
    erased: erased.value.counts,
    firstRetentionMs: retention.ms,
    retired: retention.value.counts.tickets,
  };
}

export async function privacyBench(mongoUri: string | null, log: Log) {
  const out: Record<string, unknown> = {};
  const dir = mkdtempSync(join(tmpdir(), 'sportello-bench-privacy-'));
  try {
    const file = join(dir, 'sportello.db');
    await createSqliteStore({ file }).close();
    log('privacy: seeding 100,000 closed tickets in SQLite…');
    seedSqlite(file, seeded(100_000));
    const store = createSqliteStore({ file });
    try {
      out.sqlite = await measure(store, 100_000);
      log(`privacy: SQLite ${JSON.stringify(out.sqlite)}`);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (!mongoUri) return { ...out, mongo: { skipped: 'no MONGODB_URI' } };
  const dbName = `sportello_bench_privacy_${Date.now()}`;
  log(`privacy: seeding ${MONGO_TICKETS} closed tickets in Mongo…`);
  await seedMongo(mongoUri, dbName, seeded(MONGO_TICKETS));
  const store = await createMongoStore({ uri: mongoUri, dbName });
  try {
    out.mongo = { server: 'MONGODB_URI', ...(await measure(store, MONGO_TICKETS)) };
  } finally {
    await store.close();
    const conn = await mongoose.createConnection(mongoUri, { dbName }).asPromise();
    await conn.dropDatabase();
    await conn.close();
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await privacyBench(process.env.MONGODB_URI ?? null, (m) => process.stderr.write(`[bench] ${m}\n`));
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.exit(0);
}

// `npm run bench -- --only archive`: the similar-ticket lookup over 100,000
// archived tickets, in memory. Ticket texts come from the public intent and FAQ
// sets in /work/shared/bench/data (see its README; not ours): CLINC150,
// BANKING77 and HWU64 (English) and QA4FAQ and xSID (Italian). A ticket is one
// utterance plus another of the same intent; Italian QA4FAQ queries carry the
// answer of their FAQ as the resolution, the others their intent in words.
// Queries are the sets' test utterances, never indexed. Target: p99 under 20 ms.
// Printed: build time, heap and RSS growth (the index and the archive's copy of each ticket), lookup p50/p99 (similar on claim,
// and a filtered search), and the load from SQLite a server does at start. Standalone: `node --import tsx bench/archive-similar.ts`.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Database from 'better-sqlite3';
import { createSqliteStore } from '../adapters/storage/sqlite/create-sqlite-store.js';
import { eventParams, ticketParams } from '../adapters/storage/sqlite/mappers.js';
import { createArchive, createArchiveFeed, PRIORITIES, type PersonRef, type Ticket } from '../src/index.js';
import { percentile, round } from './load.js';

const TICKETS = 100_000;
const TARGET_P99_MS = 20;
const QUERIES = 2_000;
const DATA = process.env.BENCH_DATA_DIR ?? '/work/shared/bench/data';
const YEAR_MS = 365 * 24 * 3600_000;
const START = Date.UTC(2025, 10, 1);

interface Line {
  text: string;
  label: string;
  dept: string;
  resolution?: string;
}

function jsonl(path: string): Record<string, unknown>[] {
  return readFileSync(`${DATA}/${path}`, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

function corpus(): { lines: Line[]; queries: Line[] } {
  const intents = (path: string, dept: string): Line[] => jsonl(path).filter((r) => r.label !== 'oos').map((r) => ({ text: String(r.text), label: `${dept}:${String(r.label)}`, dept }));
  const faqs = new Map(jsonl('qa4faq_it/faqs.jsonl').map((r) => [Number(r.id), String(r.answer)]));
  const qa = jsonl('qa4faq_it/queries.jsonl').map((r) => ({ text: String(r.text), label: `hr:faq${(r.relevant as number[])[0]}`, dept: 'hr', resolution: faqs.get((r.relevant as number[])[0]!)?.slice(0, 300) }));
  const lines = [
    ...intents('clinc150/train.jsonl', 'it'),
    ...intents('banking77/train.jsonl', 'finance'),
    ...intents('hwu64/train.jsonl', 'facilities'),
    ...jsonl('xsid_it/val.jsonl').map((r) => ({ text: String(r.text), label: `facilities:xsid-${String(r.label)}`, dept: 'facilities' })),
    ...qa.filter((_, i) => i % 4 !== 0),
  ];
  const queries = [
    ...intents('clinc150/test.jsonl', 'it'),
    ...intents('banking77/test.jsonl', 'finance'),
    ...intents('hwu64/test.jsonl', 'facilities'),
    ...jsonl('xsid_it/test.jsonl').map((r) => ({ text: String(r.text), label: `facilities:xsid-${String(r.label)}`, dept: 'facilities' })),
    ...qa.filter((_, i) => i % 4 === 0),
  ];
  return { lines, queries };
}

function tickets(lines: Line[]): Ticket[] {
  const byLabel = new Map<string, Line[]>();
  for (const l of lines) byLabel.set(l.label, [...(byLabel.get(l.label) ?? []), l]);
  const people: PersonRef[] = Array.from({ length: 2_000 }, (_, i) => ({ platform: 'slack', userId: `U${i}`, name: `Person ${i}` }));
  const agents: PersonRef[] = Array.from({ length: 50 }, (_, i) => ({ platform: 'teams', userId: `A${i}`, name: `Agent ${i}` }));
  return Array.from({ length: TICKETS }, (_, i) => {
    const first = lines[i % lines.length]!;
    const same = byLabel.get(first.label)!;
    const second = same[(i * 7 + 3) % same.length]!;
    const description = `${first.text}. ${second.text}`;
    const closedAt = START + Math.floor((i / TICKETS) * YEAR_MS);
    const agent = agents[i % agents.length]!;
    return {
      code: `${first.dept.slice(0, 3).toUpperCase()}-${i + 1}`, department: first.dept, seq: i + 1, tier: 1, status: 'closed', priority: PRIORITIES[i % 4]!,
      title: first.text.slice(0, 80), description, requester: people[(i * 13) % people.length]!, assignee: agent, resolvedBy: agent,
      resolution: first.resolution ?? `Handled as ${first.label.split(':')[1]!.replace(/[_/-]/g, ' ')}; the requester confirmed.`,
      faqTried: null, channel: 'slack', createdAt: closedAt - 3_600_000, updatedAt: closedAt, dueAt: closedAt, closedAt, version: 4,
    };
  });
}

function timed(runs: number, fn: (i: number) => unknown): { p50Ms: number; p99Ms: number; maxMs: number } {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    fn(i);
    ms.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return { p50Ms: round(percentile(ms, 50), 3), p99Ms: round(percentile(ms, 99), 3), maxMs: round(ms.at(-1)!, 3) };
}

/** The archive filled as a server fills it at start: every closed ticket read from SQLite through closedBetween, page by page. */
async function loadFromSqlite(archived: readonly Ticket[], log: (msg: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-archive-bench-'));
  const file = join(dir, 'sportello.db');
  try {
    await createSqliteStore({ file }).close();
    const db = new Database(file);
    const ticket = db.prepare(
      `INSERT INTO tickets (code, department, tier, status, priority, due_at, created_at, requester_platform, requester_user, version, data)
       VALUES (@code, @department, @tier, @status, @priority, @due_at, @created_at, @requester_platform, @requester_user, @version, @data)`,
    );
    const event = db.prepare(`INSERT INTO ticket_events (ticket_code, version, at, kind, actor, channel, text, data) VALUES (@ticket_code, @version, @at, @kind, @actor, @channel, @text, @data)`);
    db.transaction(() => {
      for (const t of archived) {
        ticket.run(ticketParams(t));
        event.run(eventParams(t.code, 1, { at: t.createdAt, kind: 'created', actor: t.requester, channel: 'slack', text: t.description, data: {} }));
      }
    })();
    db.exec('ANALYZE');
    db.close();
    log(`loading ${archived.length} closed tickets from SQLite through closedBetween…`);
    const store = createSqliteStore({ file });
    try {
      const quiet = { debug() {}, info() {}, warn() {}, error() {} };
      const archive = createArchive({ logger: quiet });
      const started = performance.now();
      await createArchiveFeed({ store, archive, clock: { now: () => Date.now() }, logger: quiet }).load();
      return { tickets: archive.index.size, ms: round(performance.now() - started, 0), pageSize: 2000 };
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function archiveSimilarBench(log: (msg: string) => void = () => undefined) {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const { lines, queries } = corpus();
  const archived = tickets(lines);
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  gc();
  const before = process.memoryUsage();
  log(`indexing ${TICKETS} tickets (${lines.length} distinct utterances)…`);
  const started = performance.now();
  const archive = createArchive({ logger: quiet });
  for (const t of archived) archive.noteClosed(t);
  const indexedMs = performance.now() - started;
  archive.index.refreshSpeller();
  const buildMs = performance.now() - started;
  gc();
  const after = process.memoryUsage();
  const asked = Array.from({ length: QUERIES }, (_, i) => queries[(i * 37) % queries.length]!);
  // The lookup a claim makes: 3 solved tickets, the agent's department; synchronous in the index, so timed there.
  for (let i = 0; i < 200; i++) archive.index.search({ text: asked[i]!.text, limit: 3, filters: { departments: [asked[i]!.dept], solvedOnly: true } });
  let sameIntent = 0;
  const similar = timed(QUERIES, (i) => {
    const q = asked[i]!;
    const hits = archive.index.search({ text: q.text, limit: 3, filters: { departments: [q.dept], solvedOnly: true }, minScore: 0.12 });
    if (hits[0] && archived[Number(hits[0].ticket.code.split('-')[1]) - 1] && lines[(Number(hits[0].ticket.code.split('-')[1]) - 1) % lines.length]!.label === q.label) sameIntent++;
  });
  const filtered = timed(QUERIES, (i) => {
    const q = asked[i]!;
    archive.index.search({ text: q.text, limit: 10, filters: { priority: PRIORITIES[i % 4], from: START + YEAR_MS / 4, to: START + YEAR_MS, agent: `A${i % 50}` } });
  });
  const mb = (n: number) => round(n / 1024 / 1024, 1);
  const result = {
    tickets: archive.index.size,
    queries: QUERIES,
    build: { ms: round(buildMs, 0), indexMs: round(indexedMs, 0), spellerMs: round(buildMs - indexedMs, 0), perTicketUs: round((indexedMs * 1000) / TICKETS, 1) },
    memory: { heapMb: mb(after.heapUsed - before.heapUsed), rssMb: mb(after.rss - before.rss) },
    similarOnClaim: { ...similar, targetP99Ms: TARGET_P99_MS, underTarget: similar.p99Ms < TARGET_P99_MS, topHitSameIntent: round(sameIntent / QUERIES, 3) },
    filteredSearch: filtered,
  };
  return { ...result, loadFromSqlite: await loadFromSqlite(archived, log) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await archiveSimilarBench((m) => process.stderr.write(`[archive] ${m}\n`)), null, 2));
}

// The report's rollups on MongoDB. FerretDB (event-log.ts says why it sets the
// rules) applies no update atomically and scans a whole collection for any filter
// but an `_id`, so nothing here updates a count in place, and a report reads two
// small collections whole instead of any ticket:
//  - report_deltas: what one ticket change added, per month it touched, inserted
//    under `<code>#<version>#<month>` after the change's event (a repeat is a
//    duplicate key: it counts once);
//  - report_segments: deltas and older segments of one month summed into one
//    document by a fold, which names what it replaces. Readers skip anything a
//    segment replaces, so a fold that stops halfway (its segment written, the
//    replaced documents not yet deleted) counts nothing twice; the next fold
//    deletes the leftovers.
// Folds run one at a time across instances: each takes the minute's work slot and
// gives up before writing when it has run for half of it.
import { randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Connection } from 'mongoose';
import { cellDelta, faqAnswerCell, LIVE_DAY, type ReportCell, type ReportStore, type ReportSum, type Ticket, type WorkSlotStore } from '../../../src/index.js';
import { ignoreDuplicateKey } from './duplicate-key.js';

/** [day, department, cell, n]: compact, and no cell name becomes a field name (they hold dots). */
type Entry = [number, string, string, number];

/**
 * `cells` is the entries as JSON, deflated: FerretDB stores no nested arrays, and it
 * reads back about 7 MB a second (measured), so bytes are what a report pays for. A
 * month of a busy desk is some 70,000 entries (mostly the durations' histogram bins),
 * 2.5 MB as plain JSON and a small fraction of that deflated.
 */
interface DeltaDoc {
  _id: string;
  month: number;
  cells: Buffer;
}

const packed = (entries: readonly Entry[]): Buffer => deflateRawSync(JSON.stringify(entries));

function entriesOf(doc: DeltaDoc): Entry[] {
  const raw = doc.cells as unknown as Buffer | { buffer: Uint8Array };
  const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer);
  return JSON.parse(inflateRawSync(bytes).toString('utf8')) as Entry[];
}
interface SegmentDoc extends DeltaDoc {
  replaces: string[];
}

const DAYS_PER_MONTH = 31;
/** Rollup days group into "months" of 31 days (the live cells into their own): small segments a report can skip by day. */
export const monthOf = (day: number): number => (day === LIVE_DAY ? -1 : Math.floor(day / DAYS_PER_MONTH));
const FOLD_SLOT_MS = 60_000;
/** A fold is asked for after this many deltas written by this process. */
const FOLD_EVERY = 200;

const entryOf = (c: ReportCell): Entry => [c.day, c.department, c.cell, c.n];

/** A change's cells split into one delta document per month they fall in. */
export function deltaDocs(id: string, cells: readonly ReportCell[]): DeltaDoc[] {
  const byMonth = new Map<number, Entry[]>();
  for (const c of cells) {
    const month = monthOf(c.day);
    const list = byMonth.get(month) ?? byMonth.set(month, []).get(month)!;
    list.push(entryOf(c));
  }
  return [...byMonth].map(([month, entries]) => ({ _id: `${id}#${month}`, month, cells: packed(entries) }));
}

/** Entries summed by (day, department, cell), zeros dropped. */
function summed(entries: Iterable<Entry>): Entry[] {
  const sums = new Map<string, Entry>();
  for (const [day, department, cell, n] of entries) {
    const key = `${day}\u0000${department}\u0000${cell}`;
    const seen = sums.get(key);
    if (seen) seen[3] += n;
    else sums.set(key, [day, department, cell, n]);
  }
  return [...sums.values()].filter((e) => e[3] !== 0);
}

/** One month's segment from whole tickets, in the store's own format (the bench seeds with it). */
export function segmentOf(month: number, cells: Iterable<Entry>, id = `seg#${month}#seed`): SegmentDoc {
  return { _id: id, month, cells: packed(summed(cells)), replaces: [] };
}

export interface MongoReportStore {
  store: ReportStore;
  /** Adds a committed ticket change to the rollups (`before` null: a new ticket). */
  keep(before: Ticket | null, after: Ticket): Promise<void>;
  /** Sums pending deltas into segments; false when another fold holds the slot. */
  fold(now?: number): Promise<boolean>;
}

export function createMongoReportStore(conn: Connection, slots: WorkSlotStore): MongoReportStore {
  const deltas = conn.collection<DeltaDoc>('report_deltas');
  const segments = conn.collection<SegmentDoc>('report_segments');
  const holder = randomBytes(6).toString('base64url');
  let written = 0;

  async function insertDeltas(docs: readonly DeltaDoc[]): Promise<void> {
    if (docs.length === 0) return;
    await Promise.all(docs.map((d) => deltas.insertOne(d as never).catch(ignoreDuplicateKey)));
    written += docs.length;
    if (written >= FOLD_EVERY) {
      written = 0;
      // In the background: the change is committed already, and a fold that fails is retried by the next.
      void fold().catch(() => undefined);
    }
  }

  /** What is counted now: every segment and delta no segment replaces. */
  async function visible(): Promise<{ deltas: DeltaDoc[]; segments: SegmentDoc[] }> {
    // Deltas before segments: a fold running meanwhile writes its segment before deleting what it replaces,
    // so whatever is read here is either still a delta or already in a segment read after it.
    const d = await deltas.find({}).toArray();
    const s = await segments.find({}).toArray();
    const replaced = new Set(s.flatMap((seg) => seg.replaces ?? []));
    return {
      deltas: (d as DeltaDoc[]).filter((x) => !replaced.has(x._id)),
      segments: (s as SegmentDoc[]).filter((x) => !replaced.has(x._id)),
    };
  }

  async function fold(now = Date.now()): Promise<boolean> {
    const started = Date.now();
    if (!(await slots.claimSlot('report.fold', Math.floor(now / FOLD_SLOT_MS), holder, now))) return false;
    const [allDeltas, allSegments] = await Promise.all([deltas.find({}).toArray(), segments.find({}).toArray()]);
    const replaced = new Set(allSegments.flatMap((seg) => seg.replaces ?? []));
    // Leftovers of a fold that stopped after writing its segment.
    const staleDeltas = allDeltas.filter((d) => replaced.has(d._id)).map((d) => d._id);
    const staleSegments = allSegments.filter((s) => replaced.has(s._id)).map((s) => s._id);
    const byMonth = new Map<number, DeltaDoc[]>();
    for (const doc of [...allSegments, ...allDeltas] as DeltaDoc[]) {
      if (replaced.has(doc._id)) continue;
      const list = byMonth.get(doc.month) ?? byMonth.set(doc.month, []).get(doc.month)!;
      list.push(doc);
    }
    for (const [month, docs] of byMonth) {
      if (docs.length < 2) continue;
      if (Date.now() - started > FOLD_SLOT_MS / 2) break;
      const segment = segmentOf(month, docs.flatMap(entriesOf), `seg#${month}#${randomBytes(6).toString('base64url')}`);
      segment.replaces = docs.map((d) => d._id);
      await segments.insertOne(segment as never);
      for (const d of docs) (d._id.startsWith('seg#') ? staleSegments : staleDeltas).push(d._id);
    }
    await Promise.all([
      ...staleDeltas.map((id) => deltas.deleteOne({ _id: id })),
      ...staleSegments.map((id) => segments.deleteOne({ _id: id })),
    ]);
    return true;
  }

  const store: ReportStore = {
    async reportSums({ fromDay, toDay, department }) {
      // A fold alongside when the minute's slot is free, so later reports read fewer documents; never waited for
      // (reading while a fold runs is safe: see visible()).
      void fold().catch(() => false);
      const { deltas: d, segments: s } = await visible();
      const fromMonth = monthOf(Math.max(fromDay, 0));
      const toMonth = monthOf(Math.max(toDay - 1, 0));
      // By department, then cell: no key built per entry (a 90-day report sums some 200,000).
      const window = new Map<string, Map<string, number>>();
      const live = new Map<string, Map<string, number>>();
      const add = (into: Map<string, Map<string, number>>, dept: string, cell: string, n: number) => {
        const sums = into.get(dept) ?? into.set(dept, new Map()).get(dept)!;
        sums.set(cell, (sums.get(cell) ?? 0) + n);
      };
      for (const doc of [...s, ...d]) {
        if (doc.month !== -1 && (doc.month < fromMonth || doc.month > toMonth)) continue;
        for (const [day, dept, cell, n] of entriesOf(doc)) {
          if (department !== undefined && dept !== department) continue;
          if (day === LIVE_DAY) add(live, dept, cell, n);
          else if (day >= fromDay && day < toDay) add(window, dept, cell, n);
        }
      }
      const rows = (m: Map<string, Map<string, number>>): ReportSum[] =>
        [...m].flatMap(([dept, sums]) => [...sums].filter(([, n]) => n !== 0).map(([cell, n]) => ({ department: dept, cell, n })));
      return { window: rows(window), live: rows(live) };
    },
    async noteFaqAnswered(department, at) {
      await insertDeltas(deltaDocs(`faq#${randomBytes(9).toString('base64url')}`, [faqAnswerCell(department, at)]));
    },
  };

  return {
    store,
    fold,
    async keep(before, after) {
      await insertDeltas(deltaDocs(`${after.code}#${after.version}`, cellDelta(before, after)));
    },
  };
}

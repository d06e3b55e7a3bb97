// The report's rollups on MongoDB. FerretDB (event-log.ts says why it sets the
// rules) applies no update atomically and, on its SQLite backend, hands SQLite no
// filter but a lone `_id` equality (anything else is decoded and matched in Go, about
// 7 MB/s), so nothing here updates a count in place and a report finds what it needs
// by `_id` alone:
//  - report_deltas: what one ticket change added, per period it touched, inserted
//    under `<code>#<version>#<period>` after the change's event (a repeat is a
//    duplicate key: it counts once). A fold keeps this collection to what it has not
//    reached yet (seconds of changes), so reading it whole stays cheap;
//  - report_segments: one period's deltas and its previous segment summed into
//    `seg#<period>#<generation>`;
//  - report_heads: `head#<period>`, naming the generation that counts.
// A period is 31 days (the live cells are period -1), so a report reads one head and
// one segment per period in its window, plus the deltas, and older periods cost nothing.
// A fold inserts the next generation (whoever inserts it first folds; the rest lose
// a duplicate key), then moves the head, then deletes what the segment absorbed and
// the generation before. A segment lists the deltas it absorbed and the ones the
// generation before absorbed; readers skip those, so a fold that stops anywhere counts
// nothing twice: before the head moves, readers see the old segment and the deltas
// still there; after, the new segment, skipping the deltas it names. The next fold
// finds a generation past the head by trying the next `_id`, moves the head to it and
// deletes the leftovers. (A reader that took longer than two folds, 20 s, between
// reading the deltas and the segments could count a delta twice; none comes close.)
// Folds run one at a time across instances: each takes a work slot and gives up
// before writing when it has run for half of it.
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
  gen: number;
  /** The deltas this generation summed, and the ones the generation before it did: readers skip both. */
  absorbed: string[];
  before: string[];
}
interface HeadDoc {
  _id: string;
  gen: number;
}

const DAYS_PER_MONTH = 31;
/** Rollup days group into "months" (periods) of 31 days, the live cells into their own: a report reads those its window meets. */
export const monthOf = (day: number): number => (day === LIVE_DAY ? -1 : Math.floor(day / DAYS_PER_MONTH));
const segmentId = (month: number, gen: number) => `seg#${month}#${gen}`;
const headId = (month: number) => `head#${month}`;
/**
 * Folds take turns by slot; a short one keeps the deltas a report reads whole to a few seconds'
 * worth of changes (a fold now reads and writes only the periods its deltas touch).
 */
const FOLD_SLOT_MS = 10_000;
/** A fold is asked for after this many deltas written by this process. */
const FOLD_EVERY = 200;
/** A head may lag behind its segments (a fold stopped between the two writes): how far a reader looks past it. */
const LOOK_AHEAD = 4;

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

function segmentOf(month: number, gen: number, cells: Iterable<Entry>, absorbed: string[], before: string[]): SegmentDoc {
  return { _id: segmentId(month, gen), month, gen, cells: packed(summed(cells)), absorbed, before };
}

/** One month's first segment and its head, from whole tickets, in the store's own format (the bench seeds with them). */
export function seededMonth(month: number, cells: Iterable<Entry>): { segment: SegmentDoc; head: HeadDoc } {
  return { segment: segmentOf(month, 0, cells, [], []), head: { _id: headId(month), gen: 0 } };
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
  // Heads apart from the segments: FerretDB's SQLite backend answers an `_id` filter by reading the
  // collection's rows in SQLite, so a head is looked up among heads only.
  const heads = conn.collection<HeadDoc>('report_heads');
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

  const segmentAt = async (month: number, gen: number) => (await segments.findOne({ _id: segmentId(month, gen) })) as SegmentDoc | null;
  const headOf = async (month: number) => (await heads.findOne({ _id: headId(month) }))?.gen ?? -1;

  /**
   * The segment that counts for a month, for a reader: the head's, or (the head's deleted by a fold
   * that moved on since) the next one there is. Null: nothing folded yet.
   */
  async function countedSegment(month: number): Promise<SegmentDoc | null> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const head = await headOf(month);
      if (head < 0) return null;
      for (let gen = head; gen <= head + LOOK_AHEAD; gen++) {
        const seg = await segmentAt(month, gen);
        if (seg) return seg;
      }
    }
    throw new Error(`report: month ${month} has a head but none of its segments could be read`);
  }

  /** The newest segment of a month, for a fold (past the head too, where a fold stopped before moving it), and the head. */
  async function newestSegment(month: number): Promise<{ seg: SegmentDoc | null; head: number }> {
    const head = await headOf(month);
    let gen = head;
    let seg = gen >= 0 ? await segmentAt(month, gen) : null;
    for (;;) {
      const next = await segmentAt(month, gen + 1);
      if (!next) break;
      seg = next;
      gen += 1;
    }
    return { seg, head };
  }

  const moveHead = (month: number, gen: number) =>
    heads.replaceOne({ _id: headId(month) }, { gen }, { upsert: true }).then(() => undefined, ignoreDuplicateKey);

  async function fold(now = Date.now()): Promise<boolean> {
    const slot = Math.floor(now / FOLD_SLOT_MS);
    if (!(await slots.claimSlot('report.fold', slot, holder, now))) return false;
    // Nothing is written past half the slot or after it ends, so the next slot's fold never writes alongside this one.
    const deadline = Date.now() + Math.min(FOLD_SLOT_MS / 2, (slot + 1) * FOLD_SLOT_MS - now);
    const late = () => Date.now() > deadline;
    const byMonth = new Map<number, DeltaDoc[]>();
    for (const doc of (await deltas.find({}).toArray()) as DeltaDoc[]) {
      (byMonth.get(doc.month) ?? byMonth.set(doc.month, []).get(doc.month)!).push(doc);
    }
    for (const [month, docs] of byMonth) {
      if (late()) break;
      const { seg: current, head } = await newestSegment(month);
      // A segment a stopped fold wrote counts from here on: the head first, as readers skip what it absorbed only once the head names it.
      if (current && current.gen !== head) await moveHead(month, current.gen);
      const done = new Set([...(current?.absorbed ?? []), ...(current?.before ?? [])]);
      // Leftovers of a fold that stopped after writing its segment go before the next generation forgets them.
      await Promise.all(docs.filter((d) => done.has(d._id)).map((d) => deltas.deleteOne({ _id: d._id })));
      const fresh = docs.filter((d) => !done.has(d._id));
      // Generations before the newest that a stopped fold left (a reader that finds one gone looks ahead).
      if (current) {
        const older = [];
        for (let gen = Math.max(0, Math.min(head, current.gen - 1)); gen < current.gen; gen++) older.push(segmentId(month, gen));
        await Promise.all(older.map((id) => segments.deleteOne({ _id: id })));
      }
      if (fresh.length === 0 || late()) continue;
      const gen = (current?.gen ?? -1) + 1;
      const entries = [...(current ? entriesOf(current) : []), ...fresh.flatMap(entriesOf)];
      const next = segmentOf(month, gen, entries, fresh.map((d) => d._id), current?.absorbed ?? []);
      try {
        await segments.insertOne(next as never);
      } catch (err) {
        ignoreDuplicateKey(err);
        return true; // another fold got there first: it carries on
      }
      await moveHead(month, gen);
      await Promise.all([
        ...fresh.map((d) => deltas.deleteOne({ _id: d._id })),
        ...(current ? [segments.deleteOne({ _id: current._id })] : []),
      ]);
    }
    return true;
  }

  const store: ReportStore = {
    async reportSums({ fromDay, toDay, department }) {
      // A fold alongside when the slot is free, so later reports read fewer deltas; never waited for
      // (reading while a fold runs is safe: see the top of this file).
      void fold().catch(() => false);
      const fromMonth = monthOf(Math.max(fromDay, 0));
      const toMonth = monthOf(Math.max(toDay - 1, 0));
      const months = [-1];
      for (let m = fromMonth; m <= toMonth && toDay > fromDay; m++) months.push(m);
      // Deltas before segments: a fold running meanwhile names what it absorbed in its segment (and the
      // next fold in its successor's `before`), so a delta read here and folded since is skipped.
      const pending = (await deltas.find({}).toArray()) as DeltaDoc[];
      const counted = (await Promise.all(months.map(countedSegment))).filter((s): s is SegmentDoc => s !== null);
      const skip = new Set(counted.flatMap((s) => [...s.absorbed, ...s.before]));
      const wanted = new Set(months);
      const docs = [...counted, ...pending.filter((d) => wanted.has(d.month) && !skip.has(d._id))];
      // By department, then cell: no key built per entry (a 90-day report sums some 200,000).
      const window = new Map<string, Map<string, number>>();
      const live = new Map<string, Map<string, number>>();
      const add = (into: Map<string, Map<string, number>>, dept: string, cell: string, n: number) => {
        const sums = into.get(dept) ?? into.set(dept, new Map()).get(dept)!;
        sums.set(cell, (sums.get(cell) ?? 0) + n);
      };
      for (const doc of docs) {
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

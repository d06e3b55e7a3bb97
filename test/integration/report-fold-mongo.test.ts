// The Mongo report rollups' fold, stopped where a dying process would stop it: after
// writing the next segment, and after moving the head but before deleting what the
// segment absorbed. Whatever moment a report is read at, every FAQ answer counts once,
// and the next fold leaves one segment per period and no deltas behind.
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModels } from '../../adapters/storage/mongo/models.js';
import { createMongoReportStore, monthOf } from '../../adapters/storage/mongo/report-store.js';
import { createMongoWorkSlotStore } from '../../adapters/storage/mongo/work-slot-store.js';
import type { ReportSum } from '../../src/index.js';
import { freshDbName, mongoUri, requireMongoInCi } from '../support/mongo.js';

requireMongoInCi();

const DAY = 86_400_000;
/** Three 31-day periods, the first starting on a period boundary. */
const FIRST_DAY = 31 * 660;
const SLOT_MS = 10_000;
/** Folds asked for at slots of their own, far from the ones a report's own fold takes. */
let foldAt = Date.UTC(2001, 0, 1);
const nextSlot = () => (foldAt += SLOT_MS);

/** A connection whose `method` on `collection` fails, as if the process died there. */
function dyingAt(conn: Connection, collection: string, method: 'replaceOne' | 'deleteOne'): Connection {
  return new Proxy(conn, {
    get(target, prop, receiver) {
      if (prop !== 'collection') return Reflect.get(target, prop, receiver);
      return (name: string) => {
        const real = target.collection(name);
        if (name !== collection) return real;
        return new Proxy(real, {
          get(c, p, r) {
            if (p === method) return async () => Promise.reject(new Error(`died before ${method}`));
            const v = Reflect.get(c, p, r) as unknown;
            return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(c) : v;
          },
        });
      };
    },
  });
}

describe.runIf(mongoUri)('mongo report fold', () => {
  let conn: Connection;
  const answered: { day: number; department: string }[] = [];

  beforeAll(async () => {
    conn = await mongoose.createConnection(mongoUri!, { dbName: freshDbName() }).asPromise();
    // The slots of the next few minutes are this test's, so no report's own fold tidies up a stopped one before it is looked at.
    const now = Date.now();
    for (let s = Math.floor(now / SLOT_MS); s < Math.floor(now / SLOT_MS) + 30; s++) await slots().claimSlot('report.fold', s, 'test', now);
  });
  afterAll(async () => {
    await conn?.dropDatabase();
    await conn?.close();
  });

  const slots = () => createMongoWorkSlotStore(createModels(conn));
  const storeOn = (c: Connection) => createMongoReportStore(c, slots());

  async function answer(count: number): Promise<void> {
    const writer = storeOn(conn);
    for (let i = 0; i < count; i++) {
      const day = FIRST_DAY + ((i * 7 + answered.length) % 93);
      const department = i % 2 === 0 ? 'it' : 'hr';
      await writer.store.noteFaqAnswered(department, day * DAY + 3_600_000);
      answered.push({ day, department });
    }
  }

  const sorted = (rows: ReportSum[]) => [...rows].sort((a, b) => a.department.localeCompare(b.department) || a.cell.localeCompare(b.cell));
  function expected(fromDay: number, toDay: number): ReportSum[] {
    const by = new Map<string, number>();
    for (const a of answered) if (a.day >= fromDay && a.day < toDay) by.set(a.department, (by.get(a.department) ?? 0) + 1);
    return sorted([...by].map(([department, n]) => ({ department, cell: 'faq.answered', n })));
  }
  async function expectCountedOnce(): Promise<void> {
    const reader = storeOn(conn).store;
    for (const [fromDay, toDay] of [[FIRST_DAY, FIRST_DAY + 93], [FIRST_DAY + 31, FIRST_DAY + 62], [FIRST_DAY + 70, FIRST_DAY + 75]] as const) {
      const { window } = await reader.reportSums({ fromDay, toDay });
      expect(sorted(window)).toEqual(expected(fromDay, toDay));
    }
  }
  const pendingDeltas = () => conn.collection('report_deltas').countDocuments();

  it('counts every answer once through folds that stop halfway, and the next fold tidies up', async () => {
    await answer(40);
    await expectCountedOnce();
    expect(await storeOn(conn).fold(nextSlot())).toBe(true);
    expect(await pendingDeltas()).toBe(0);
    await expectCountedOnce();

    await answer(30);
    // Dies after moving the head, before deleting the deltas it absorbed.
    await expect(storeOn(dyingAt(conn, 'report_deltas', 'deleteOne')).fold(nextSlot())).rejects.toThrow(/died/);
    await expectCountedOnce();

    await answer(30);
    // Dies after writing the next generation, before moving the head to it.
    await expect(storeOn(dyingAt(conn, 'report_heads', 'replaceOne')).fold(nextSlot())).rejects.toThrow(/died/);
    await expectCountedOnce();

    expect(await storeOn(conn).fold(nextSlot())).toBe(true);
    await expectCountedOnce();
    expect(await pendingDeltas()).toBe(0);
    const periods = [...new Set(answered.map((a) => monthOf(a.day)))];
    expect(await conn.collection('report_segments').countDocuments()).toBe(periods.length);
    expect(await conn.collection('report_heads').countDocuments()).toBe(periods.length);
  }, 120_000);

  it('finds a period by a lone _id equality, which FerretDB answers without scanning', async () => {
    const period = monthOf(FIRST_DAY);
    const explained = await conn.db!.command({ explain: { find: 'report_heads', filter: { _id: `head#${period}` } } });
    // FerretDB says whether the filter went to its backend; a MongoDB server has no such field and uses the _id index.
    if ('filterPushdown' in explained) expect(explained.filterPushdown).toBe(true);
    else expect(JSON.stringify(explained.queryPlanner)).toMatch(/IDHACK|EXPRESS_IXSCAN|_id_/);
  });
});

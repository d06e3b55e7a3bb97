// The on-call rota set at run time (see the OnCallStore port).
import type Database from 'better-sqlite3';
import type { OnCallStore, Shift, StoredOnCallOverride, Tier } from '../../../src/index.js';
import { withFreshOverrideId } from '../on-call-override-id.js';
import type { Write } from './group-commit.js';

interface WeeklyRow {
  shifts: string;
  set_by: string;
  set_at: number;
}

interface OverrideRow {
  id: string;
  department: string;
  tier: number;
  starts_at: number;
  ends_at: number;
  people: string;
  off: string;
  added_by: string;
  added_at: number;
}

const toOverride = (r: OverrideRow): StoredOnCallOverride => ({
  id: r.id,
  department: r.department,
  tier: r.tier as Tier,
  from: r.starts_at,
  to: r.ends_at,
  people: JSON.parse(r.people) as string[],
  off: JSON.parse(r.off) as string[],
  addedBy: r.added_by,
  addedAt: r.added_at,
});

const isTaken = (err: unknown) => (err as { code?: unknown }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY';

export function createSqliteOnCallStore(db: Database.Database, write: Write): OnCallStore {
  const stmt = {
    setWeekly: db.prepare('INSERT OR REPLACE INTO oncall_weekly (department, tier, shifts, set_by, set_at) VALUES (?, ?, ?, ?, ?)'),
    clearWeekly: db.prepare('DELETE FROM oncall_weekly WHERE department = ? AND tier = ?'),
    weekly: db.prepare<[string, number], WeeklyRow>('SELECT shifts, set_by, set_at FROM oncall_weekly WHERE department = ? AND tier = ?'),
    addOverride: db.prepare(
      'INSERT INTO oncall_overrides (id, department, tier, starts_at, ends_at, people, off, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    removeOverride: db.prepare<[string], OverrideRow>('DELETE FROM oncall_overrides WHERE id = ? RETURNING *'),
    overrides: db.prepare<[string, number, number], OverrideRow>(
      'SELECT * FROM oncall_overrides WHERE department = ? AND tier = ? AND ends_at > ? ORDER BY starts_at, added_at, id',
    ),
  };

  return {
    async setWeeklyRota(department, tier, rota) {
      await write(() =>
        rota ? stmt.setWeekly.run(department, tier, JSON.stringify(rota.shifts), rota.setBy, rota.setAt) : stmt.clearWeekly.run(department, tier),
      );
    },
    async weeklyRota(department, tier) {
      const row = stmt.weekly.get(department, tier);
      return row ? { shifts: JSON.parse(row.shifts) as Shift[], setBy: row.set_by, setAt: row.set_at } : null;
    },
    addOnCallOverride(d) {
      return withFreshOverrideId(async (id) => {
        const o: StoredOnCallOverride = { id, ...d, people: [...d.people], off: [...d.off] };
        await write(() => stmt.addOverride.run(id, o.department, o.tier, o.from, o.to, JSON.stringify(o.people), JSON.stringify(o.off), o.addedBy, o.addedAt));
        return o;
      }, isTaken);
    },
    async removeOnCallOverride(id) {
      const row = await write(() => stmt.removeOverride.get(id));
      return row ? toOverride(row) : null;
    },
    async onCallOverrides(department, tier, after) {
      return stmt.overrides.all(department, tier, after).map(toOverride);
    },
  };
}

// The live feed on SQLite (see the LiveFeedStore port). Writers to one file take
// turns on its write lock, so a sequence is committed before the next is handed
// out: a reader reading "after n" in order never passes over one still coming.
import type Database from 'better-sqlite3';
import type { LiveFeedEntry, LiveFeedStore } from '../../../src/index.js';
import type { Write } from './group-commit.js';

interface FeedRow {
  seq: number;
  kind: string;
  origin: string;
  at: number;
  payload: string;
}

export function createSqliteLiveFeedStore(db: Database.Database, write: Write): LiveFeedStore {
  const stmt = {
    append: db.prepare('INSERT INTO live_feed (kind, origin, at, payload) VALUES (?, ?, ?, ?)'),
    after: db.prepare('SELECT seq, kind, origin, at, payload FROM live_feed WHERE seq > ? ORDER BY seq LIMIT ?'),
    last: db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'live_feed'"),
    forget: db.prepare('DELETE FROM live_feed WHERE at < ? AND seq < (SELECT max(seq) FROM live_feed)'),
  };

  return {
    appendFeed({ kind, origin, payload, at }) {
      return write(() => Number(stmt.append.run(kind, origin, at, JSON.stringify(payload)).lastInsertRowid));
    },

    async feedAfter(seq, limit) {
      const rows = stmt.after.all(seq, limit) as FeedRow[];
      return rows.map((r): LiveFeedEntry => ({ seq: r.seq, kind: r.kind, origin: r.origin, at: r.at, payload: JSON.parse(r.payload) as unknown }));
    },

    async lastFeedSeq() {
      const row = stmt.last.get() as { seq: number } | undefined;
      return row?.seq ?? 0;
    },

    forgetFeedBefore(at) {
      return write(() => stmt.forget.run(at).changes);
    },
  };
}

// Messages held for people who were not connected (see the InboxStore port).
import type Database from 'better-sqlite3';
import { HELD_PER_PERSON, type InboxStore, type Reply } from '../../../src/index.js';
import type { Write } from './group-commit.js';
import { createStatementCache, limitClause } from './statement-cache.js';

interface HeldRow {
  seq: number;
  at: number;
  data: string;
}

export function createSqliteInboxStore(db: Database.Database, write: Write): InboxStore {
  const stmt = {
    hold: db.prepare('INSERT INTO held_messages (platform, user_id, at, data) VALUES (?, ?, ?, ?)'),
    // Everything older than the person's newest HELD_PER_PERSON goes.
    trim: db.prepare(
      `DELETE FROM held_messages WHERE platform = @platform AND user_id = @user AND seq <= (
         SELECT seq FROM held_messages WHERE platform = @platform AND user_id = @user ORDER BY seq DESC LIMIT 1 OFFSET ${HELD_PER_PERSON}
       )`,
    ),
    release: db.prepare('DELETE FROM held_messages WHERE platform = ? AND user_id = ? AND seq = ?'),
    forgetBefore: db.prepare('DELETE FROM held_messages WHERE at < ?'),
  };
  const prepare = createStatementCache(db);

  return {
    hold(person, reply, at) {
      return write(() => {
        const seq = stmt.hold.run(person.platform, person.userId, at, JSON.stringify(reply)).lastInsertRowid;
        stmt.trim.run({ platform: person.platform, user: person.userId });
        return String(seq);
      });
    },

    async heldFor(person, limit) {
      const rows = prepare(`SELECT seq, at, data FROM held_messages WHERE platform = ? AND user_id = ? ORDER BY seq ${limitClause(limit)}`)
        .all(person.platform, person.userId) as HeldRow[];
      return rows.map((r) => ({ id: String(r.seq), at: r.at, reply: JSON.parse(r.data) as Reply }));
    },

    async releaseHeld(person, ids) {
      const seqs = ids.map(Number).filter(Number.isSafeInteger);
      if (seqs.length === 0) return;
      await write(() => {
        for (const seq of seqs) stmt.release.run(person.platform, person.userId, seq);
      });
    },

    forgetHeldBefore(at) {
      return write(() => stmt.forgetBefore.run(at).changes);
    },
  };
}

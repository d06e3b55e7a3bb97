// The web chat's history and the FAQ's answer counts (see the WebChatStore port).
import type Database from 'better-sqlite3';
import { HISTORY_PER_PERSON, type HistorySource, type WebChatStore } from '../../../src/index.js';
import type { Write } from './group-commit.js';
import { createStatementCache, limitClause } from './statement-cache.js';

interface LineRow {
  seq: number;
  at: number;
  source: HistorySource;
  data: string;
}

export function createSqliteWebChatStore(db: Database.Database, write: Write): WebChatStore {
  const stmt = {
    append: db.prepare('INSERT INTO chat_history (platform, user_id, at, source, data) VALUES (?, ?, ?, ?, ?)'),
    // Everything older than the person's newest HISTORY_PER_PERSON goes.
    trim: db.prepare(
      `DELETE FROM chat_history WHERE platform = @platform AND user_id = @user AND seq <= (
         SELECT seq FROM chat_history WHERE platform = @platform AND user_id = @user ORDER BY seq DESC LIMIT 1 OFFSET ${HISTORY_PER_PERSON}
       )`,
    ),
    count: db.prepare(
      'INSERT INTO faq_answer_counts (entry_id, locale, count) VALUES (?, ?, 1) ON CONFLICT (locale, entry_id) DO UPDATE SET count = count + 1',
    ),
  };
  const prepare = createStatementCache(db);

  return {
    async appendHistory(person, lines) {
      if (lines.length === 0) return [];
      return write(() => {
        const ids = lines.map((l) => String(stmt.append.run(person.platform, person.userId, l.at, l.from, l.data).lastInsertRowid));
        stmt.trim.run({ platform: person.platform, user: person.userId });
        return ids;
      });
    },

    async historyOf(person, limit) {
      const rows = prepare(
        `SELECT seq, at, source, data FROM (SELECT seq, at, source, data FROM chat_history WHERE platform = ? AND user_id = ? ORDER BY seq DESC ${limitClause(limit)}) ORDER BY seq`,
      ).all(person.platform, person.userId) as LineRow[];
      return rows.map((r) => ({ id: String(r.seq), at: r.at, from: r.source, data: r.data }));
    },

    async countFaqAnswer(entryId, locale) {
      await write(() => {
        stmt.count.run(entryId, locale);
      });
    },

    async mostAskedFaqs(locale, limit) {
      const rows = prepare(`SELECT entry_id, count FROM faq_answer_counts WHERE locale = ? ORDER BY count DESC, entry_id ${limitClause(limit)}`).all(locale) as {
        entry_id: string;
        count: number;
      }[];
      return rows.map((r) => ({ entryId: r.entry_id, count: r.count }));
    },
  };
}

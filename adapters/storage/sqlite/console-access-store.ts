// The agent console's sign-in links and sessions (see the ConsoleAccessStore port).
import type Database from 'better-sqlite3';
import type { ConsoleAccessStore, ConsoleGrant, ConsoleSession } from '../../../src/index.js';
import type { Write } from './group-commit.js';

interface GrantRow {
  platform: string;
  user_id: string;
  expires_at: number;
}

const toGrant = (r: GrantRow): ConsoleGrant => ({ platform: r.platform, userId: r.user_id, expiresAt: r.expires_at });

export function createSqliteConsoleAccessStore(db: Database.Database, write: Write): ConsoleAccessStore {
  const stmt = {
    saveLink: db.prepare('INSERT OR REPLACE INTO console_links (hash, platform, user_id, expires_at) VALUES (?, ?, ?, ?)'),
    peekLink: db.prepare<[string, number], GrantRow>('SELECT platform, user_id, expires_at FROM console_links WHERE hash = ? AND expires_at > ?'),
    // Deleted as it is read: two requests at once cannot both get it.
    takeLink: db.prepare<[string], GrantRow>('DELETE FROM console_links WHERE hash = ? RETURNING platform, user_id, expires_at'),
    saveSession: db.prepare('INSERT OR REPLACE INTO console_sessions (hash, platform, user_id, csrf, expires_at) VALUES (?, ?, ?, ?, ?)'),
    session: db.prepare<[string, number], GrantRow & { csrf: string }>(
      'SELECT platform, user_id, csrf, expires_at FROM console_sessions WHERE hash = ? AND expires_at > ?',
    ),
    endSession: db.prepare('DELETE FROM console_sessions WHERE hash = ?'),
    forgetLinks: db.prepare('DELETE FROM console_links WHERE expires_at <= ?'),
    forgetSessions: db.prepare('DELETE FROM console_sessions WHERE expires_at <= ?'),
  };

  return {
    async saveSignInLink(hash, grant) {
      await write(() => stmt.saveLink.run(hash, grant.platform, grant.userId, grant.expiresAt));
    },
    async peekSignInLink(hash, now) {
      const row = stmt.peekLink.get(hash, now);
      return row ? toGrant(row) : null;
    },
    async takeSignInLink(hash, now) {
      const row = await write(() => stmt.takeLink.get(hash));
      return row && row.expires_at > now ? toGrant(row) : null;
    },
    async saveConsoleSession(hash, s) {
      await write(() => stmt.saveSession.run(hash, s.platform, s.userId, s.csrf, s.expiresAt));
    },
    async consoleSession(hash, now) {
      const row = stmt.session.get(hash, now);
      return row ? ({ ...toGrant(row), csrf: row.csrf } satisfies ConsoleSession) : null;
    },
    async endConsoleSession(hash) {
      await write(() => stmt.endSession.run(hash));
    },
    forgetConsoleAccessBefore(now) {
      return write(() => stmt.forgetLinks.run(now).changes + stmt.forgetSessions.run(now).changes);
    },
  };
}

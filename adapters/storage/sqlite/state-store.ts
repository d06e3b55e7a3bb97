// Conversation state: delivery ids seen, platform references, FAQ offers.
import type Database from 'better-sqlite3';
import type { StateStore } from '../../../src/index.js';
import type { Write } from './group-commit.js';
import { toOffer } from './mappers.js';

export function createSqliteStateStore(db: Database.Database, write: Write): StateStore {
  const stmt = {
    remember: db.prepare('INSERT INTO deliveries (key, at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING'),
    forget: db.prepare('DELETE FROM deliveries WHERE key = ?'),
    forgetBefore: db.prepare('DELETE FROM deliveries WHERE at < ?'),
    setRef: db.prepare('INSERT INTO refs (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    getRef: db.prepare<[string], string>('SELECT value FROM refs WHERE key = ?').pluck(),
    saveOffer: db.prepare('INSERT INTO faq_offers (id, requester_platform, requester_user, data) VALUES (?, ?, ?, ?)'),
    takeOffer: db.prepare<[string, string, string], { data: string }>(
      'DELETE FROM faq_offers WHERE id = ? AND requester_platform = ? AND requester_user = ? RETURNING data',
    ),
  };

  return {
    rememberOnce(key, at) {
      return write(() => stmt.remember.run(key, at).changes === 1);
    },

    async forget(key) {
      await write(() => stmt.forget.run(key));
    },

    forgetBefore(at) {
      return write(() => stmt.forgetBefore.run(at).changes);
    },

    async setRef(key, value) {
      await write(() => stmt.setRef.run(key, value));
    },

    async getRef(key) {
      return stmt.getRef.get(key) ?? null;
    },

    async saveOffer(offer) {
      await write(() => stmt.saveOffer.run(offer.id, offer.requester.platform, offer.requester.userId, JSON.stringify(offer)));
    },

    async takeOffer(id, requester) {
      const row = await write(() => stmt.takeOffer.get(id, requester.platform, requester.userId));
      return row ? toOffer(row.data) : null;
    },
  };
}

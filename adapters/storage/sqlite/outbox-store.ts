// The outbox: one row per committed change (written by the ticket store inside
// the change's own savepoint), and one row per channel that finished it.
import type Database from 'better-sqlite3';
import type { ChangeRecord, OutboxStore } from '../../../src/index.js';
import type { Write } from './group-commit.js';
import { createStatementCache, limitClause } from './statement-cache.js';

export interface SqliteOutbox {
  store: OutboxStore;
  /** Adds a record; call it only inside the savepoint of the change it describes. */
  put(change: ChangeRecord): void;
}

export function createSqliteOutboxStore(db: Database.Database, write: Write): SqliteOutbox {
  const stmt = {
    insertOutbox: db.prepare('INSERT INTO outbox (id, at, data) VALUES (?, ?, ?)'),
    finishDelivery: db.prepare(
      'INSERT INTO outbox_deliveries (record_id, channel, at, error) VALUES (?, ?, ?, ?) ON CONFLICT (record_id, channel) DO NOTHING',
    ),
    pruneOutbox: db.prepare('DELETE FROM outbox WHERE id = ?'),
    isPending: db.prepare('SELECT 1 FROM outbox WHERE id = ?'),
    pruneDelivered: db.prepare('DELETE FROM outbox_deliveries WHERE record_id = ? AND error IS NULL'),
    forgetFailures: db.prepare('DELETE FROM outbox_deliveries WHERE error IS NOT NULL AND at < ?'),
  };

  const prepare = createStatementCache(db);

  const store: OutboxStore = {
    async pendingChanges(limit) {
      const rows = prepare(
        `SELECT o.seq, o.data, (SELECT group_concat(channel, char(31)) FROM outbox_deliveries d WHERE d.record_id = o.id) AS finished
         FROM outbox o ORDER BY o.seq ${limitClause(limit)}`,
      ).all() as { seq: number; data: string; finished: string | null }[];
      return rows.map((row) => ({
        record: JSON.parse(row.data) as ChangeRecord,
        finished: row.finished ? row.finished.split('\u001f') : [],
      }));
    },

    async isPending(recordId) {
      return stmt.isPending.get(recordId) !== undefined;
    },

    async finishDelivery(recordId, channel, at, error) {
      await write(() => stmt.finishDelivery.run(recordId, channel, at, error ?? null));
    },

    async pruneChange(recordId) {
      await write(() => {
        stmt.pruneOutbox.run(recordId);
        stmt.pruneDelivered.run(recordId);
      });
    },

    async deliveryFailures(limit) {
      const rows = prepare(`SELECT record_id, channel, at, error FROM outbox_deliveries WHERE error IS NOT NULL ORDER BY at DESC ${limitClause(limit)}`).all() as {
        record_id: string;
        channel: string;
        at: number;
        error: string;
      }[];
      return rows.map((r) => ({ recordId: r.record_id, channel: r.channel, at: r.at, error: r.error }));
    },

    forgetFailuresBefore(at) {
      return write(() => stmt.forgetFailures.run(at).changes);
    },
  };

  return {
    store,
    put(change) {
      stmt.insertOutbox.run(change.id, change.at, JSON.stringify(change));
    },
  };
}

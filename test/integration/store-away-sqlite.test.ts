// SQLite: another process holds the database file (a backup, a copy, a stalled disk), so nothing
// can be written. (A file's permissions cannot take write access from a process that opened it,
// and CI runs as root: holding the write lock is how a test makes the file refuse writes.)
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import { runStoreAwayFlows } from './store-away-flows.js';

runStoreAwayFlows(
  'sqlite',
  async (dataDir) => {
    const file = join(dataDir, 'sportello.db');
    let holder: Database.Database | null = null;
    return {
      env: {},
      open: async () => createSqliteStore({ file }),
      async breakStore() {
        holder = new Database(file);
        holder.exec('BEGIN EXCLUSIVE');
      },
      async mendStore() {
        holder?.exec('COMMIT');
        holder?.close();
        holder = null;
      },
      async cleanup() {
        holder?.close();
      },
    };
  },
  { untilMs: 15_000 },
);

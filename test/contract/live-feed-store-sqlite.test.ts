import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import { runLiveFeedStoreContract } from './live-feed-store-contract.js';

runLiveFeedStoreContract('sqlite (one file, two connections)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-feed-'));
  return {
    connect: async () => createSqliteStore({ file: join(dir, 'sportello.db') }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

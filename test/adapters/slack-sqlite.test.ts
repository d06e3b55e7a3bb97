import { join } from 'node:path';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import { runSlackFlows } from './slack-flows.js';

runSlackFlows('sqlite', async () => ({
  env: {},
  open: async (dataDir) => createSqliteStore({ file: join(dataDir, 'sportello.db') }),
  cleanup: async () => undefined,
}));

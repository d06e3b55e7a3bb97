import { join } from 'node:path';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import { runTeamsFlows } from './teams-flows.js';

runTeamsFlows('sqlite', async () => ({
  env: {},
  open: async (dataDir) => createSqliteStore({ file: join(dataDir, 'sportello.db') }),
  cleanup: async () => undefined,
}));

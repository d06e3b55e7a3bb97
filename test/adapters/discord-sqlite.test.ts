import { join } from 'node:path';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import { runDiscordFlows } from './discord-flows.js';

runDiscordFlows('sqlite', async () => ({
  env: {},
  open: async (dataDir) => createSqliteStore({ file: join(dataDir, 'sportello.db') }),
  cleanup: async () => undefined,
}));

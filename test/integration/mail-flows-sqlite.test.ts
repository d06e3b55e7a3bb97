import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import { runMailFlows } from './mail-flows.js';

runMailFlows('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-mail-'));
  return { store: createSqliteStore({ file: join(dir, 'sportello.db') }), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
});

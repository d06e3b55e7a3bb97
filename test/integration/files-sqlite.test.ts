import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import { runFileFlows } from './files-flows.js';

runFileFlows('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-files-'));
  return { store: createSqliteStore({ file: join(dir, 'sportello.db') }), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
});

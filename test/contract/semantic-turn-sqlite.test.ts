import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import { runSemanticTurnContract } from './semantic-turn-contract.js';

runSemanticTurnContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-semantic-turn-'));
  const file = join(dir, 'sportello.db');
  return { connect: async () => createSqliteStore({ file }), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
});

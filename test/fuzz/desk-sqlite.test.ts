// The desk fuzzed on a SQLite file (see desk-fuzz.ts); run counts keep it well under 30 s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import { sqliteStoreEnv } from '../support/server-stores.js';
import { runDeskFuzz, runHttpFuzz } from './desk-fuzz.js';
import { PROTOTYPE_WORDS } from './hostile.js';

runDeskFuzz(
  'sqlite',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sportello-fuzz-'));
    return { store: createSqliteStore({ file: join(dir, 'fuzz.db') }), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  },
  { desk: 800, words: PROTOTYPE_WORDS },
);
runHttpFuzz('sqlite', sqliteStoreEnv, 600);

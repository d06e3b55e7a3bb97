import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import { NOT_PERSONAL, PERSONAL_TABLES } from '../../adapters/storage/sqlite/personal-data-tables.js';
import { dumpSqlite, sqliteTables } from '../support/store-dump.js';
import { runPersonalDataContract } from './personal-data-contract.js';

runPersonalDataContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-privacy-'));
  const file = join(dir, 'sportello.db');
  return {
    connect: async () => createSqliteStore({ file }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    dump: async () => dumpSqlite(file),
    tables: () => sqliteTables(file),
    handled: PERSONAL_TABLES.flatMap((t) => t.tables),
    notPersonal: Object.keys(NOT_PERSONAL),
  };
});

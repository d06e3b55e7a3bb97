import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import { runOutboxLeaseFlows } from './outbox-leases-flows.js';

runOutboxLeaseFlows('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-outbox-leases-'));
  const file = join(dir, 'sportello.db');
  const stores = [createSqliteStore({ file }), createSqliteStore({ file })] as const;
  return {
    stores: [stores[0], stores[1]],
    cleanup: async () => {
      for (const s of stores) await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

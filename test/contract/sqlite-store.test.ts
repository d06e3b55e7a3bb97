import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import { runAddressBookContract } from './address-book-contract.js';
import { runFaqDraftStoreContract } from './faq-draft-store-contract.js';
import { runFileStoreContract } from './file-store-contract.js';
import { runGuideStatsStoreContract } from './guide-stats-store-contract.js';
import { runOnCallStoreContract } from './on-call-store-contract.js';
import { runStoreContract } from './store-contract.js';
import { runWebChatStoreContract } from './web-chat-store-contract.js';

const sqliteHarness = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-sqlite-'));
  const file = join(dir, 'sportello.db');
  return {
    file,
    connect: async () => createSqliteStore({ file }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
};

runStoreContract('sqlite', sqliteHarness);
runWebChatStoreContract('sqlite', sqliteHarness);
runOnCallStoreContract('sqlite', sqliteHarness);
runFaqDraftStoreContract('sqlite', sqliteHarness);
runGuideStatsStoreContract('sqlite', sqliteHarness);
runAddressBookContract('sqlite', sqliteHarness);

runFileStoreContract('sqlite', async () => {
  const h = await sqliteHarness();
  const dir = join(h.file, '..', 'files');
  return {
    ...h,
    // Every plain file under files/, a temporary one left behind included.
    storedCopies: async () => (readdirSync(dir, { recursive: true, withFileTypes: true }) as { isFile(): boolean }[]).filter((e) => e.isFile()).length,
  };
});

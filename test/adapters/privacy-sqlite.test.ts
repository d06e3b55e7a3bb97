import { join } from 'node:path';
import { sqliteStoreEnv } from '../support/server-stores.js';
import { dumpSqlite } from '../support/store-dump.js';
import { runPrivacyFlows } from './privacy-flows.js';

runPrivacyFlows('sqlite', sqliteStoreEnv, async (_storage, dataDir) => dumpSqlite(join(dataDir, 'sportello.db')));

import { sqliteStoreEnv } from '../support/server-stores.js';
import { runArchiveFlows } from './archive-flows.js';

runArchiveFlows('sqlite', sqliteStoreEnv);

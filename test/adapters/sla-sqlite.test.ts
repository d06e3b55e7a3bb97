import { sqliteStoreEnv } from '../support/server-stores.js';
import { runSlaFlows } from './sla-flows.js';

runSlaFlows('sqlite', sqliteStoreEnv);

import { sqliteStoreEnv } from '../support/server-stores.js';
import { runLeadPagesFlows } from './web-console-leads-flows.js';

runLeadPagesFlows('sqlite', sqliteStoreEnv);

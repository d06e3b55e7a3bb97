import { sqliteStoreEnv } from '../support/server-stores.js';
import { runSlaTwoInstancesFlows } from './sla-two-instances-flows.js';

runSlaTwoInstancesFlows('sqlite', sqliteStoreEnv);

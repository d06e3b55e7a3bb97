import { sqliteStoreEnv } from '../support/server-stores.js';
import { runHeldMessageFlows } from './web-held-flows.js';

runHeldMessageFlows('sqlite', sqliteStoreEnv);

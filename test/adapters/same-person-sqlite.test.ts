import { sqliteStoreEnv } from '../support/server-stores.js';
import { runSamePersonFlows } from './same-person-flows.js';

runSamePersonFlows('sqlite', sqliteStoreEnv);

import { sqliteStoreEnv } from '../support/server-stores.js';
import { runHostileInputFlows } from './hostile-input-flows.js';

runHostileInputFlows('sqlite', sqliteStoreEnv);

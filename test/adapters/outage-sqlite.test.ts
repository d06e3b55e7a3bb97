import { sqliteStoreEnv } from '../support/server-stores.js';
import { runOutageFlows } from './outage-flows.js';

runOutageFlows('sqlite', sqliteStoreEnv);

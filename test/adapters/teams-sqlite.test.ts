import { sqliteStoreEnv } from '../support/server-stores.js';
import { runTeamsFlows } from './teams-flows.js';

runTeamsFlows('sqlite', sqliteStoreEnv);

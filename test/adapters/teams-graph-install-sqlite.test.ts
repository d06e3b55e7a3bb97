import { sqliteStoreEnv } from '../support/server-stores.js';
import { runTeamsGraphInstallFlows } from './teams-graph-install-flows.js';

runTeamsGraphInstallFlows('sqlite', sqliteStoreEnv);

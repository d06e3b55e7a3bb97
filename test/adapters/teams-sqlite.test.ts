import { sqliteStoreEnv } from '../support/server-stores.js';
import { runTeamsFlows } from './teams-flows.js';
import { runTeamsTrustFlows } from './teams-trust-flows.js';

runTeamsFlows('sqlite', sqliteStoreEnv);
runTeamsTrustFlows('sqlite', sqliteStoreEnv);

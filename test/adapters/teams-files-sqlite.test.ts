import { sqliteStoreEnv } from '../support/server-stores.js';
import { runTeamsFilesFlows } from './teams-files-flows.js';

runTeamsFilesFlows('sqlite', sqliteStoreEnv);

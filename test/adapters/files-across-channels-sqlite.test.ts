import { sqliteStoreEnv } from '../support/server-stores.js';
import { runFilesAcrossChannelsFlows } from './files-across-channels-flows.js';

runFilesAcrossChannelsFlows('sqlite', sqliteStoreEnv);

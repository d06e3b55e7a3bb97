import { sqliteStoreEnv } from '../support/server-stores.js';
import { runWebFilesFlows } from './web-files-flows.js';

runWebFilesFlows('sqlite', sqliteStoreEnv);

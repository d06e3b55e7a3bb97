import { sqliteStoreEnv } from '../support/server-stores.js';
import { runSlackFilesFlows } from './slack-files-flows.js';

runSlackFilesFlows('sqlite', sqliteStoreEnv);

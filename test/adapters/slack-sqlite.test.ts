import { sqliteStoreEnv } from '../support/server-stores.js';
import { runSlackFlows } from './slack-flows.js';

runSlackFlows('sqlite', sqliteStoreEnv);

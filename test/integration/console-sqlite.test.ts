import { sqliteStoreEnv } from '../support/server-stores.js';
import { runConsoleFlows } from './console-flows.js';

runConsoleFlows('sqlite', sqliteStoreEnv);

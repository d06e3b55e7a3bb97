import { sqliteStoreEnv } from '../support/server-stores.js';
import { runGuidesConsoleFlows } from './web-console-guides-flows.js';

runGuidesConsoleFlows('sqlite', sqliteStoreEnv);

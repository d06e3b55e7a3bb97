import { sqliteStoreEnv } from '../support/server-stores.js';
import { runOnCallPageFlows } from './web-console-oncall-flows.js';

runOnCallPageFlows('sqlite', sqliteStoreEnv);

import { sqliteStoreEnv } from '../support/server-stores.js';
import { runOnCallCliFlows } from './oncall-cli-flows.js';

runOnCallCliFlows('sqlite', sqliteStoreEnv, { refusals: true });

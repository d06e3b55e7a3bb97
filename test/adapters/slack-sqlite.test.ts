import { sqliteStoreEnv } from '../support/server-stores.js';
import { runSlackFlows } from './slack-flows.js';
import { runSlackTrustFlows } from './slack-trust-flows.js';
import { runSlackThreadDefaultFlows } from './slack-thread-default-flows.js';

runSlackFlows('sqlite', sqliteStoreEnv);
runSlackTrustFlows('sqlite', sqliteStoreEnv);
runSlackThreadDefaultFlows('sqlite', sqliteStoreEnv);

import { sqliteStoreEnv } from '../support/server-stores.js';
import { runGuidedFixWebFlows } from './guided-fix-web-flows.js';

runGuidedFixWebFlows('sqlite', sqliteStoreEnv);

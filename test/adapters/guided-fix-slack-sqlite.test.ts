import { sqliteStoreEnv } from '../support/server-stores.js';
import { runGuidedFixSlackFlows } from './guided-fix-slack-flows.js';

runGuidedFixSlackFlows('sqlite', sqliteStoreEnv);

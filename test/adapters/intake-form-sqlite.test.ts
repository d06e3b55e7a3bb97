import { sqliteStoreEnv } from '../support/server-stores.js';
import { runIntakeFormFlows } from './intake-form-flows.js';

runIntakeFormFlows('sqlite', sqliteStoreEnv);

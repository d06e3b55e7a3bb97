import { sqliteStoreEnv } from '../support/server-stores.js';
import { runReportFlows } from './report-flows.js';

runReportFlows('sqlite', sqliteStoreEnv);

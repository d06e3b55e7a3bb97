import { sqliteStoreEnv } from '../support/server-stores.js';
import { runFaqGuideCliFlows } from './faq-guide-cli-flows.js';

runFaqGuideCliFlows('sqlite', sqliteStoreEnv, { refusals: true });

import { sqliteStoreEnv } from '../support/server-stores.js';
import { runFaqDraftFlows } from './faq-drafts-flows.js';

runFaqDraftFlows('sqlite', sqliteStoreEnv);

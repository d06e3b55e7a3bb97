import { sqliteStoreEnv } from '../support/server-stores.js';
import { runFaqDraftConsoleFlows } from './faq-drafts-console-flows.js';

runFaqDraftConsoleFlows('sqlite', sqliteStoreEnv);

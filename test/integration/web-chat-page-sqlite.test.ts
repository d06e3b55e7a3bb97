import { sqliteStoreEnv } from '../support/server-stores.js';
import { runChatPageFlows } from './web-chat-page-flows.js';

runChatPageFlows('sqlite', sqliteStoreEnv);

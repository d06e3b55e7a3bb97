// The conversation fixture through the web chat API, on SQLite.
import { sqliteStoreEnv } from '../support/server-stores.js';
import { runConversations } from './run-conversations.js';
import { startWebDriver } from './web-driver.js';

runConversations('web-sqlite', async () => startWebDriver(await sqliteStoreEnv()));

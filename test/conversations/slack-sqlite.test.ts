// The conversation fixture through Slack's real SDK and its local stand-in, on SQLite: each agent told one by one (a triage channel is one message for every agent, covered by the channel contract).
import { sqliteStoreEnv } from '../support/server-stores.js';
import { makeSlackDriver } from './slack-driver.js';
import { runConversations } from './run-conversations.js';

runConversations('slack-sqlite', () => makeSlackDriver(sqliteStoreEnv, { triageChannel: false }));

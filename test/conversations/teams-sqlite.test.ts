// The conversation fixture through Teams's real SDK and its local stand-in, on SQLite: each agent told one by one (a triage channel is one message for every agent, covered by the channel contract).
import { sqliteStoreEnv } from '../support/server-stores.js';
import { makeTeamsDriver } from './teams-driver.js';
import { runConversations } from './run-conversations.js';

runConversations('teams-sqlite', () => makeTeamsDriver(sqliteStoreEnv, { triageChannel: false }));

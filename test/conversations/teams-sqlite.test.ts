// The conversation fixture through Teams's real SDK and its local stand-in, on SQLite: one conversation per bullet and
// language (the web runs all of them), each agent told one by one (a triage channel is one message for every agent,
// covered by the channel contract). CONVERSATIONS=all runs every conversation here too.
import { sqliteStoreEnv } from '../support/server-stores.js';
import { makeTeamsDriver } from './teams-driver.js';
import { oneOfEachBullet, runConversations } from './run-conversations.js';

runConversations('teams-sqlite', () => makeTeamsDriver(sqliteStoreEnv, { triageChannel: false }), process.env.CONVERSATIONS === 'all' ? {} : { only: oneOfEachBullet() });

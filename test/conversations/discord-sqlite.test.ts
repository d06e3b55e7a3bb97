// The conversation fixture through Discord's real SDK and its local stand-in, on SQLite: one conversation per bullet and
// language (the web runs all of them), each agent told one by one (a triage channel is one message for every agent,
// covered by the channel contract). CONVERSATIONS=all runs every conversation here too.
import { sqliteStoreEnv } from '../support/server-stores.js';
import { makeDiscordDriver } from './discord-driver.js';
import { oneOfEachBullet, runConversations } from './run-conversations.js';

runConversations('discord-sqlite', () => makeDiscordDriver(sqliteStoreEnv, { triageChannel: false }), process.env.CONVERSATIONS === 'all' ? {} : { only: oneOfEachBullet() });

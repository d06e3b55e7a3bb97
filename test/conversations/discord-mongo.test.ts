// The conversation fixture through Discord's real SDK on the Mongo store (FerretDB): one conversation per bullet and language.
import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { makeDiscordDriver } from './discord-driver.js';
import { oneOfEachBullet, runConversations } from './run-conversations.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runConversations('discord-mongo', () => makeDiscordDriver(mongoStoreEnv, { triageChannel: false }), { only: oneOfEachBullet() });
});

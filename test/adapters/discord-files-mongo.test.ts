import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runDiscordFileFlows } from './discord-files-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runDiscordFileFlows('mongo', mongoStoreEnv);
});

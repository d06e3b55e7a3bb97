import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runDiscordFlows } from './discord-flows.js';
import { runDiscordTrustFlows } from './discord-trust-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runDiscordFlows('mongo', mongoStoreEnv);
  runDiscordTrustFlows('mongo', mongoStoreEnv);
});

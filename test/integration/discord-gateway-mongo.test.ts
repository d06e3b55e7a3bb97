import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runDiscordGatewayFlows } from './discord-gateway-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runDiscordGatewayFlows('mongo', mongoStoreEnv, false);
});

import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runOutageFlows } from './outage-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runOutageFlows('mongo', mongoStoreEnv);
});

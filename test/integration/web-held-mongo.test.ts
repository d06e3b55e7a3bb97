import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runHeldMessageFlows } from './web-held-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runHeldMessageFlows('mongo', mongoStoreEnv);
});

import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runHostileInputFlows } from './hostile-input-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runHostileInputFlows('mongo', mongoStoreEnv);
});

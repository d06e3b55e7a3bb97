import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runSamePersonFlows } from './same-person-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runSamePersonFlows('mongo', mongoStoreEnv);
});

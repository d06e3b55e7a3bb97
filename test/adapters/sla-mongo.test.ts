import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runSlaFlows } from './sla-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runSlaFlows('mongo', mongoStoreEnv);
});

import { describe } from 'vitest';
import { freshMongoHarness, mongoUri, requireMongoInCi } from '../support/mongo.js';
import { runSlaSweepContract } from './sla-sweep-contract.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runSlaSweepContract('mongo', async () => {
    const harness = freshMongoHarness();
    return { ...harness, childEnv: { SWEEP_MONGO_URI: harness.uri, SWEEP_MONGO_DB: harness.dbName } };
  });
});

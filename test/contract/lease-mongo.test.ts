import { describe } from 'vitest';
import { freshMongoHarness, mongoUri, requireMongoInCi } from '../support/mongo.js';
import { runLeaseContract } from './lease-contract.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runLeaseContract('mongo', async () => freshMongoHarness());
});

import { describe } from 'vitest';
import { freshMongoHarness, mongoUri, requireMongoInCi } from '../support/mongo.js';
import { runLeaseKeeperContract } from './lease-keeper-contract.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  // FerretDB answers a claim in milliseconds, not microseconds: longer periods keep the test about leases, not latency.
  runLeaseKeeperContract('mongo', async () => freshMongoHarness(), 800);
});

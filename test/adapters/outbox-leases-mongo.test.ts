import { describe } from 'vitest';
import { freshMongoHarness, mongoUri, requireMongoInCi } from '../support/mongo.js';
import { runOutboxLeaseFlows } from './outbox-leases-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runOutboxLeaseFlows('mongo', async () => {
    const h = freshMongoHarness();
    const a = await h.connect();
    const b = await h.connect();
    return {
      stores: [a, b],
      cleanup: async () => {
        await a.close();
        await b.close();
        await h.cleanup();
      },
    };
  });
});

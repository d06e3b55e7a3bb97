import { describe } from 'vitest';
import { freshMongoHarness, mongoUri, requireMongoInCi } from '../support/mongo.js';
import { runLiveFeedStoreContract } from './live-feed-store-contract.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runLiveFeedStoreContract('mongo', async () => freshMongoHarness());
});

import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runLiveFeedFlows } from './live-feed-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runLiveFeedFlows('mongo', mongoStoreEnv);
});

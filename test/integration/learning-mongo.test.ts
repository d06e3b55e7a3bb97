import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runLearningFlows } from './learning-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runLearningFlows('mongo', mongoStoreEnv);
});

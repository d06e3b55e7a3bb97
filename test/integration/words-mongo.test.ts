import { describe } from 'vitest';
import { freshMongoStore, mongoUri, requireMongoInCi } from '../support/mongo.js';
import { runWordsFlows } from './words-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runWordsFlows('mongo', freshMongoStore);
});

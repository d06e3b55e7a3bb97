import { describe } from 'vitest';
import { freshMongoStore, mongoUri, requireMongoInCi } from '../support/mongo.js';
import { runLimitFlows } from './limit-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runLimitFlows('mongo', freshMongoStore);
});

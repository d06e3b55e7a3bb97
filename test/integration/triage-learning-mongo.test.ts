import { describe } from 'vitest';
import { freshMongoStore, mongoUri, requireMongoInCi } from '../support/mongo.js';
import { runTriageLearningFlows } from './triage-learning-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runTriageLearningFlows('mongo', freshMongoStore);
});

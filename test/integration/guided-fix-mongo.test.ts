import { describe } from 'vitest';
import { freshMongoStore, mongoUri, requireMongoInCi } from '../support/mongo.js';
import { runGuidedFixFlows } from './guided-fix-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runGuidedFixFlows('mongo', freshMongoStore);
});

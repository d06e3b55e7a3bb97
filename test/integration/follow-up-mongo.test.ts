import { describe } from 'vitest';
import { freshMongoStore, mongoUri, requireMongoInCi } from '../support/mongo.js';
import { runFollowUpFlows } from './follow-up-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runFollowUpFlows('mongo', freshMongoStore);
});

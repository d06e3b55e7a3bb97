import { describe } from 'vitest';
import { freshMongoStore, mongoUri, requireMongoInCi } from '../support/mongo.js';
import { runIntakeFlows } from './intake-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runIntakeFlows('mongo', freshMongoStore);
});

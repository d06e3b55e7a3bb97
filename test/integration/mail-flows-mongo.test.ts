import { describe } from 'vitest';
import { freshMongoStore, mongoUri, requireMongoInCi } from '../support/mongo.js';
import { runMailFlows } from './mail-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runMailFlows('mongo', freshMongoStore);
});

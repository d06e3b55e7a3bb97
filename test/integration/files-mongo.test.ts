import { describe } from 'vitest';
import { freshMongoStore, mongoUri, requireMongoInCi } from '../support/mongo.js';
import { runFileFlows } from './files-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runFileFlows('mongo', freshMongoStore);
});

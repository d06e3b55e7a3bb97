import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runGuidedFixSlackFlows } from './guided-fix-slack-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runGuidedFixSlackFlows('mongo', mongoStoreEnv);
});

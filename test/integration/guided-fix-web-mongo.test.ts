import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runGuidedFixWebFlows } from './guided-fix-web-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runGuidedFixWebFlows('mongo', mongoStoreEnv);
});

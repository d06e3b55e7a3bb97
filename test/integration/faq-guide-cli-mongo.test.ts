import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runFaqGuideCliFlows } from './faq-guide-cli-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runFaqGuideCliFlows('mongo', mongoStoreEnv, { refusals: false });
});

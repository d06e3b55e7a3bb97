import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runFaqDraftFlows } from './faq-drafts-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runFaqDraftFlows('mongo', mongoStoreEnv);
});

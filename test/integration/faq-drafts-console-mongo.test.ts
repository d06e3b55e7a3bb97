import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runFaqDraftConsoleFlows } from './faq-drafts-console-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runFaqDraftConsoleFlows('mongo', mongoStoreEnv);
});

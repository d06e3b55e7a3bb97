import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runLeadPagesFlows } from './web-console-leads-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runLeadPagesFlows('mongo', mongoStoreEnv);
});

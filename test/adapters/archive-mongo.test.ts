import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runArchiveFlows } from './archive-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runArchiveFlows('mongo', mongoStoreEnv);
});

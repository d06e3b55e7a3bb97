import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runSlackFlows } from './slack-flows.js';
import { runSlackTrustFlows } from './slack-trust-flows.js';
import { runSlackThreadDefaultFlows } from './slack-thread-default-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runSlackFlows('mongo', mongoStoreEnv);
  runSlackTrustFlows('mongo', mongoStoreEnv);
  runSlackThreadDefaultFlows('mongo', mongoStoreEnv);
});

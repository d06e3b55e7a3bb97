import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runOnCallCliFlows } from './oncall-cli-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runOnCallCliFlows('mongo', mongoStoreEnv, { refusals: false });
});

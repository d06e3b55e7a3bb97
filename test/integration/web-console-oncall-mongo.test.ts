import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runOnCallPageFlows } from './web-console-oncall-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runOnCallPageFlows('mongo', mongoStoreEnv);
});

import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runSlaTwoInstancesFlows } from './sla-two-instances-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runSlaTwoInstancesFlows('mongo', mongoStoreEnv);
});

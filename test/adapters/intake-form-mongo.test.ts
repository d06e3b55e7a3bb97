import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runIntakeFormFlows } from './intake-form-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runIntakeFormFlows('mongo', mongoStoreEnv);
});

import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runReportFlows } from './report-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runReportFlows('mongo', mongoStoreEnv);
});

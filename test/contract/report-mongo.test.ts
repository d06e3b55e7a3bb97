import { describe } from 'vitest';
import { freshMongoHarness, mongoUri, requireMongoInCi } from '../support/mongo.js';
import { runReportContract } from './report-contract.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runReportContract('mongo', async () => freshMongoHarness());
});

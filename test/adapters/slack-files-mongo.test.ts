import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runSlackFilesFlows } from './slack-files-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runSlackFilesFlows('mongo', mongoStoreEnv);
});

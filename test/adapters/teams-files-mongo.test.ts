import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runTeamsFilesFlows } from './teams-files-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runTeamsFilesFlows('mongo', mongoStoreEnv);
});

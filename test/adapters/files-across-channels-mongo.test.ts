import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runFilesAcrossChannelsFlows } from './files-across-channels-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runFilesAcrossChannelsFlows('mongo', mongoStoreEnv);
});

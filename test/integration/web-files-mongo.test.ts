import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runWebFilesFlows } from './web-files-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runWebFilesFlows('mongo', mongoStoreEnv);
});

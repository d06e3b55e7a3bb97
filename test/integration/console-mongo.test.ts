import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runConsoleFlows } from './console-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runConsoleFlows('mongo', mongoStoreEnv);
});

import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runGuidesConsoleFlows } from './web-console-guides-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runGuidesConsoleFlows('mongo', mongoStoreEnv);
});

import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runSmallTalkFlows } from './small-talk-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runSmallTalkFlows('mongo', mongoStoreEnv);
});

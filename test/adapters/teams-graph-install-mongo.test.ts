import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runTeamsGraphInstallFlows } from './teams-graph-install-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runTeamsGraphInstallFlows('mongo', mongoStoreEnv);
});

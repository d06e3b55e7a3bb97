import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runTeamsFlows } from './teams-flows.js';
import { runTeamsTrustFlows } from './teams-trust-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runTeamsFlows('mongo', mongoStoreEnv);
  runTeamsTrustFlows('mongo', mongoStoreEnv);
});

import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runChannelContract } from './channel-contract.js';
import { slackHarness } from './channels/slack.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runChannelContract('mongo', mongoStoreEnv, slackHarness);
});

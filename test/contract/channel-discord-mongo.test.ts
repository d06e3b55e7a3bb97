import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runChannelContract } from './channel-contract.js';
import { discordHarness } from './channels/discord.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runChannelContract('mongo', mongoStoreEnv, discordHarness);
});

import { sqliteStoreEnv } from '../support/server-stores.js';
import { runChannelContract } from './channel-contract.js';
import { discordHarness } from './channels/discord.js';

runChannelContract('sqlite', sqliteStoreEnv, discordHarness);

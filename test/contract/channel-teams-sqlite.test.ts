import { sqliteStoreEnv } from '../support/server-stores.js';
import { runChannelContract } from './channel-contract.js';
import { teamsHarness } from './channels/teams.js';

runChannelContract('sqlite', sqliteStoreEnv, teamsHarness);

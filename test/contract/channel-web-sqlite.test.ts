import { sqliteStoreEnv } from '../support/server-stores.js';
import { runChannelContract } from './channel-contract.js';
import { webHarness } from './channels/web.js';

runChannelContract('sqlite', sqliteStoreEnv, webHarness);

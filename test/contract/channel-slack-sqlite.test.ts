import { sqliteStoreEnv } from '../support/server-stores.js';
import { runChannelContract } from './channel-contract.js';
import { slackHarness } from './channels/slack.js';

runChannelContract('sqlite', sqliteStoreEnv, slackHarness);

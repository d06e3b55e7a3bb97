import { sqliteStoreEnv } from '../support/server-stores.js';
import { runDiscordFlows } from './discord-flows.js';
import { runDiscordTrustFlows } from './discord-trust-flows.js';

runDiscordFlows('sqlite', sqliteStoreEnv);
runDiscordTrustFlows('sqlite', sqliteStoreEnv);

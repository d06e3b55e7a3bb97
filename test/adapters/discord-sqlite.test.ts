import { sqliteStoreEnv } from '../support/server-stores.js';
import { runDiscordFlows } from './discord-flows.js';

runDiscordFlows('sqlite', sqliteStoreEnv);

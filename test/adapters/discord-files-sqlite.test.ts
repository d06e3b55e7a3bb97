import { sqliteStoreEnv } from '../support/server-stores.js';
import { runDiscordFileFlows } from './discord-files-flows.js';

runDiscordFileFlows('sqlite', sqliteStoreEnv);

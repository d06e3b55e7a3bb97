import { runDiscordGatewayFlows } from './discord-gateway-flows.js';
import { sqliteStoreEnv } from '../support/server-stores.js';

runDiscordGatewayFlows('sqlite', sqliteStoreEnv, true);

import { describe } from 'vitest';
import { sqliteStoreEnv } from '../support/server-stores.js';
import { runDriverSmoke } from './driver-smoke.js';
import { makeDiscordDriver } from './discord-driver.js';

describe('the Discord conversation driver on sqlite, agents reading the triage channel', () => runDriverSmoke(() => makeDiscordDriver(sqliteStoreEnv)));
describe('the Discord conversation driver on sqlite, agents told one by one', () => runDriverSmoke(() => makeDiscordDriver(sqliteStoreEnv, { triageChannel: false })));

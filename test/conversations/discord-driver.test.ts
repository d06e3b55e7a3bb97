import { describe } from 'vitest';
import { sqliteStoreEnv } from '../support/server-stores.js';
import { runDriverSmoke } from './driver-smoke.js';
import { makeDiscordDriver } from './discord-driver.js';

describe('the Discord conversation driver on sqlite', () => runDriverSmoke(() => makeDiscordDriver(sqliteStoreEnv)));

import { describe } from 'vitest';
import { sqliteStoreEnv } from '../support/server-stores.js';
import { runDriverSmoke } from './driver-smoke.js';
import { makeSlackDriver } from './slack-driver.js';

describe('the Slack conversation driver on sqlite', () => runDriverSmoke(() => makeSlackDriver(sqliteStoreEnv)));

import { describe } from 'vitest';
import { sqliteStoreEnv } from '../support/server-stores.js';
import { runDriverSmoke } from './driver-smoke.js';
import { makeSlackDriver } from './slack-driver.js';

describe('the Slack conversation driver on sqlite, agents reading the triage channel', () => runDriverSmoke(() => makeSlackDriver(sqliteStoreEnv)));
describe('the Slack conversation driver on sqlite, agents told one by one', () => runDriverSmoke(() => makeSlackDriver(sqliteStoreEnv, { triageChannel: false })));

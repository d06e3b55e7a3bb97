import { describe } from 'vitest';
import { sqliteStoreEnv } from '../support/server-stores.js';
import { runDriverSmoke } from './driver-smoke.js';
import { makeTeamsDriver } from './teams-driver.js';

describe('the Teams conversation driver on sqlite, agents reading the triage channel', () => runDriverSmoke(() => makeTeamsDriver(sqliteStoreEnv)));
describe('the Teams conversation driver on sqlite, agents told one by one', () => runDriverSmoke(() => makeTeamsDriver(sqliteStoreEnv, { triageChannel: false })));

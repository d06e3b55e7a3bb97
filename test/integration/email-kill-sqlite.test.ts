import { describe } from 'vitest';
import { imapTestUrl, requireImapInCi } from '../support/mail-server.js';
import { sqliteStoreEnv } from '../support/server-stores.js';
import { runEmailKillFlow } from './email-kill-flows.js';

requireImapInCi();

describe.runIf(imapTestUrl)('sqlite', () => {
  runEmailKillFlow('sqlite', sqliteStoreEnv);
});

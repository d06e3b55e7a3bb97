import { describe } from 'vitest';
import { imapTestUrl, requireImapInCi } from '../support/mail-server.js';
import { sqliteStoreEnv } from '../support/server-stores.js';
import { runEmailChannelFlows, runEmailRestartFlow, runInternalDeskFlow } from './email-channel-flows.js';

requireImapInCi();

describe.runIf(imapTestUrl)('sqlite', () => {
  runEmailChannelFlows('sqlite', sqliteStoreEnv);
  runEmailRestartFlow('sqlite', sqliteStoreEnv);
  runInternalDeskFlow('sqlite', sqliteStoreEnv);
});

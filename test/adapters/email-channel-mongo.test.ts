import { describe } from 'vitest';
import { imapTestUrl, requireImapInCi } from '../support/mail-server.js';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runEmailChannelFlows, runEmailRestartFlow, runInternalDeskFlow } from './email-channel-flows.js';

requireImapInCi();
requireMongoInCi();

describe.runIf(imapTestUrl && mongoUri)('mongo', () => {
  runEmailChannelFlows('mongo', mongoStoreEnv);
  runEmailRestartFlow('mongo', mongoStoreEnv);
  runInternalDeskFlow('mongo', mongoStoreEnv);
});

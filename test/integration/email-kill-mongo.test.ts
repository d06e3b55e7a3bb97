import { describe } from 'vitest';
import { imapTestUrl, requireImapInCi } from '../support/mail-server.js';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runEmailKillFlow } from './email-kill-flows.js';

requireImapInCi();
requireMongoInCi();

describe.runIf(imapTestUrl && mongoUri)('mongo', () => {
  runEmailKillFlow('mongo', mongoStoreEnv);
});

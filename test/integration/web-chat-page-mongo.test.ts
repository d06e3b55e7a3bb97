import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runChatPageFlows } from './web-chat-page-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runChatPageFlows('mongo', mongoStoreEnv);
});

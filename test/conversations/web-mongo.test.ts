// The conversation fixture through the web chat API, on the Mongo store (FerretDB).
import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runConversations } from './run-conversations.js';
import { startWebDriver } from './web-driver.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runConversations('web-mongo', async () => startWebDriver(await mongoStoreEnv()));
});

import { describe } from 'vitest';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { dumpMongo } from '../support/store-dump.js';
import { runPrivacyFlows } from './privacy-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runPrivacyFlows('mongo', mongoStoreEnv, async (storage) => {
    const uri = storage.env.MONGODB_URI!;
    return dumpMongo(uri, uri.slice(uri.lastIndexOf('/') + 1));
  });
});

import { describe } from 'vitest';
import { NOT_PERSONAL, PERSONAL_COLLECTIONS } from '../../adapters/storage/mongo/personal-data-collections.js';
import { freshMongoHarness, mongoUri, requireMongoInCi } from '../support/mongo.js';
import { dumpMongo, mongoCollections } from '../support/store-dump.js';
import { runPersonalDataContract } from './personal-data-contract.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runPersonalDataContract('mongo', async () => {
    const h = freshMongoHarness();
    return {
      connect: h.connect,
      cleanup: async () => h.cleanup?.(),
      dump: () => dumpMongo(h.uri, h.dbName),
      tables: () => mongoCollections(h.uri, h.dbName),
      handled: PERSONAL_COLLECTIONS.flatMap((c) => c.collections),
      notPersonal: Object.keys(NOT_PERSONAL),
    };
  });
});

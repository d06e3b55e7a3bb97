// The desk fuzzed on FerretDB (MONGODB_URI; see desk-fuzz.ts); fewer runs than on SQLite, as each write is a round trip.
import mongoose from 'mongoose';
import { describe } from 'vitest';
import { createMongoStore } from '../../adapters/storage/mongo/create-mongo-store.js';
import { freshDbName, mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runDeskFuzz, runHttpFuzz } from './desk-fuzz.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runDeskFuzz(
    'mongo',
    async () => {
      const dbName = freshDbName();
      return {
        store: await createMongoStore({ uri: mongoUri!, dbName }),
        cleanup: async () => {
          const conn = await mongoose.createConnection(mongoUri!, { dbName }).asPromise();
          await conn.dropDatabase();
          await conn.close();
        },
      };
    },
    { desk: 40, words: ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty'] },
  );
  runHttpFuzz('mongo', mongoStoreEnv, 300);
});

// The desk fuzzed on FerretDB (MONGODB_URI; see desk-fuzz.ts); fewer runs than on SQLite, as each write is a round trip.
import { describe } from 'vitest';
import { freshMongoStore, mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv } from '../support/server-stores.js';
import { runDeskFuzz, runHttpFuzz } from './desk-fuzz.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runDeskFuzz(
    'mongo',
    freshMongoStore,
    { desk: 40, words: ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty'] },
  );
  runHttpFuzz('mongo', mongoStoreEnv, 300);
});

import mongoose from 'mongoose';
import { describe } from 'vitest';
import { createMongoStore } from '../../adapters/storage/mongo/create-mongo-store.js';
import { freshDbName, mongoUri, requireMongoInCi } from '../support/mongo.js';
import { runSlaSweepContract } from './sla-sweep-contract.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runSlaSweepContract('mongo', async () => {
    const uri = mongoUri!;
    const dbName = freshDbName();
    return {
      connect: () => createMongoStore({ uri, dbName }),
      cleanup: async () => {
        const conn = await mongoose.createConnection(uri, { dbName }).asPromise();
        await conn.dropDatabase();
        await conn.close();
      },
      childEnv: { SWEEP_MONGO_URI: uri, SWEEP_MONGO_DB: dbName },
    };
  });
});

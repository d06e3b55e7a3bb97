import mongoose from 'mongoose';
import { describe } from 'vitest';
import { createMongoStore } from '../../adapters/storage/mongo/create-mongo-store.js';
import { freshDbName, mongoUri, requireMongoInCi } from '../support/mongo.js';
import { runLimitFlows } from './limit-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runLimitFlows('mongo', async () => {
    const dbName = freshDbName();
    return {
      store: await createMongoStore({ uri: mongoUri!, dbName }),
      cleanup: async () => {
        const conn = await mongoose.createConnection(mongoUri!, { dbName }).asPromise();
        await conn.dropDatabase();
        await conn.close();
      },
    };
  });
});

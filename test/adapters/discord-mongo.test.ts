import mongoose from 'mongoose';
import { describe } from 'vitest';
import { createMongoStore } from '../../adapters/storage/mongo/create-mongo-store.js';
import { freshDbName, mongoUri, requireMongoInCi } from '../support/mongo.js';
import { runDiscordFlows } from './discord-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runDiscordFlows('mongo', async () => {
    const dbName = freshDbName();
    const uri = `${mongoUri!.replace(/\/+$/, '')}/${dbName}`;
    return {
      env: { MONGODB_URI: uri },
      open: () => createMongoStore({ uri }),
      cleanup: async () => {
        const conn = await mongoose.createConnection(uri).asPromise();
        await conn.dropDatabase();
        await conn.close();
      },
    };
  });
});

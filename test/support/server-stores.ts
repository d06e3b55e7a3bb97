// The store a server under test runs on, for suites that run once per store.
import { join } from 'node:path';
import mongoose from 'mongoose';
import { createMongoStore } from '../../adapters/storage/mongo/create-mongo-store.js';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import type { Store } from '../../src/index.js';
import { freshDbName, mongoUri } from './mongo.js';

export interface StoreEnv {
  /** Variables that point the server at this store. */
  env: Record<string, string>;
  /** A second handle on the same data, for setting up agents. */
  open(dataDir: string): Promise<Store>;
  cleanup(): Promise<void>;
}

export async function sqliteStoreEnv(): Promise<StoreEnv> {
  return { env: {}, open: async (dataDir) => createSqliteStore({ file: join(dataDir, 'sportello.db') }), cleanup: async () => undefined };
}

/** A fresh database on the MongoDB-wire server in MONGODB_URI, dropped afterwards. */
export async function mongoStoreEnv(): Promise<StoreEnv> {
  const uri = `${mongoUri!.replace(/\/+$/, '')}/${freshDbName()}`;
  return {
    env: { MONGODB_URI: uri },
    open: () => createMongoStore({ uri }),
    cleanup: async () => {
      const conn = await mongoose.createConnection(uri).asPromise();
      await conn.dropDatabase();
      await conn.close();
    },
  };
}

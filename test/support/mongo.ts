// The Mongo suites run against MONGODB_URI (FerretDB in CI, via scripts/ferretdb.sh).
// Without it they are skipped with a reason printed, except under CI=true, where
// a missing server is a failure: CI must never pass with the Mongo store unrun.
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { createMongoStore } from '../../adapters/storage/mongo/create-mongo-store.js';
import type { Store } from '../../src/index.js';
import { requireInCi } from './require-in-ci.js';

export const mongoUri = process.env.MONGODB_URI?.trim() || null;

export function requireMongoInCi(): void {
  requireInCi(mongoUri !== null, 'a MongoDB-wire server (MONGODB_URI)', 'start one with scripts/ferretdb.sh start and export the MONGODB_URI it prints');
}

export function freshDbName(): string {
  return `sportello_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
}

/** A store over a fresh database, and the cleanup that drops it: what every Mongo suite opens. */
export async function freshMongoStore(): Promise<{ store: Store; cleanup: () => Promise<void> }> {
  const dbName = freshDbName();
  return {
    store: await createMongoStore({ uri: mongoUri!, dbName }),
    cleanup: async () => {
      const conn = await mongoose.createConnection(mongoUri!, { dbName }).asPromise();
      await conn.dropDatabase();
      await conn.close();
    },
  };
}

/** Connections to one fresh database (each `connect` a new one, as a second process would have), and the cleanup that drops it. */
export function freshMongoHarness() {
  const uri = mongoUri!;
  const dbName = freshDbName();
  return {
    uri,
    dbName,
    connect: () => createMongoStore({ uri, dbName }),
    cleanup: async () => {
      const conn = await mongoose.createConnection(uri, { dbName }).asPromise();
      await conn.dropDatabase();
      await conn.close();
    },
  };
}

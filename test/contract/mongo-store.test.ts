import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { createMongoStore } from '../../adapters/storage/mongo/create-mongo-store.js';
import { freshDbName, mongoUri, requireMongoInCi } from '../support/mongo.js';
import { runStoreContract } from './store-contract.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runStoreContract('mongo', async () => {
    const uri = mongoUri!;
    const dbName = freshDbName();
    return {
      connect: () => createMongoStore({ uri, dbName }),
      cleanup: async () => {
        const conn = await mongoose.createConnection(uri, { dbName }).asPromise();
        await conn.dropDatabase();
        await conn.close();
      },
    };
  });
});

describe.runIf(mongoUri)('mongo store after a writer stopped half-way', () => {
  it('rolls the projection forward from the event log when the next write loses', async () => {
    const { makeDraft, makeEvent } = await import('../support/factories.js');
    const dbName = freshDbName();
    const store = await createMongoStore({ uri: mongoUri!, dbName });
    const conn = await mongoose.createConnection(mongoUri!, { dbName }).asPromise();
    try {
      const t = await store.create(makeDraft(), 'IT', makeEvent());
      // The event of version 2 landed, its projection did not (the process died in between).
      const orphan = { ...t, status: 'cancelled', version: 2 };
      await conn.db!.collection('ticket_events').insertOne({ _id: `${t.code}#2` as never, ticket: t.code, version: 2, ...makeEvent({ kind: 'cancelled' }), snapshot: orphan });
      expect((await store.get(t.code))!.version).toBe(1);
      await expect(store.update({ ...t, priority: 'P1' }, 1, makeEvent({ kind: 'priority_changed' }))).rejects.toMatchObject({ code: 'STORE.CONFLICT' });
      expect(await store.get(t.code)).toMatchObject({ status: 'cancelled', version: 2 });
      expect((await store.queue({ departments: ['it'], statuses: ['open'], limit: 10 })).total).toBe(0);
    } finally {
      await store.close();
      await conn.dropDatabase();
      await conn.close();
    }
  });
});

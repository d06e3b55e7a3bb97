import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { createMongoStore } from '../../adapters/storage/mongo/create-mongo-store.js';
import { freshDbName, freshMongoHarness, mongoUri, requireMongoInCi } from '../support/mongo.js';
import { runAddressBookContract } from './address-book-contract.js';
import { runFaqDraftStoreContract } from './faq-draft-store-contract.js';
import { runFileStoreContract } from './file-store-contract.js';
import { runGuideStatsStoreContract } from './guide-stats-store-contract.js';
import { runOnCallStoreContract } from './on-call-store-contract.js';
import { recordOf, runStoreContract } from './store-contract.js';
import { runWebChatStoreContract } from './web-chat-store-contract.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  const mongoHarness = async () => freshMongoHarness();
  runStoreContract('mongo', mongoHarness);
  runWebChatStoreContract('mongo', mongoHarness);
  runOnCallStoreContract('mongo', mongoHarness);
  runFaqDraftStoreContract('mongo', mongoHarness);
  runGuideStatsStoreContract('mongo', mongoHarness);
  runAddressBookContract('mongo', mongoHarness);
  runFileStoreContract('mongo', async () => {
    const h = freshMongoHarness();
    return {
      ...h,
      storedCopies: async () => {
        const conn = await mongoose.createConnection(h.uri, { dbName: h.dbName }).asPromise();
        try {
          return await conn.db!.collection('files.files').countDocuments();
        } finally {
          await conn.close();
        }
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

describe.runIf(mongoUri)('mongo store repair after a crash', () => {
  it('puts back in the queue a ticket whose first event landed without its document (HR-227#1 after kill -9)', async () => {
    const { makeDraft, makeEvent } = await import('../support/factories.js');
    const dbName = freshDbName();
    const store = await createMongoStore({ uri: mongoUri!, dbName });
    const conn = await mongoose.createConnection(mongoUri!, { dbName }).asPromise();
    try {
      const kept = await store.create(makeDraft({ department: 'hr' }), 'HR', makeEvent());
      const lost = { ...kept, code: 'HR-227', seq: 227, version: 1 };
      await conn.db!.collection('ticket_events').insertOne({ _id: 'HR-227#1' as never, ticket: 'HR-227', version: 1, ...makeEvent(), snapshot: lost });
      // A second ticket whose later change landed without its projection.
      const behind = { ...kept, status: 'cancelled', version: 2 };
      await conn.db!.collection('ticket_events').insertOne({ _id: `${kept.code}#2` as never, ticket: kept.code, version: 2, ...makeEvent({ kind: 'cancelled' }), snapshot: behind });
      const queued = async () => (await store.queue({ departments: ['hr'], statuses: ['open'], limit: 10 })).items.map((t) => t.code);
      expect(await queued()).toEqual([kept.code]);

      expect((await store.repairSince!(0)).sort()).toEqual([kept.code, 'HR-227'].sort());
      expect(await queued()).toEqual(['HR-227']);
      expect(await store.get(kept.code)).toMatchObject({ status: 'cancelled', version: 2 });
      expect(await store.repairSince!(0)).toEqual([]);
    } finally {
      await store.close();
      await conn.dropDatabase();
      await conn.close();
    }
  });
});

describe.runIf(mongoUri)('mongo outbox: records staged before their event', () => {
  const open = async () => {
    const dbName = freshDbName();
    const store = await createMongoStore({ uri: mongoUri!, dbName });
    const conn = await mongoose.createConnection(mongoUri!, { dbName }).asPromise();
    const done = async () => {
      await store.close();
      await conn.dropDatabase();
      await conn.close();
    };
    return { store, outbox: conn.db!.collection('outbox'), done };
  };

  it('hands out no record whose event never landed, and drops it once it is 10 minutes old', async () => {
    const { makeDraft, makeEvent } = await import('../support/factories.js');
    const { store, outbox, done } = await open();
    try {
      const t = await store.create(makeDraft(), 'IT', makeEvent());
      // Two writers staged version 2 and stopped before inserting its event: one just now, one 11 minutes ago.
      const staged = (nonce: string, at: number) => ({
        _id: `${t.code}#2#${nonce}` as never,
        ticket: t.code,
        version: 2,
        recordId: `${t.code}#2`,
        at,
        record: JSON.stringify(recordOf({ ...t, version: 2 })),
      });
      await outbox.insertMany([staged('recent', Date.now()), staged('stale', Date.now() - 11 * 60_000)]);
      expect(await store.pendingChanges(10)).toEqual([]);
      expect((await outbox.find({}).toArray()).map((d) => d._id)).toEqual([`${t.code}#2#recent`]);
      // Version 2 is then made by a live writer: its record is the one handed out; the leftover lost and goes.
      const v2 = await store.update({ ...t, priority: 'P1' }, 1, makeEvent({ kind: 'priority_changed' }), recordOf);
      expect(await store.pendingChanges(10)).toEqual([{ record: recordOf(v2), finished: [] }]);
      expect(await outbox.countDocuments()).toBe(1);
    } finally {
      await done();
    }
  });

  it('takes back what a writer staged when its change loses', async () => {
    const { makeDraft, makeEvent } = await import('../support/factories.js');
    const { store, outbox, done } = await open();
    try {
      const t = await store.create(makeDraft(), 'IT', makeEvent(), recordOf);
      const racers = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => store.update({ ...t, title: `racer ${i}` }, 1, makeEvent({ kind: 'priority_changed' }), recordOf)),
      );
      expect(racers.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      // Counted before any read of the outbox, which would clear leftovers itself.
      expect(await outbox.countDocuments({ version: 2 })).toBe(1);
      expect(await outbox.countDocuments()).toBe(2);
    } finally {
      await done();
    }
  });
});

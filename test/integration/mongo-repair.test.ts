// A bot that was killed between a ticket's first event and its document left
// HR-227 out of every queue; the next start puts it back without anyone asking for it.
import mongoose from 'mongoose';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createMongoStore } from '../../adapters/storage/mongo/create-mongo-store.js';
import { loadConfig } from '../../app/config.js';
import { serve } from '../../app/serve.js';
import { makeDraft, makeEvent } from '../support/factories.js';
import { freshDbName, mongoUri, requireMongoInCi } from '../support/mongo.js';

requireMongoInCi();

describe.runIf(mongoUri)('start-up on MongoDB after a crash', () => {
  it('brings a ticket whose document was never written back into its queue', async () => {
    const dbName = freshDbName();
    const uri = `${mongoUri!.replace(/\/+$/, '')}/${dbName}`;
    const before = await createMongoStore({ uri: mongoUri!, dbName });
    const first = await before.create(makeDraft({ department: 'hr' }), 'HR', makeEvent());
    await before.close();
    const conn = await mongoose.createConnection(mongoUri!, { dbName }).asPromise();
    await conn.db!.collection('ticket_events').insertOne({ _id: 'HR-227#1' as never, ticket: 'HR-227', version: 1, ...makeEvent(), snapshot: { ...first, code: 'HR-227', seq: 227 } });
    const dir = mkdtempSync(join(tmpdir(), 'sportello-repair-'));
    const server = await serve(loadConfig({ PORT: '0', DATA_DIR: dir, MONGODB_URI: uri }), pino({ level: 'silent' }));
    try {
      await expect
        .poll(async () => (await server.store.queue({ departments: ['hr'], statuses: ['open'], limit: 10 })).items.map((t) => t.code).sort(), { timeout: 10_000 })
        .toEqual([first.code, 'HR-227'].sort());
    } finally {
      await server.stop();
      await conn.dropDatabase();
      await conn.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

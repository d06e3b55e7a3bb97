// The MongoDB store (mongoose). Every race is settled by inserting a document
// whose `_id` only one writer can create (event-log.ts says why), so it holds on
// any MongoDB-wire server, FerretDB's SQLite backend included. Each port lives in
// its own file; this one connects and puts them together on one connection.
import mongoose from 'mongoose';
import type { Store } from '../../../src/index.js';
import { createMongoAddressBook } from './address-book.js';
import { createMongoConsoleAccessStore } from './console-access-store.js';
import { createEventLog } from './event-log.js';
import { createMongoFaqDraftStore } from './faq-draft-store.js';
import { createMongoFaqLearningStore } from './faq-learning-store.js';
import { createMongoGuideStatsStore } from './guide-stats-store.js';
import { createMongoFaqStore } from './faq-store.js';
import { createMongoFileStore } from './file-store.js';
import { createMongoInboxStore } from './inbox-store.js';
import { createMongoLiveFeedStore } from './live-feed-store.js';
import { createModels } from './models.js';
import { createMongoOnCallStore } from './on-call-store.js';
import { createMongoOutboxStore } from './outbox-store.js';
import { createMongoPeopleStore } from './people-store.js';
import { createMongoReportStore } from './report-store.js';
import { createMongoPersonalDataStore } from './personal-data-store.js';
import { createMongoStateStore } from './state-store.js';
import { createMongoTicketStore } from './ticket-store.js';
import { createMongoWebChatStore } from './web-chat-store.js';
import { createMongoWorkSlotStore } from './work-slot-store.js';

export interface MongoStoreOptions {
  uri: string;
  /** Overrides the database named in the URI (tests use one per suite). */
  dbName?: string;
}

export async function createMongoStore({ uri, dbName }: MongoStoreOptions): Promise<Store> {
  const conn = await mongoose
    .createConnection(uri, { dbName: dbName ?? (new URL(uri.replace(/^mongodb(\+srv)?:/, 'http:')).pathname.slice(1) || 'sportello'), serverSelectionTimeoutMS: 10_000 })
    .asPromise();
  const m = createModels(conn);
  await Promise.all(Object.values(m).map((model) => model.createIndexes()));
  const log = createEventLog(m);
  const webChat = await createMongoWebChatStore(conn);
  const onCall = await createMongoOnCallStore(conn);
  const drafts = await createMongoFaqDraftStore(conn);
  const slots = createMongoWorkSlotStore(m);
  const report = createMongoReportStore(conn, slots);
  const personalData = await createMongoPersonalDataStore(conn, m, log);
  const files = await createMongoFileStore(conn);

  return {
    kind: 'mongo',
    ...createMongoTicketStore(m, log, report.keep),
    ...report.store,
    ...createMongoPeopleStore(m),
    ...createMongoAddressBook(m),
    ...createMongoStateStore(m),
    ...createMongoFaqStore(m),
    ...createMongoFaqLearningStore(m),
    ...createMongoGuideStatsStore(m),
    ...createMongoOutboxStore(m, log),
    repairSince: log.rollForwardSince,
    ...createMongoInboxStore(m),
    ...createMongoConsoleAccessStore(m),
    ...webChat,
    ...slots,
    ...onCall,
    ...drafts,
    ...personalData,
    ...files,
    ...createMongoLiveFeedStore(m),
    async ping(timeoutMs) {
      // A stopped server leaves commands waiting for server selection: the caller's limit ends the wait.
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the database did not answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        // A read by _id through the pool the desk's own reads use: a server that answers pings while
        // the desk's connections fail is not a store the desk can work with.
        await Promise.race([m.WorkSlot.collection.findOne({ _id: '#ping' as never }), late]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await conn.close();
    },
  };
}

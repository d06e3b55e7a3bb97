// The embedded default store: one SQLite file in WAL mode. better-sqlite3 is
// synchronous; every write runs as one atomic unit (a savepoint inside a group
// commit), so it happens whole or not at all, and two processes on the same
// file are serialised by SQLite itself. Each port lives in its own file; this
// one opens the file and puts them together on one connection.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { Store } from '../../../src/index.js';
import { createSqliteAddressBook } from './address-book.js';
import { createSqliteConsoleAccessStore } from './console-access-store.js';
import { createSqliteFaqDraftStore } from './faq-draft-store.js';
import { createSqliteFaqLearningStore } from './faq-learning-store.js';
import { createSqliteGuideStatsStore } from './guide-stats-store.js';
import { createSqliteFaqStore } from './faq-store.js';
import { createSqliteFiles } from './file-store.js';
import { createGroupCommit } from './group-commit.js';
import { createSqliteInboxStore } from './inbox-store.js';
import { createSqliteLiveFeedStore } from './live-feed-store.js';
import { migrate } from './migrations.js';
import { createSqliteOnCallStore } from './on-call-store.js';
import { createSqliteOutboxStore } from './outbox-store.js';
import { createSqlitePeopleStore } from './people-store.js';
import { createSqliteReportStore } from './report-store.js';
import { createSqlitePersonalDataStore } from './personal-data-store.js';
import { createSqliteStateStore } from './state-store.js';
import { createSqliteTicketStore } from './ticket-store.js';
import { createSqliteWebChatStore } from './web-chat-store.js';
import { createSqliteWorkSlotStore } from './work-slot-store.js';

export interface SqliteStoreOptions {
  /** A file path, or ':memory:' for throwaway tests. */
  file: string;
  /** Where files' bytes go: `files/` beside the database file unless given (a throwaway folder for ':memory:'). */
  filesDir?: string;
}

/** Another process holding the file (a backup, a second instance) is waited for this long: every wait blocks the event loop. */
const BUSY_TIMEOUT_MS = 1000;

export function createSqliteStore({ file, filesDir }: SqliteStoreOptions): Store {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('foreign_keys = ON');
  migrate(db);
  const write = createGroupCommit(db);
  const outbox = createSqliteOutboxStore(db, write);
  const report = createSqliteReportStore(db, write);
  const files = createSqliteFiles(db, write, filesDir ?? (file === ':memory:' ? mkdtempSync(join(tmpdir(), 'sportello-files-')) : join(dirname(file), 'files')));

  return {
    kind: 'sqlite',
    ...createSqliteTicketStore(db, write, outbox.put, report.keep),
    ...report.store,
    ...createSqlitePeopleStore(db, write),
    ...createSqliteAddressBook(db, write),
    ...createSqliteStateStore(db, write),
    ...createSqliteFaqStore(db, write),
    ...createSqliteFaqLearningStore(db, write),
    ...createSqliteGuideStatsStore(db, write),
    ...outbox.store,
    ...createSqliteInboxStore(db, write),
    ...createSqliteConsoleAccessStore(db, write),
    ...createSqliteWebChatStore(db, write),
    ...createSqliteWorkSlotStore(db, write),
    ...createSqliteOnCallStore(db, write),
    ...createSqliteFaqDraftStore(db, write),
    ...createSqlitePersonalDataStore(db, write, files),
    ...files.store,
    ...createSqliteLiveFeedStore(db, write),
    async ping(timeoutMs) {
      // The write lock taken and given back: what another process holding the file, or a file that
      // refuses writes, would stop. Waited for briefly, as every write here blocks the event loop.
      db.pragma(`busy_timeout = ${Math.max(1, Math.min(timeoutMs, 100))}`);
      try {
        db.exec('BEGIN IMMEDIATE; COMMIT');
      } finally {
        db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      }
    },
    async close() {
      db.close();
    },
  };
}

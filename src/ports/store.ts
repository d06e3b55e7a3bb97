import type { AddressBook } from './address-book.js';
import type { ConsoleAccessStore } from './console-access-store.js';
import type { FaqDraftStore } from './faq-draft-store.js';
import type { FaqLearningStore } from './faq-learning-store.js';
import type { FaqStore } from './faq-store.js';
import type { FileStore } from './file-store.js';
import type { GuideStatsStore } from './guide-stats-store.js';
import type { InboxStore } from './inbox-store.js';
import type { LiveFeedStore } from './live-feed-store.js';
import type { OnCallStore } from './on-call-store.js';
import type { OutboxStore } from './outbox-store.js';
import type { PeopleStore } from './people-store.js';
import type { ReportStore } from './report-store.js';
import type { PersonalDataStore } from './personal-data-store.js';
import type { StateStore } from './state-store.js';
import type { TicketStore } from './ticket-store.js';
import type { WebChatStore } from './web-chat-store.js';
import type { WorkSlotStore } from './work-slot-store.js';

/** What a storage adapter provides: every port, one connection. */
export interface Store extends TicketStore, PeopleStore, StateStore, FaqStore, FaqLearningStore, OutboxStore, InboxStore, ConsoleAccessStore, WebChatStore, WorkSlotStore, OnCallStore, FaqDraftStore, ReportStore, PersonalDataStore, FileStore, GuideStatsStore, AddressBook, LiveFeedStore {
  readonly kind: 'sqlite' | 'mongo';
  /**
   * Brings read models up to the changes written since `since` (a process that
   * died between a change and its projection leaves a ticket no queue shows);
   * returns the codes repaired. Stores that commit both at once have no such method.
   */
  repairSince?(since: number): Promise<string[]>;
  /**
   * Resolves when the store takes a write now; rejects (within `timeoutMs`) when it is
   * away, locked or refusing writes. For the health check and readiness, not for data.
   */
  ping(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

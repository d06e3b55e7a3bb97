import type { ChangeRecord } from '../change-record.js';

/** A committed change some channel has not finished delivering yet. */
export interface PendingChange {
  record: ChangeRecord;
  /** Channels that already finished it (delivered, or gave up and recorded why). */
  finished: string[];
}

export interface DeliveryFailure {
  recordId: string;
  channel: string;
  error: string;
  at: number;
}

/**
 * The outbox: change records written by `TicketStore.create` / `update` in the
 * same commit as the change they describe, so a crash between commit and send
 * loses nothing. Channels mark what they finished; finished records are pruned.
 */
export interface OutboxStore {
  /** Committed records not yet pruned, oldest first (a ticket's records in version order). */
  pendingChanges(limit: number): Promise<PendingChange[]>;
  /** Whether a record is still to be delivered (committed, not pruned): after taking a ticket's lease, whether another instance already did. */
  isPending(recordId: string): Promise<boolean>;
  /** One channel is done with a record: delivered (`error` absent) or failed after its retries. Repeating it is harmless. */
  finishDelivery(recordId: string, channel: string, at: number, error?: string): Promise<void>;
  /** Every channel is done: the record and its delivered marks go; failures stay for inspection. */
  pruneChange(recordId: string): Promise<void>;
  /** Recorded failures, newest first. */
  deliveryFailures(limit: number): Promise<DeliveryFailure[]>;
  /** Drops failures recorded before `at`; returns how many. */
  forgetFailuresBefore(at: number): Promise<number>;
}

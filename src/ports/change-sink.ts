import type { ChangeRecord } from '../change-record.js';

/** Whoever delivers committed changes (the channels, through their relay). */
export interface ChangeSink {
  /** Whether anyone would be told anything of this change: a change that concerns nobody is not kept in the outbox. */
  concerns(record: ChangeRecord): boolean;
  /** The change is committed (its record already in the outbox): a prompt to deliver it now. */
  committed(record: ChangeRecord): void;
}

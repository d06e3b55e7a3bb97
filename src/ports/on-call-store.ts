// The on-call rota as changed at run time (the CLI, the console), kept in the store so
// every instance pages the same people: per department and tier, a weekly pattern set
// as a whole, and dated overrides added and removed one by one. What is not set here
// comes from the configuration file (SPORTELLO_CONFIG).
import type { Shift } from '../sla/on-call.js';
import type { Tier } from '../tickets/ticket.js';

/** A tier's weekly shifts as set at run time, replacing the file's. */
export interface StoredWeeklyRota {
  readonly shifts: readonly Shift[];
  /** Participant key of whoever set it ("cli" from the command line). */
  readonly setBy: string;
  readonly setAt: number;
}

export interface OnCallOverrideDraft {
  readonly department: string;
  readonly tier: Tier;
  /** Instants: [from, to). */
  readonly from: number;
  readonly to: number;
  /** Paged first while the override holds. */
  readonly people: readonly string[];
  /** Not paged while the override holds. */
  readonly off: readonly string[];
  readonly addedBy: string;
  readonly addedAt: number;
}

export interface StoredOnCallOverride extends OnCallOverrideDraft {
  /** Short and given by the store, to name the override when removing it. */
  readonly id: string;
}

export interface OnCallStore {
  /** Replaces the tier's weekly shifts; null forgets them, so the file's apply again. */
  setWeeklyRota(department: string, tier: Tier, rota: StoredWeeklyRota | null): Promise<void>;
  /** The tier's weekly shifts set at run time; null when none are (the file's apply). */
  weeklyRota(department: string, tier: Tier): Promise<StoredWeeklyRota | null>;
  addOnCallOverride(draft: OnCallOverrideDraft): Promise<StoredOnCallOverride>;
  /** The override removed, or null when there is none with that id. */
  removeOnCallOverride(id: string): Promise<StoredOnCallOverride | null>;
  /** The tier's overrides that end after `after` (in force then, or still to come), earliest first. */
  onCallOverrides(department: string, tier: Tier, after: number): Promise<StoredOnCallOverride[]>;
}

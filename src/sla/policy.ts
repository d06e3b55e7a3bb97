// Resolution targets per priority. Business hours and holidays come later; until
// then the clock runs around the day.
import type { Priority } from '../tickets/ticket.js';

export type SlaTargets = Readonly<Record<Priority, number>>;

const HOUR = 60 * 60 * 1000;

export const DEFAULT_SLA_TARGETS: SlaTargets = { P1: 4 * HOUR, P2: 8 * HOUR, P3: 24 * HOUR, P4: 72 * HOUR };

export function dueAt(createdAt: number, priority: Priority, targets: SlaTargets = DEFAULT_SLA_TARGETS): number {
  return createdAt + targets[priority];
}

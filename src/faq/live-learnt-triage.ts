// The learnt triage the desk runs: its examples are the store's corrected
// tickets, read at start and again every few minutes (another instance's
// corrections, a restart loses nothing); a correction made here counts at once.
// A store that cannot be read leaves the last examples in use.
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { TicketStore, TriageCorrection } from '../ports/ticket-store.js';
import type { TriageGuesser } from '../tickets/triage.js';
import { createLearntTriage, type LearntTriageOptions } from './learnt-triage.js';

/** The latest corrected tickets learnt from: enough for a desk's habits, cheap to rebuild. */
export const CORRECTIONS_KEPT = 2000;
/** How often the store is read again for other instances' corrections. */
const REFRESH_MS = 5 * 60_000;

export interface LiveLearntTriage extends TriageGuesser {
  refresh(options?: { force?: boolean }): Promise<void>;
  corrected: NonNullable<TriageGuesser['corrected']>;
}

export interface LiveLearntTriageDeps {
  base: TriageGuesser;
  store: Pick<TicketStore, 'triageCorrections'>;
  departments: readonly string[];
  clock: Clock;
  logger: Logger;
  options?: LearntTriageOptions;
}

export function createLiveLearntTriage({ base, store, departments, clock, logger, options }: LiveLearntTriageDeps): LiveLearntTriage {
  const learnt = createLearntTriage(base, departments, options);
  // By ticket code, oldest correction first: a ticket corrected twice is one example, labelled as it stands.
  let corrections = new Map<string, TriageCorrection>();
  let readAt = -Infinity;
  let failing = false;

  function retrain(): void {
    while (corrections.size > CORRECTIONS_KEPT) corrections.delete(corrections.keys().next().value!);
    learnt.learnFrom([...corrections.values()]);
  }

  async function refresh({ force = false } = {}): Promise<void> {
    const now = clock.now();
    if (!force && now - readAt < REFRESH_MS) return;
    readAt = now;
    try {
      const found = await store.triageCorrections(CORRECTIONS_KEPT);
      corrections = new Map(found.reverse().map((c) => [c.code, c]));
      failing = false;
    } catch (err) {
      if (!failing) logger.warn({ err }, 'triage: corrections could not be read; guessing with the ones already learnt');
      failing = true;
      return;
    }
    retrain();
  }

  return {
    refresh,
    async guess(text) {
      await refresh();
      return learnt.guess(text);
    },
    corrected(ticket, kind) {
      const known = corrections.get(ticket.code);
      const next: TriageCorrection = {
        code: ticket.code,
        text: ticket.description,
        department: kind === 'moved' ? ticket.department : (known?.department ?? null),
        priority: kind === 'priority_changed' ? ticket.priority : (known?.priority ?? null),
        at: ticket.updatedAt,
      };
      corrections.delete(ticket.code);
      corrections.set(ticket.code, next);
      retrain();
    },
  };
}

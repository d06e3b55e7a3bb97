// Retention (PRIVACY_RETENTION_DAYS): once a day, whichever instance claims the
// day's slot pseudonymises the requesters of tickets closed more than that many
// days ago. The store remembers how far the last run got, so each run reads only
// the tickets closed since.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { newPseudonym, type PersonalDataStore, type PrivacyAuditEntry, type WorkSlotStore } from '../src/index.js';

export const DAY_MS = 24 * 60 * 60_000;
export const RETENTION_SLOT = 'privacy-retention';

/**
 * One pass: tickets closed before `now - days` lose their requester's personal data.
 * `now` may be earlier than the real time (to go less far back), never later: the
 * store remembers the cutoff as where the next run starts, so a cutoff in the future
 * would pseudonymise recent tickets and stall every run until then. The audit row
 * says when the run really happened.
 */
export function runRetention(store: PersonalDataStore, days: number, now: number, by: string, realNow: number = Date.now()): Promise<PrivacyAuditEntry> {
  return store.pseudonymiseClosedBefore({ before: Math.min(now, realNow) - days * DAY_MS, at: realNow, by, newPseudonym });
}

export function createPrivacyRetention({ store, logger, days }: { store: PersonalDataStore & WorkSlotStore; logger: Logger; days: number }) {
  const holder = randomUUID();
  let running: Promise<void> | null = null;

  async function pass(now: number): Promise<void> {
    if (!(await store.claimSlot(RETENTION_SLOT, Math.floor(now / DAY_MS), holder, now))) return;
    const entry = await runRetention(store, days, now, 'retention');
    if ((entry.counts.tickets ?? 0) > 0) logger.info({ counts: entry.counts, days }, 'retention: pseudonymised the requesters of old closed tickets');
  }

  return {
    run(now: number): Promise<void> {
      running ??= pass(now)
        .catch((err: unknown) => logger.warn({ err }, 'retention run failed: the next one tries again'))
        .finally(() => {
          running = null;
        });
      return running;
    },
    async idle(): Promise<void> {
      await running;
    },
  };
}

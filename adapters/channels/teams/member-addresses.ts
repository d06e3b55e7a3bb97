// The address Teams holds for a person (their mailbox, else their sign-in name),
// vouched for by Entra: asked of the connector at most once an hour per person,
// never on the way of an invoke's 5 s, and a failure is only logged.
import type { Logger } from '../../../src/index.js';
import { rememberEntry } from '../short-memory.js';
import { teamsUser } from './to-inbound-event.js';
import type { TeamsActivity } from './teams-types.js';

const KEEP_MS = 60 * 60_000;
/** After a failed question, how long before asking again. */
const RETRY_MS = 5 * 60_000;
/** How long a message waits for a question under way before it goes on without the address. */
const WAIT_MS = 2_000;
const REMEMBERED = 5000;

export interface MemberAddresses {
  /** Asks Teams about the sender when their address is unknown or old; does not wait. */
  learn(activity: TeamsActivity): void;
  /** The sender's address as last learnt, waiting a little for a question under way; null when Teams gave none. */
  of(userId: string): Promise<string | null>;
}

export function createMemberAddresses(lookUp: (a: TeamsActivity) => Promise<{ email?: string; userPrincipalName?: string }>, logger: Logger, now: () => number = Date.now): MemberAddresses {
  const known = new Map<string, { address: string | null; until: number }>();
  const asking = new Map<string, Promise<void>>();
  return {
    learn(a) {
      const { userId } = teamsUser(a);
      if (asking.has(userId) || (known.get(userId)?.until ?? 0) > now()) return;
      const question = lookUp(a)
        .then((m) => {
          const address = [m.email, m.userPrincipalName].find((v) => typeof v === 'string' && v.includes('@')) ?? null;
          rememberEntry(known, userId, { address, until: now() + KEEP_MS }, REMEMBERED);
        })
        .catch((err: unknown) => {
          logger.warn({ err, component: 'teams', user: userId }, 'Teams did not say who the member is: their other channels stay unlinked for now');
          rememberEntry(known, userId, { address: known.get(userId)?.address ?? null, until: now() + RETRY_MS }, REMEMBERED);
        })
        .finally(() => asking.delete(userId));
      asking.set(userId, question);
    },
    async of(userId) {
      const question = asking.get(userId);
      if (question) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([question, new Promise((r) => (timer = setTimeout(r, WAIT_MS)))]).finally(() => clearTimeout(timer));
      }
      return known.get(userId)?.address ?? null;
    },
  };
}

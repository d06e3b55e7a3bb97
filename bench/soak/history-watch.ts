// Web people the desk could not answer in the HTTP exchange (their message was
// kept while the store was away, or queued behind kept ones): their chat history
// is read now and then, as their page would show it, and each line stamped when
// first seen, so the real answer's arrival is timed to within a poll.
import type { Balancer } from './balancer.js';
import type { Ledger } from './ledger.js';

export function createHistoryWatch(lb: Balancer, ledger: Ledger) {
  const seen = new Map<string, Map<string, number>>();
  let polling: Promise<void> | null = null;

  const waiting = () => {
    const users = new Set<string>();
    for (const s of ledger.sent.values()) if (s.channel === 'web' && s.webUser && s.accepted && s.kept) users.add(s.webUser);
    return users;
  };

  /** All waiting people at once, so an instance that hangs costs one timeout per poll, not one per person. */
  async function pollOnce(): Promise<void> {
    await Promise.all(
      [...waiting()].map(async (user) => {
        try {
          const res = await lb.send(`/web/api/history?user=${encodeURIComponent(user)}`, { method: 'GET' }, 5_000);
          if (res.status !== 200) return;
          const lines = (JSON.parse(res.body) as { lines: unknown[] }).lines;
          const mine = seen.get(user) ?? new Map<string, number>();
          seen.set(user, mine);
          const at = Date.now();
          for (const line of lines) {
            const key = JSON.stringify(line);
            if (!mine.has(key)) mine.set(key, at);
          }
        } catch {
          // An instance or the store away: the next poll reads it.
        }
      }),
    );
  }

  return {
    /** One poll at a time; a call while one runs waits for it. */
    poll: () => (polling ??= pollOnce().finally(() => (polling = null))),
    history: () => new Map([...seen].map(([user, lines]) => [user, [...lines].map(([text, at]) => ({ text, at }))])),
  };
}

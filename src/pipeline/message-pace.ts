// How many messages one person may send in a minute. Past the limit the desk
// says so once and reads nothing more from them until their minute is over:
// answering every message of a flood would be a flood of its own. Kept in
// memory (a flood is one instance's to absorb), by a window per person that
// starts with their first message; people quiet for a minute are forgotten.
export type Pace = { verdict: 'read' } | { verdict: 'refuse'; retryInMs: number } | { verdict: 'ignore' };

export interface MessagePace {
  check(person: string, now: number): Pace;
  /** People remembered now, for tests and metrics. */
  size(): number;
}

interface Window {
  start: number;
  count: number;
}

export const PACE_WINDOW_MS = 60_000;
/** Past this many people in one minute the longest-remembered are forgotten (they may send again): memory stays bounded under any flood of identities. */
const MAX_PEOPLE = 100_000;

/** `limit` 0: no limit, nothing remembered. */
export function createMessagePace(limit: number, windowMs = PACE_WINDOW_MS, maxPeople = MAX_PEOPLE): MessagePace {
  // Insertion order is window start order: a window that restarts is moved to the end.
  const windows = new Map<string, Window>();

  function forgetEnded(now: number) {
    for (const [person, w] of windows) {
      if (w.start + windowMs > now) break;
      windows.delete(person);
    }
  }

  return {
    check(person, now) {
      if (limit <= 0) return { verdict: 'read' };
      forgetEnded(now);
      const w = windows.get(person);
      if (!w || w.start + windowMs <= now) {
        windows.delete(person);
        windows.set(person, { start: now, count: 1 });
        if (windows.size > maxPeople) windows.delete(windows.keys().next().value!);
        return { verdict: 'read' };
      }
      w.count++;
      if (w.count <= limit) return { verdict: 'read' };
      return w.count === limit + 1 ? { verdict: 'refuse', retryInMs: w.start + windowMs - now } : { verdict: 'ignore' };
    },
    size: () => windows.size,
  };
}

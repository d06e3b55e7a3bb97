// How many tickets one person may open in an hour (DeskSettings.ticketsPerHour),
// counted from the store so it holds across restarts and instances.
import { HelpDeskError } from '../errors.js';
import { participantKey } from '../events.js';
import type { Turn } from '../turn.js';

const HOUR_MS = 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

/**
 * Refuses (LIMIT.TICKETS) when the person opened their hour's worth already,
 * saying how long until the next may open; the text they wrote comes back with
 * the refusal, so nothing they wrote is lost.
 */
export async function requireTicketAllowance(turn: Turn, text: string): Promise<void> {
  const limit = turn.deps.settings.ticketsPerHour ?? 0;
  if (limit <= 0) return;
  const opened = await turn.deps.store.openedSince(turn.from, turn.now - HOUR_MS, limit);
  if (opened.length < limit) return;
  // The window frees a place when the limit-th newest ticket turns an hour old.
  const freeAt = opened[limit - 1]! + HOUR_MS;
  const minutes = Math.max(1, Math.ceil((freeAt - turn.now) / MINUTE_MS));
  throw new HelpDeskError('LIMIT.TICKETS', { limit, minutes, text: text.trim() });
}

/** Runs the opening after any other of the same person's in this desk, when openings are limited. */
export function oneOpeningAtATime<T>(turn: Turn, open: () => Promise<T>): Promise<T> {
  if (!turn.deps.settings.ticketsPerHour) return open();
  return turn.oneAtATime(`open:${participantKey(turn.from)}`, open);
}

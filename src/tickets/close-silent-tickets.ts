// The sweeper's job: resolved tickets whose requester never answered the
// "did this solve it?" question are closed after the configured silence.
import type { Turn } from '../turn.js';
import { isHelpDeskError } from '../errors.js';
import * as transitions from './transitions.js';
import { commitChange } from './commit-change.js';

const PAGE = 100;

/** Closes every resolved ticket untouched for `silenceMs`; returns the codes it closed. */
export async function closeSilentTickets(turn: Turn, silenceMs: number): Promise<string[]> {
  const { deps, now } = turn;
  const departments = deps.settings.departments.map((d) => d.id);
  const due: string[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await deps.store.queue({ departments, statuses: ['resolved'], limit: PAGE, offset });
    due.push(...page.items.filter((t) => t.updatedAt <= now - silenceMs).map((t) => t.code));
    if (offset + PAGE >= page.total) break;
  }
  const closed: string[] = [];
  for (const code of due) {
    try {
      // Decided on the fresh ticket: a late "No, still broken" wins over the sweeper.
      await commitChange(turn, code, (t) => transitions.autoClose(t, { who: turn.from, channel: turn.channel, at: now }, now - silenceMs));
      closed.push(code);
    } catch (err) {
      if (!isHelpDeskError(err, 'TICKET.NOT_DUE') && !isHelpDeskError(err, 'TICKET.ILLEGAL_TRANSITION')) throw err;
    }
  }
  return closed;
}

// The sweeper's job: resolved tickets whose requester never answered the
// "did this solve it?" question are closed after the configured silence.
import type { HelpDeskDeps, Turn } from '../desk.js';
import { isHelpDeskError } from '../errors.js';
import { announce } from './announce.js';
import { changeTicket } from './change-ticket.js';
import * as changes from './changes.js';

const SYSTEM = { platform: 'system', userId: 'sportello', name: 'Sportello' };
const PAGE = 100;

/** Closes every resolved ticket untouched for `silenceMs`; returns the codes it closed. */
export async function closeSilentTickets(deps: HelpDeskDeps, silenceMs: number): Promise<string[]> {
  const now = deps.clock.now();
  const turn: Turn = { deps, from: SYSTEM, agent: null, locale: deps.settings.defaultLocale, channel: 'system', now };
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
      const saved = await changeTicket(deps.store, code, (t) => changes.autoClose(t, { who: SYSTEM, channel: 'system', at: now }, now - silenceMs));
      await announce(turn, saved);
      closed.push(code);
    } catch (err) {
      if (!isHelpDeskError(err, 'TICKET.NOT_DUE') && !isHelpDeskError(err, 'TICKET.ILLEGAL_TRANSITION')) throw err;
    }
  }
  return closed;
}

// Optimistic concurrency: read, decide with a pure rule, write against the
// version read. When someone else wrote first, decide again on the fresh ticket,
// so the rule (not luck) answers the loser: "already claimed by Anna".
import { HelpDeskError, isHelpDeskError } from '../errors.js';
import type { TicketStore } from '../ports/ticket-store.js';
import type { Change } from './changes.js';
import type { Ticket, TicketEvent } from './ticket.js';

export interface Saved {
  before: Ticket;
  after: Ticket;
  event: Pick<TicketEvent, 'kind' | 'text' | 'actor' | 'data'>;
}

const MAX_ATTEMPTS = 20;

export async function loadTicket(store: TicketStore, code: string): Promise<Ticket> {
  const ticket = await store.get(code);
  if (!ticket) throw new HelpDeskError('TICKET.NOT_FOUND', { code });
  return ticket;
}

export async function changeTicket(store: TicketStore, code: string, decide: (t: Ticket) => Change): Promise<Saved> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const before = await loadTicket(store, code);
    const { next, event } = decide(before);
    try {
      const after = await store.update(next, before.version, event);
      return { before, after, event };
    } catch (err) {
      if (!isHelpDeskError(err, 'STORE.CONFLICT')) throw err;
    }
  }
  throw new HelpDeskError('STORE.CONFLICT', { code });
}

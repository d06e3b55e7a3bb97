// The SLA settings a desk runs on: the configuration file's, or the defaults; a desk
// configured with an auto-close delay (AUTO_CLOSE_HOURS, from before policies had one)
// applies it to every policy.
import type { DeskSettings } from '../turn.js';
import { withResolvedCloseAfter } from './policies.js';
import { parseSlaConfig, type SlaSettings } from './sla-config-schema.js';
import { advanceClock, startClock, type TicketSla } from './ticket-clock.js';
import type { Change } from '../tickets/transitions.js';
import type { NewTicket, Ticket } from '../tickets/ticket.js';

const resolved = new WeakMap<DeskSettings, SlaSettings>();

export function slaSettingsOf(settings: DeskSettings): SlaSettings {
  let sla = resolved.get(settings);
  if (!sla) {
    const base = settings.sla ?? parseSlaConfig({});
    const silence = settings.autoCloseMs;
    sla = silence === undefined ? base : { ...base, policies: withResolvedCloseAfter(base.policies, silence > 0 ? { after: { kind: 'time', ms: silence }, clock: '24x7' } : null) };
    resolved.set(settings, sla);
  }
  return sla;
}

/** The queue orders by the target the ticket races now. */
function dueOf(sla: TicketSla, fallback: number): number {
  return sla.firstResponseDue ?? sla.resolutionDue ?? fallback;
}

export function clockNewTicket(draft: NewTicket, settings: DeskSettings): NewTicket {
  const sla = startClock(draft, slaSettingsOf(settings), draft.createdAt);
  return { ...draft, sla, dueAt: dueOf(sla, draft.dueAt) };
}

export function clockChange(before: Ticket, change: Change, settings: DeskSettings): Change {
  const sla = advanceClock(before, change.next, change.event, slaSettingsOf(settings));
  return { ...change, next: { ...change.next, sla, dueAt: dueOf(sla, change.next.dueAt) } };
}

// A change made on behalf of a turn: committed with its outbox record, then
// handed to whoever delivers records, so nobody waits for the others' messages.
import type { ChangeRecord } from '../change-record.js';
import type { Turn } from '../turn.js';
import type { Agent } from '../ports/people-store.js';
import type { RecordOf } from '../ports/ticket-store.js';
import { changeTicket, type Saved } from './change-ticket.js';
import type { Change } from './transitions.js';
import { describeChange, teamOf } from './describe-change.js';
import type { EventDraft, NewTicket, Ticket } from './ticket.js';

async function teamFor(turn: Turn, next: Pick<Ticket, 'department' | 'tier' | 'assignee'>, kind: EventDraft['kind']): Promise<Agent[]> {
  const team = teamOf(next, kind);
  return team ? turn.deps.store.listAgents(team) : [];
}

function handOver(turn: Turn, record: ChangeRecord | undefined): void {
  if (record) turn.deps.afterCommit?.(record);
}

export async function commitChange(turn: Turn, code: string, decide: (t: Ticket) => Change): Promise<Saved> {
  const saved = await changeTicket(turn.deps.store, code, decide, async (before, { next, event }) => {
    const team = await teamFor(turn, next, event.kind);
    return (after) => describeChange(turn, { before, after, event, team });
  });
  handOver(turn, saved.record);
  return saved;
}

export async function commitNewTicket(turn: Turn, draft: NewTicket, prefix: string, event: EventDraft): Promise<Ticket> {
  const team = await teamFor(turn, draft, 'created');
  let record: ChangeRecord | undefined;
  const recordOf: RecordOf = (after) => (record = describeChange(turn, { before: after, after, event, team }));
  const ticket = await turn.deps.store.create(draft, prefix, event, recordOf);
  handOver(turn, record);
  return ticket;
}

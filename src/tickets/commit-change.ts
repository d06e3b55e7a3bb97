// A change made on behalf of a turn: committed with its outbox record, then
// handed to whoever delivers records, so nobody waits for the others' messages.
import type { ChangeRecord } from '../change-record.js';
import type { Turn } from '../turn.js';
import type { Agent } from '../ports/people-store.js';
import type { Outbound } from '../replies.js';
import type { RecordOf } from '../ports/ticket-store.js';
import { changeTicket, type Saved } from './change-ticket.js';
import type { Change } from './transitions.js';
import { describeChange, teamOf } from './describe-change.js';
import { clockChange, clockNewTicket, slaSettingsOf } from '../sla/desk-sla.js';
import { factsAfter, openingFacts } from '../reports/report-facts.js';
import type { EventDraft, NewTicket, Ticket } from './ticket.js';
import { noteTaken, withCarriedFiles } from '../files/carry-files.js';
import { DEFAULT_FILE_LIMITS } from '../files/attachment.js';

async function teamFor(turn: Turn, next: Pick<Ticket, 'department' | 'tier' | 'assignee'>, kind: EventDraft['kind']): Promise<Agent[]> {
  const team = teamOf(next, kind);
  return team ? turn.deps.store.listAgents(team) : [];
}

function handOver(turn: Turn, record: ChangeRecord | undefined): void {
  if (record) turn.deps.changes?.committed(record);
}

/** A change that concerns nobody (no one to tell, no card to keep) costs no outbox write. */
function concernsAnyone(turn: Turn, probe: ChangeRecord): boolean {
  return turn.deps.changes?.concerns(probe) ?? true;
}

const maxTicketBytes = (turn: Turn) => turn.deps.files?.limits.maxTicketBytes ?? DEFAULT_FILE_LIMITS.maxTicketBytes;

/** The report's facts move with the clock, in the same write. */
function withReportFacts(turn: Turn, before: Ticket, change: Change): Change {
  return { ...change, next: { ...change.next, report: factsAfter(before, change.next, change.event, slaSettingsOf(turn.deps.settings)) } };
}

/** `alsoTell`: pushes that go out with the change, in the same commit (a page to the on-call agent). */
export async function commitChange(turn: Turn, code: string, decide: (t: Ticket) => Change, alsoTell: readonly Outbound[] = []): Promise<Saved> {
  let kind: EventDraft['kind'] = 'note';
  const decided = (t: Ticket) => {
    const change = decide(t);
    kind = change.event.kind;
    return withCarriedFiles(turn.carried, maxTicketBytes(turn), change, t.version + 1);
  };
  const clocked = (t: Ticket) => withReportFacts(turn, t, clockChange(t, decided(t), turn.deps.settings));
  const saved = await changeTicket(turn.deps.store, code, clocked, async (before, { next, event }) => {
    const team = await teamFor(turn, next, event.kind);
    const build = (after: Ticket) => describeChange(turn, { before, after, event, team, alsoTell });
    return concernsAnyone(turn, build({ ...next, version: before.version + 1 })) ? build : null;
  });
  noteTaken(turn.carried, saved.after, kind, maxTicketBytes(turn));
  handOver(turn, saved.record);
  // Closed here: this instance's archive has it at once (the others' find it at their next refresh).
  if (saved.after.closedAt !== undefined && saved.before.closedAt === undefined) turn.deps.archive?.noteClosed(saved.after);
  else if (saved.before.closedAt !== undefined && saved.after.closedAt === undefined) turn.deps.archive?.noteReopened(code);
  return saved;
}

/** `alsoTell`: pushes that are not about the ticket but go out with it, in the same commit. */
export async function commitNewTicket(turn: Turn, bare: NewTicket, prefix: string, bareEvent: EventDraft, alsoTell: readonly Outbound[] = []): Promise<Ticket> {
  const withFiles = withCarriedFiles(turn.carried, maxTicketBytes(turn), { next: { ...bare, code: '', seq: 0, version: 0 }, event: bareEvent }, 1);
  const { code: _code, seq: _seq, version: _version, ...unclocked } = withFiles.next;
  const event = withFiles.event;
  const clockedDraft = clockNewTicket(unclocked, turn.deps.settings);
  const draft: NewTicket = { ...clockedDraft, report: openingFacts(clockedDraft, slaSettingsOf(turn.deps.settings)) };
  const team = await teamFor(turn, draft, 'created');
  const build = (after: Ticket) => describeChange(turn, { before: after, after, event, team, alsoTell });
  // The code is the store's to give: whether anyone is concerned does not depend on it.
  const keep = concernsAnyone(turn, build({ ...draft, code: '', seq: 0, version: 1 }));
  let record: ChangeRecord | undefined;
  const recordOf: RecordOf | undefined = keep ? (after) => (record = build(after)) : undefined;
  const ticket = await turn.deps.store.create(draft, prefix, event, recordOf);
  noteTaken(turn.carried, ticket, 'created', maxTicketBytes(turn));
  handOver(turn, record);
  return ticket;
}

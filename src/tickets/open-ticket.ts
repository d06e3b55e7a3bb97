// Opening a ticket: guess department and priority, take the next code from the
// store, tell the department's first-level agents (through the outbox).
import { actorOf, type Turn } from '../turn.js';
import type { Outbound } from '../replies.js';
import { priorityFrom, type Level } from './priority.js';
import { commitNewTicket } from './commit-change.js';
import { oneOpeningAtATime, requireTicketAllowance } from './ticket-allowance.js';
import type { Ticket } from './ticket.js';
import type { GuideTrail } from '../faq/guide-run.js';

const TITLE_MAX = 80;

export function titleOf(text: string): string {
  const firstLine = text.trim().split('\n')[0]!.trim();
  return firstLine.length > TITLE_MAX ? `${firstLine.slice(0, TITLE_MAX - 1)}…` : firstLine;
}

/** What the requester said outright (a form's fields) instead of leaving it to the guess. */
export interface TicketChoices {
  faqTried?: string | null;
  department?: string;
  urgency?: Level;
  /** Pushes that go out with the ticket's own (a FAQ entry flagged to its leads by the "No" that opens it). */
  alsoTell?: Outbound[];
  /** The outage this is the same problem as (the banner's "Yes, that's it"): opened linked to it. */
  linkedTo?: string;
  /** The guided fix it comes from: the steps tried and the answers given. */
  guide?: GuideTrail;
  /** The delivery id of the message it comes from, kept on the ticket (mail: see mail-commands.ts). */
  origin?: string;
}

/** Refused with LIMIT.TICKETS when the person opened their hour's worth already. */
export function openTicket(turn: Turn, text: string, choices: TicketChoices = {}): Promise<Ticket> {
  return oneOpeningAtATime(turn, async () => {
    await requireTicketAllowance(turn, text);
    return commitTicket(turn, text, choices);
  });
}

async function commitTicket(turn: Turn, text: string, choices: TicketChoices): Promise<Ticket> {
  const { deps } = turn;
  const guessed = await deps.triage.guess(text);
  const urgency = choices.urgency ?? guessed.urgency;
  const guess = { ...guessed, urgency, priority: priorityFrom(guessed.impact, urgency) };
  const departments = deps.settings.departments;
  const department = departments.find((d) => d.id === (choices.department ?? guess.department)) ?? departments[0]!;
  const faqTried = choices.faqTried ?? null;
  const actor = actorOf(turn);
  const ticket = await commitNewTicket(
    turn,
    {
      department: department.id,
      tier: 1,
      status: 'open',
      priority: guess.priority,
      title: titleOf(text),
      description: text.trim(),
      requester: actor.who,
      assignee: null,
      resolvedBy: null,
      resolution: null,
      faqTried,
      channel: turn.channel,
      createdAt: turn.now,
      updatedAt: turn.now,
      // The clock started on commit sets the real due time; until then the ticket is due now.
      dueAt: turn.now,
      ...(choices.linkedTo ? { linkedTo: choices.linkedTo } : {}),
      ...(choices.guide ? { guide: choices.guide } : {}),
      ...(choices.origin ? { origin: choices.origin } : {}),
    },
    department.prefix,
    {
      at: turn.now,
      kind: 'created',
      actor: actor.who,
      channel: turn.channel,
      text: text.trim(),
      data: { impact: guess.impact, urgency: guess.urgency, faqTried },
    },
    choices.alsoTell,
  );
  deps.observer?.ticketCreated(ticket.department);
  return ticket;
}

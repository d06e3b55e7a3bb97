// What a home tab (Slack's App Home) shows around the queue: the tickets an
// agent holds, the departments they may filter the queue by, and the words a
// platform needs to draw the tab in the reader's language.
import type { Locale } from '../events.js';
import { t } from '../i18n.js';
import { reply, viewFor, type Reply } from '../replies.js';
import { departmentName } from '../tickets/ticket-words.js';
import type { Ticket } from '../tickets/ticket.js';
import type { Turn } from '../turn.js';
import { ageWords, dueWords } from './ticket-pages.js';
import { sameParticipant } from '../events.js';

/** Tickets shown as held; more are reached with `ticket list`-like paging elsewhere. */
const HELD_SHOWN = 10;

/** The departments an agent works (every one for leads and admins), named in their language. */
export function agentDepartments(turn: Turn): { id: string; name: string }[] {
  const agent = turn.agent;
  if (!agent) return [];
  const all = turn.deps.settings.departments.map((d) => d.id);
  const ids = agent.role === 'agent' ? agent.departments.filter((d) => all.includes(d)) : all;
  return ids.map((id) => ({ id, name: departmentName(turn.locale, id) }));
}

/** The tickets an agent holds (in progress or waiting for the requester), most urgent first. */
export async function heldTickets(turn: Turn, limit = HELD_SHOWN): Promise<Ticket[]> {
  const agent = turn.agent;
  const departments = agentDepartments(turn).map((d) => d.id);
  if (!agent || departments.length === 0) return [];
  const page = await turn.deps.store.queue({ departments, statuses: ['in_progress', 'waiting_user'], limit: 100 });
  return page.items.filter((tk) => sameParticipant(tk.assignee, agent)).slice(0, limit);
}

/** One held ticket as its agent reads it: the queue's line, then where it stands. */
export function heldItem(turn: Turn, tk: Ticket): Reply {
  const { locale, now } = turn;
  const view = viewFor(turn, tk);
  const text = t(locale, 'queue.item', { code: tk.code, priority: tk.priority, title: tk.title, requester: tk.requester.name, age: ageWords(locale, tk, now), due: view.slaLabel ?? dueWords(locale, tk, now) });
  return reply(`${text}\n${view.statusLabel}`, view);
}

/** A header and one reply per ticket the agent holds; nothing when none. */
export async function heldSection(turn: Turn): Promise<Reply[]> {
  const held = await heldTickets(turn);
  if (held.length === 0) return [];
  return [reply(t(turn.locale, 'queues22.home.held', { count: held.length })), ...held.map((tk) => heldItem(turn, tk))];
}

export interface HomeWords {
  newTicket: string;
  filter: string;
  allDepartments: string;
  empty: string;
  /** The label a screen reader reads for a row's Claim button. */
  claimCode: (code: string) => string;
}

export function homeWords(locale: Locale): HomeWords {
  return {
    newTicket: t(locale, 'queues22.home.newTicket'),
    filter: t(locale, 'queues22.home.filter'),
    allDepartments: t(locale, 'queues22.home.allDepartments'),
    empty: t(locale, 'queues22.home.empty'),
    claimCode: (code) => t(locale, 'queues22.home.claimCode', { code }),
  };
}

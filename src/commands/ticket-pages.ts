// Queues and a requester's tickets shown as lists: one reply per ticket, each
// with its own buttons, ten at a time. Pages are numbered from 1 for people;
// the "next" button carries the page it opens, read back like a typed page.
import { HelpDeskError } from '../errors.js';
import type { Locale } from '../events.js';
import { t } from '../i18n.js';
import { reply, viewFor, type Reply, type ReplyAction } from '../replies.js';
import type { Ticket } from '../tickets/ticket.js';
import type { Turn } from '../turn.js';

export const PAGE_SIZE = 10;
const MAX_PAGE = 9999;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A length of time in the largest unit that keeps it readable: `40 min`, `3 h`, `2 d` / `2 g`. */
export function durationWords(locale: Locale, ms: number): string {
  const abs = Math.abs(ms);
  if (abs < HOUR) return t(locale, 'queue.minutes', { n: Math.max(1, Math.floor(abs / MINUTE)) });
  if (abs < 2 * DAY) return t(locale, 'queue.hours', { n: Math.floor(abs / HOUR) });
  return t(locale, 'queue.days', { n: Math.floor(abs / DAY) });
}

export function ageWords(locale: Locale, tk: Ticket, now: number): string {
  if (now - tk.createdAt < MINUTE) return t(locale, 'queue.justNow');
  return t(locale, 'queue.age', { duration: durationWords(locale, now - tk.createdAt) });
}

export function dueWords(locale: Locale, tk: Ticket, now: number): string {
  const left = tk.dueAt - now;
  return t(locale, left >= 0 ? 'queue.dueIn' : 'queue.overdue', { duration: durationWords(locale, left) });
}

/** A typed page (`2`), absent for the first; anything else is refused with the command's usage. */
export function pageNumber(page: string | undefined, usage: string): number {
  if (page === undefined) return 1;
  const n = /^\d{1,4}$/.test(page.trim()) ? Number(page.trim()) : 0;
  if (n < 1 || n > MAX_PAGE) throw new HelpDeskError('COMMAND.USAGE', { usage });
  return n;
}

/** One waiting ticket as an agent reads it in the queue, with the button that claims it. */
export function queueItem(turn: Turn, tk: Ticket): Reply {
  const { locale, now } = turn;
  // Where it stands against its SLA target; a ticket from before the desk kept a clock says when it is due.
  const view = viewFor(turn, tk);
  const text = t(locale, 'queue.item', {
    code: tk.code,
    priority: tk.priority,
    title: tk.title,
    requester: tk.requester.name,
    age: ageWords(locale, tk, now),
    due: view.slaLabel ?? dueWords(locale, tk, now),
  });
  return reply(text, view, [{ id: `claim:${tk.code}`, label: t(locale, 'action.claim') }]);
}

/** One of a requester's own tickets. */
export function listItem(turn: Turn, tk: Ticket): Reply {
  const { locale, now } = turn;
  const view = viewFor(turn, tk);
  const text = t(locale, 'slatime.list.item', {
    code: tk.code,
    status: view.statusLabel,
    priority: view.priorityLabel,
    department: view.departmentName,
    title: tk.title,
    age: ageWords(locale, tk, now),
    assignee: view.assigneeName ? t(locale, 'ticket.assignee', { name: view.assigneeName }) : '',
    sla: view.slaLabel ? ` · ${view.slaLabel}` : '',
  });
  return reply(text, view);
}

/** The closing line of a page that is not the last: how many remain, and the button for the next ones. */
export function nextPage(locale: Locale, shown: number, total: number, action: ReplyAction['id']): Reply {
  const count = Math.min(PAGE_SIZE, total - shown);
  return reply(t(locale, 'queue.more', { count: total - shown }), undefined, [{ id: action, label: t(locale, 'queue.next', { count }) }]);
}

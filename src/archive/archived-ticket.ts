// What the archive keeps of a closed ticket: enough to filter, rank and show
// it, and nothing it would not show (the transcript stays in the store).
import type { PersonRef, Priority, Ticket } from '../tickets/ticket.js';

/** Words of a ticket the archive reads past this are not indexed: a pasted log must not outweigh the problem. */
const TEXT_MAX = 2_000;
/** What a result shows of the resolution; the ticket page has the rest. */
const RESOLUTION_MAX = 400;

export interface ArchivedPerson {
  platform: string;
  userId: string;
  name: string;
}

export interface ArchivedTicket {
  code: string;
  department: string;
  priority: Priority;
  status: 'closed' | 'cancelled';
  title: string;
  /** Its beginning, as the agent wrote it; null when it closed without one (withdrawn, unanswered). */
  resolution: string | null;
  closedAt: number;
  requester: ArchivedPerson;
  /** Who resolved it, and who held it last (often the same agent). */
  resolvedBy: ArchivedPerson | null;
  assignee: ArchivedPerson | null;
}

const person = (p: PersonRef | null): ArchivedPerson | null => (p ? { platform: p.platform, userId: p.userId, name: p.name } : null);

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The problem as the requester put it: the description, led by the title when the title is not just its first line. */
export function problemText(t: Pick<Ticket, 'title' | 'description'>): string {
  const title = t.title.replace(/…$/, '').trim();
  const description = t.description.trim();
  return description.startsWith(title) ? description : `${t.title}\n${description}`;
}

/** What the archive matches a query against: the problem and how it was solved. */
export function archiveText(t: Pick<Ticket, 'title' | 'description' | 'resolution'>): string {
  const text = t.resolution ? `${problemText(t)}\n${t.resolution}` : problemText(t);
  return text.slice(0, TEXT_MAX);
}

/** The archive's record of a ticket, or null for one still active (or closed before the desk noted when). */
export function toArchived(t: Ticket): ArchivedTicket | null {
  if ((t.status !== 'closed' && t.status !== 'cancelled') || t.closedAt === undefined) return null;
  return {
    code: t.code,
    department: t.department,
    priority: t.priority,
    status: t.status,
    title: t.title,
    resolution: t.resolution ? clip(t.resolution.trim(), RESOLUTION_MAX) : null,
    closedAt: t.closedAt,
    requester: person(t.requester)!,
    resolvedBy: person(t.resolvedBy),
    assignee: person(t.assignee),
  };
}

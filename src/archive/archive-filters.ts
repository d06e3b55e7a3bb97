// Which archived tickets a search may return: the reader's departments, and
// what they narrowed it to. Pure; checked against each candidate.
import type { Priority } from '../tickets/ticket.js';
import type { ArchivedPerson, ArchivedTicket } from './archived-ticket.js';

export interface ArchiveFilters {
  /** Only these departments (the reader's, for an agent); absent: every one. */
  departments?: readonly string[];
  priority?: Priority;
  /** A user id, or a name or part of one (any case). */
  requester?: string;
  /** The agent who resolved it or held it: a user id, or a name or part of one. */
  agent?: string;
  /** Closed at or after this instant. */
  from?: number;
  /** Closed before this instant. */
  to?: number;
  /** Only tickets closed with a resolution (solved), not withdrawn or left unanswered. */
  solvedOnly?: boolean;
}

function isPerson(p: ArchivedPerson | null, who: string): boolean {
  if (!p) return false;
  return p.userId.toLowerCase() === who || p.name.toLowerCase().includes(who);
}

/** A test for one set of filters, made once per search. */
export function archiveFilter(filters: ArchiveFilters): (t: ArchivedTicket) => boolean {
  const departments = filters.departments ? new Set(filters.departments) : null;
  const requester = filters.requester?.trim().toLowerCase() || null;
  const agent = filters.agent?.trim().toLowerCase() || null;
  return (t) =>
    (!departments || departments.has(t.department)) &&
    (!filters.priority || t.priority === filters.priority) &&
    (filters.from === undefined || t.closedAt >= filters.from) &&
    (filters.to === undefined || t.closedAt < filters.to) &&
    (!filters.solvedOnly || (t.status === 'closed' && t.resolution !== null)) &&
    (!requester || isPerson(t.requester, requester)) &&
    (!agent || isPerson(t.resolvedBy, agent) || isPerson(t.assignee, agent));
}

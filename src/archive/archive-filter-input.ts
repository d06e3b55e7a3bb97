// Filters as people type them (chat flags, the command line, the console's
// form) read into ArchiveFilters, with the first thing wrong named. Dates are
// whole days in UTC, `--to` included.
import { parsePriority } from '../tickets/priority.js';
import type { ArchiveFilters } from './archive-filters.js';

export interface ArchiveFilterInput {
  department?: string;
  priority?: string;
  agent?: string;
  requester?: string;
  from?: string;
  to?: string;
}

export type FilterProblem =
  | { kind: 'department'; value: string; known: readonly string[] }
  | { kind: 'priority'; value: string }
  | { kind: 'date'; flag: 'from' | 'to'; value: string }
  | { kind: 'range'; from: string; to: string };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 60 * 60_000;

/** Midnight UTC of a `YYYY-MM-DD` that names a real day, or null. */
export function readDay(text: string): number | null {
  const m = DAY.exec(text.trim());
  if (!m) return null;
  const at = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(at).toISOString().slice(0, 10) === text.trim() ? at : null;
}

export function readArchiveFilters(input: ArchiveFilterInput, departments: readonly string[]): { filters: ArchiveFilters } | { problem: FilterProblem } {
  const filters: ArchiveFilters = {};
  const dept = input.department?.trim().toLowerCase();
  if (dept) {
    if (!departments.includes(dept)) return { problem: { kind: 'department', value: dept, known: departments } };
    filters.departments = [dept];
  }
  if (input.priority?.trim()) {
    const priority = parsePriority(input.priority);
    if (!priority) return { problem: { kind: 'priority', value: input.priority.trim() } };
    filters.priority = priority;
  }
  if (input.agent?.trim()) filters.agent = input.agent.trim().replace(/^@/, '');
  if (input.requester?.trim()) filters.requester = input.requester.trim().replace(/^@/, '');
  for (const flag of ['from', 'to'] as const) {
    const text = input[flag]?.trim();
    if (!text) continue;
    const day = readDay(text);
    if (day === null) return { problem: { kind: 'date', flag, value: text } };
    filters[flag] = flag === 'from' ? day : day + DAY_MS;
  }
  if (filters.from !== undefined && filters.to !== undefined && filters.from >= filters.to) {
    return { problem: { kind: 'range', from: input.from!.trim(), to: input.to!.trim() } };
  }
  return { filters };
}

/** The reader's departments narrowed by the typed filter; null when they asked for one that is not theirs. */
export function withinReach(filters: ArchiveFilters, readable: readonly string[] | undefined): ArchiveFilters | null {
  if (!readable) return filters;
  if (!filters.departments) return { ...filters, departments: readable };
  const allowed = filters.departments.filter((d) => readable.includes(d));
  return allowed.length > 0 ? { ...filters, departments: allowed } : null;
}

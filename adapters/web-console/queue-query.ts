// The queue page's filters, from its query string, checked against what the
// agent may see; what the store is asked for. Pure.
import type { Agent, QueueQuery, TicketStatus, Tier } from '../../src/index.js';
import { worksOn } from '../../src/index.js';
import { field } from './form-body.js';

export const QUEUE_PAGE_SIZE = 50;

/** `active`: what still needs someone (open, in progress, waiting for the requester). */
export const STATUS_FILTERS = ['active', 'open', 'in_progress', 'waiting_user', 'resolved', 'closed', 'cancelled'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];
export const WHO_FILTERS = ['any', 'mine', 'unassigned'] as const;
export type WhoFilter = (typeof WHO_FILTERS)[number];

export interface QueueFilters {
  /** '' for every department the agent works on. */
  department: string;
  tier: Tier | null;
  status: StatusFilter;
  who: WhoFilter;
  page: number;
}

const ACTIVE: readonly TicketStatus[] = ['open', 'in_progress', 'waiting_user'];

function oneOf<T extends string>(values: readonly T[], given: string, fallback: T): T {
  return (values as readonly string[]).includes(given) ? (given as T) : fallback;
}

/** Anything unknown falls back to the default: a filter never fails, it shows what it can. */
export function readFilters(query: unknown, agent: Agent, departments: readonly string[]): QueueFilters {
  const dept = field(query, 'department');
  const tier = Number(field(query, 'tier'));
  const page = Number(field(query, 'page'));
  return {
    department: departments.includes(dept) && worksOn(agent, dept) ? dept : '',
    tier: tier === 1 || tier === 2 || tier === 3 ? tier : null,
    status: oneOf(STATUS_FILTERS, field(query, 'status'), 'active'),
    who: oneOf(WHO_FILTERS, field(query, 'who'), 'any'),
    page: Number.isSafeInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
  };
}

/** The departments an agent's queue spans: their own, or all for leads and admins. */
export function queueDepartments(agent: Agent, departments: readonly string[]): string[] {
  return departments.filter((d) => worksOn(agent, d));
}

export function storeQuery(f: QueueFilters, agent: Agent, departments: readonly string[]): QueueQuery {
  const q: QueueQuery = {
    departments: f.department ? [f.department] : queueDepartments(agent, departments),
    statuses: f.status === 'active' ? ACTIVE : [f.status],
    limit: QUEUE_PAGE_SIZE,
    offset: (f.page - 1) * QUEUE_PAGE_SIZE,
  };
  if (f.tier) q.tier = f.tier;
  if (f.who === 'mine') q.assignee = { platform: agent.platform, userId: agent.userId };
  if (f.who === 'unassigned') q.assignee = null;
  return q;
}

/** The filters as a query string (page included unless it is the first), for links and the live refresh. */
export function filterQuery(f: QueueFilters, page = f.page): string {
  const p = new URLSearchParams();
  if (f.department) p.set('department', f.department);
  if (f.tier) p.set('tier', String(f.tier));
  if (f.status !== 'active') p.set('status', f.status);
  if (f.who !== 'any') p.set('who', f.who);
  if (page > 1) p.set('page', String(page));
  const s = p.toString();
  return s ? `?${s}` : '';
}

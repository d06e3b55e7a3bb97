// What a lead may do to an agent, beyond the fields being valid: never lock
// themselves out, and leave admins (and making admins) to admins. Pure.
import type { Agent } from '../../../src/index.js';
import type { LeadWordKey } from './lead-words.js';

export const isLead = (agent: Pick<Agent, 'role'>): boolean => agent.role === 'lead' || agent.role === 'admin';

const same = (a: Pick<Agent, 'platform' | 'userId'>, b: Pick<Agent, 'platform' | 'userId'>) => a.platform === b.platform && a.userId === b.userId;

/** Why `actor` may not remove `target`, or null when they may. */
export function removalRefused(actor: Agent, target: Agent): LeadWordKey | null {
  if (same(actor, target)) return 'agent.selfRemove';
  if (target.role === 'admin' && actor.role !== 'admin') return 'agent.adminUntouchable';
  return null;
}

/** Why `actor` may not save `after` over `before` (null: a new agent), with the field to show it on; null when they may. */
export function saveRefused(actor: Agent, before: Agent | null, after: Agent): { field: 'role' | 'form'; key: LeadWordKey } | null {
  if (before?.role === 'admin' && actor.role !== 'admin') return { field: 'form', key: 'agent.adminUntouchable' };
  if (same(actor, after) && !isLead(after)) return { field: 'role', key: 'agent.selfDemote' };
  if (after.role === 'admin' && actor.role !== 'admin') return { field: 'role', key: 'agent.adminOnly' };
  return null;
}

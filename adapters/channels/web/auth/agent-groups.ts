// OIDC_AGENT_GROUPS: the provider's groups make people agents, and taking them
// out of the group takes the rights away at their next sign-in. Only agents
// this sync created are ever changed or removed by it; an agent added by hand
// (`sportello agents add`) is left alone whatever their groups say.
import type { Agent, PeopleStore, Participant, Tier } from '../../../../src/index.js';

export const GRANTED_BY_GROUPS = 'oidc-groups';

export interface AgentGroup {
  group: string;
  department: string;
  tier: Tier;
}

export type GroupSync = 'granted' | 'updated' | 'unchanged' | 'revoked' | 'not-an-agent' | 'added-by-hand';

/** The groups claim as providers send it: a list of names (or ids), sometimes one string. Pure. */
export function groupsIn(claims: Record<string, unknown>, claim = 'groups'): string[] {
  if (!Object.hasOwn(claims, claim)) return [];
  const v = claims[claim];
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((g): g is string => typeof g === 'string') : [];
}

/** Every mapped group adds its department; the highest tier wins. Null: no agent group. Pure. */
export function agentFromGroups(groups: readonly string[], mapping: readonly AgentGroup[]): { departments: string[]; tier: Tier } | null {
  const held = mapping.filter((m) => groups.includes(m.group));
  if (held.length === 0) return null;
  return { departments: [...new Set(held.map((m) => m.department))].sort(), tier: Math.max(...held.map((m) => m.tier)) as Tier };
}

function sameAgent(a: Agent, b: Agent): boolean {
  return a.name === b.name && a.tier === b.tier && a.role === b.role && a.locale === b.locale && a.departments.join() === b.departments.join();
}

/** Brings the person's agent record in line with their groups at sign-in. */
export async function syncGroupAgent(people: PeopleStore, person: Participant, groups: readonly string[], mapping: readonly AgentGroup[]): Promise<GroupSync> {
  const existing = await people.getAgent(person.platform, person.userId);
  if (existing && existing.grantedBy !== GRANTED_BY_GROUPS) return 'added-by-hand';
  const derived = agentFromGroups(groups, mapping);
  if (!derived) {
    if (!existing) return 'not-an-agent';
    await people.removeAgent(person.platform, person.userId);
    return 'revoked';
  }
  const next: Agent = { platform: person.platform, userId: person.userId, name: person.name, ...derived, role: 'agent', grantedBy: GRANTED_BY_GROUPS };
  if (person.locale) next.locale = person.locale;
  if (existing && sameAgent(existing, next)) return 'unchanged';
  await people.saveAgent(next);
  return existing ? 'updated' : 'granted';
}

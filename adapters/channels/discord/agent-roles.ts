// DISCORD_AGENT_ROLES (`roleId:department:tier,…`) -> what a member's roles make them. Pure.
import type { Tier } from '../../../src/index.js';

export interface AgentRole {
  roleId: string;
  department: string;
  tier: Tier;
}

/** Every mapped role adds its department; the highest tier wins. Null: not an agent by role. */
export function agentFromRoles(roleIds: readonly string[], mapping: readonly AgentRole[]): { departments: string[]; tier: Tier } | null {
  const held = mapping.filter((m) => roleIds.includes(m.roleId));
  if (held.length === 0) return null;
  const departments = [...new Set(held.map((m) => m.department))].sort();
  const tier = Math.max(...held.map((m) => m.tier)) as Tier;
  return { departments, tier };
}

// Agents by Discord role, both ways: a member whose roles map to departments
// is an agent of those departments, and when those roles change or go (or the
// member leaves the server) the rights follow. Only records this sync wrote
// (grantedBy) are ever changed or removed; agents added by hand stay as they are.
import type { Agent, Logger, Participant, PeopleStore } from '../../../src/index.js';
import { agentFromRoles, type AgentRole } from './agent-roles.js';

/** What role-derived agent records say granted them. */
export const ROLE_GRANT = 'discord-roles';

export interface RoleSync {
  /** Writes what the member's roles make them now, when the registry says otherwise. */
  apply(person: Participant, roleIds: readonly string[]): Promise<void>;
  /** Reads again the roles of every agent the roles granted (`rolesOf` null: cannot tell now, so nothing changes). */
  recheck(rolesOf: (userId: string) => Promise<string[] | null>): Promise<void>;
}

export interface RoleSyncOptions {
  people: Pick<PeopleStore, 'getAgent' | 'saveAgent' | 'removeAgent' | 'listAgents'>;
  agentRoles: readonly AgentRole[];
  logger: Logger;
}

const sameGrant = (a: Pick<Agent, 'departments' | 'tier'>, b: Pick<Agent, 'departments' | 'tier'>) => a.tier === b.tier && a.departments.join(',') === b.departments.join(',');

export function createRoleSync(opts: RoleSyncOptions): RoleSync {
  /**
   * Compared with the registry itself every time, not with a copy in memory:
   * the desk reads the same record for the same request anyway, and a copy
   * could hide a change (the CLI removing the agent, a revoke by the check).
   */
  async function apply(person: Participant, roleIds: readonly string[]): Promise<void> {
    const derived = agentFromRoles(roleIds, opts.agentRoles);
    const existing = await opts.people.getAgent('discord', person.userId);
    if (existing && existing.grantedBy !== ROLE_GRANT) return;
    if (!derived) {
      if (!existing) return;
      await opts.people.removeAgent('discord', person.userId);
      opts.logger.info({ component: 'discord', user: person.userId }, 'agent rights revoked: their Discord roles no longer grant any');
      return;
    }
    if (existing && sameGrant(existing, derived) && existing.name === person.name) return;
    const locale = person.locale ?? existing?.locale;
    const agent: Agent = { platform: 'discord', userId: person.userId, name: person.name, ...derived, role: existing?.role ?? 'agent', grantedBy: ROLE_GRANT };
    if (locale) agent.locale = locale;
    await opts.people.saveAgent(agent);
  }

  return {
    apply,

    async recheck(rolesOf) {
      const granted = (await opts.people.listAgents()).filter((a) => a.platform === 'discord' && a.grantedBy === ROLE_GRANT);
      for (const agent of granted) {
        try {
          const roles = await rolesOf(agent.userId);
          if (roles === null) continue;
          await apply({ platform: 'discord', userId: agent.userId, name: agent.name, ...(agent.locale ? { locale: agent.locale } : {}) }, roles);
        } catch (err) {
          // A failed read tells nothing about the roles: the agent keeps them until the next check.
          opts.logger.warn({ err, component: 'discord', user: agent.userId }, 'could not read the roles of a role-granted agent');
        }
      }
    },
  };
}

// Agents by Discord role, both ways: a member whose roles map to departments
// is an agent of those departments, and when those roles change or go (or the
// member leaves the server) the rights follow. Only records this sync wrote
// (grantedBy) are ever changed or removed; agents added by hand stay as they are.
import type { Agent, Logger, Participant, PeopleStore } from '../../../src/index.js';
import { rememberEntry } from '../short-memory.js';
import { agentFromRoles, type AgentRole } from './agent-roles.js';

/** What role-derived agent records say granted them. */
export const ROLE_GRANT = 'discord-roles';

const NOT_AN_AGENT = '-';
/** Members whose last derived rights are kept in memory. */
const REMEMBERED = 5000;

export interface RoleSync {
  /** Writes what the member's roles make them now, when that differs from what was last written. */
  apply(person: Participant, roleIds: readonly string[]): Promise<void>;
  /**
   * Reads again the roles of every agent the roles granted (`rolesOf` null:
   * cannot tell now, so nothing changes); returns how many lost their rights.
   */
  recheck(rolesOf: (userId: string) => Promise<string[] | null>): Promise<number>;
}

export interface RoleSyncOptions {
  people: Pick<PeopleStore, 'getAgent' | 'saveAgent' | 'removeAgent' | 'listAgents'>;
  agentRoles: readonly AgentRole[];
  logger: Logger;
}

const grantKey = (derived: { departments: string[]; tier: number } | null) => (derived ? `${derived.departments.join(',')}:${derived.tier}` : NOT_AN_AGENT);

export function createRoleSync(opts: RoleSyncOptions): RoleSync {
  /**
   * What each member's roles derived when last written. It only spares a store
   * read while the roles stay the same: any change of roles, a revoke included,
   * gives another key and goes to the store.
   */
  const written = new Map<string, string>();

  /** True when the record was removed. */
  async function write(person: Participant, derived: ReturnType<typeof agentFromRoles>): Promise<boolean> {
    const existing = await opts.people.getAgent('discord', person.userId);
    if (existing && existing.grantedBy !== ROLE_GRANT) return false;
    if (!derived) {
      if (!existing) return false;
      await opts.people.removeAgent('discord', person.userId);
      opts.logger.info({ component: 'discord', user: person.userId }, 'agent rights revoked: their Discord roles no longer grant any');
      return true;
    }
    if (existing && grantKey(existing) === grantKey(derived) && existing.name === person.name) return false;
    const locale = person.locale ?? existing?.locale;
    const agent: Agent = { platform: 'discord', userId: person.userId, name: person.name, ...derived, role: existing?.role ?? 'agent', grantedBy: ROLE_GRANT };
    if (locale) agent.locale = locale;
    await opts.people.saveAgent(agent);
    return false;
  }

  async function apply(person: Participant, roleIds: readonly string[]): Promise<boolean> {
    const derived = agentFromRoles(roleIds, opts.agentRoles);
    const key = grantKey(derived);
    if (written.get(person.userId) === key) return false;
    const removed = await write(person, derived);
    rememberEntry(written, person.userId, key, REMEMBERED);
    return removed;
  }

  return {
    apply: async (person, roleIds) => void (await apply(person, roleIds)),

    async recheck(rolesOf) {
      const granted = (await opts.people.listAgents()).filter((a) => a.platform === 'discord' && a.grantedBy === ROLE_GRANT);
      let revoked = 0;
      for (const agent of granted) {
        try {
          const roles = await rolesOf(agent.userId);
          if (roles === null) continue;
          const person: Participant = { platform: 'discord', userId: agent.userId, name: agent.name, ...(agent.locale ? { locale: agent.locale } : {}) };
          if (await apply(person, roles)) revoked++;
        } catch (err) {
          // A failed read tells nothing about the roles: the agent keeps them until the next check.
          opts.logger.warn({ err, component: 'discord', user: agent.userId }, 'could not read the roles of a role-granted agent');
        }
      }
      return revoked;
    },
  };
}

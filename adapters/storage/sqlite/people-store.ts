// The agent registry.
import type Database from 'better-sqlite3';
import type { Agent, PeopleStore } from '../../../src/index.js';
import type { Write } from './group-commit.js';
import { agentParams, toAgent, type AgentRow } from './mappers.js';

/** How long a copy of the agents is trusted before SQLite is asked whether another process changed them. */
const RECHECK_MS = 250;

/**
 * Agents are read on every message, so they are kept in memory. Another process
 * (the CLI) changing them moves SQLite's data_version, which drops the copy;
 * asking costs a statement, so it is asked at most every RECHECK_MS (an agent
 * added from the CLI counts within a quarter of a second, as a KB import does).
 */
function createAgentCache(load: () => Agent[], version: () => number) {
  let cached: { all: Agent[]; byId: Map<string, Agent>; version: number } | null = null;
  let checkedAt = -Infinity;
  return {
    current() {
      const now = Date.now();
      if (cached && now - checkedAt < RECHECK_MS) return cached;
      checkedAt = now;
      const v = version();
      if (!cached || cached.version !== v) {
        const all = load();
        cached = { all, byId: new Map(all.map((a) => [`${a.platform}:${a.userId}`, a])), version: v };
      }
      return cached;
    },
    invalidate() {
      cached = null;
    },
  };
}

export function createSqlitePeopleStore(db: Database.Database, write: Write): PeopleStore {
  const stmt = {
    saveAgent: db.prepare(
      `INSERT INTO agents (platform, user_id, name, departments, tier, role, locale, granted_by)
       VALUES (@platform, @user_id, @name, @departments, @tier, @role, @locale, @granted_by)
       ON CONFLICT (platform, user_id) DO UPDATE SET name = excluded.name, departments = excluded.departments,
         tier = excluded.tier, role = excluded.role, locale = excluded.locale, granted_by = excluded.granted_by`,
    ),
    allAgents: db.prepare<[], AgentRow>('SELECT * FROM agents ORDER BY platform, user_id'),
    dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
    removeAgent: db.prepare('DELETE FROM agents WHERE platform = ? AND user_id = ?'),
  };

  const agents = createAgentCache(
    () => stmt.allAgents.all().map(toAgent),
    () => stmt.dataVersion.get()!,
  );

  return {
    async saveAgent(agent) {
      await write(() => stmt.saveAgent.run(agentParams(agent)));
      agents.invalidate();
    },

    async getAgent(platform, userId) {
      return agents.current().byId.get(`${platform}:${userId}`) ?? null;
    },

    async listAgents(filter = {}) {
      return agents
        .current()
        .all.filter((a) => (!filter.department || a.departments.includes(filter.department)) && (filter.tier === undefined || a.tier === filter.tier));
    },

    async removeAgent(platform, userId) {
      const removed = await write(() => stmt.removeAgent.run(platform, userId).changes > 0);
      agents.invalidate();
      return removed;
    },
  };
}

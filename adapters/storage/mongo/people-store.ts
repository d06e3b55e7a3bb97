// The agent registry: one document per platform identity, replaced whole.
import type { PeopleStore } from '../../../src/index.js';
import { agentDoc, agentId, toAgent } from './mappers.js';
import type { Models } from './models.js';

export function createMongoPeopleStore(m: Models): PeopleStore {
  return {
    async saveAgent(agent) {
      await m.Agent.replaceOne({ _id: agentId(agent.platform, agent.userId) }, agentDoc(agent), { upsert: true });
    },

    async getAgent(platform, userId) {
      const doc = await m.Agent.findById(agentId(platform, userId)).lean();
      return doc ? toAgent(doc as Record<string, unknown>) : null;
    },

    async listAgents(filter = {}) {
      const query: Record<string, unknown> = {};
      if (filter.department) query.departments = filter.department;
      if (filter.tier !== undefined) query.tier = filter.tier;
      const docs = await m.Agent.find(query).sort({ _id: 1 }).lean();
      return docs.map((d) => toAgent(d as Record<string, unknown>));
    },

    async removeAgent(platform, userId) {
      return (await m.Agent.deleteOne({ _id: agentId(platform, userId) })).deletedCount > 0;
    },
  };
}

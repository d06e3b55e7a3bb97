import type { Locale } from '../events.js';
import type { Tier } from '../tickets/ticket.js';

export const ROLES = ['agent', 'lead', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Agent {
  platform: string;
  userId: string;
  name: string;
  departments: string[];
  tier: Tier;
  role: Role;
  locale?: Locale;
  /**
   * What granted the rights when a platform did (Discord roles, sign-in groups):
   * that source may revoke them too. Absent for agents added by hand, whom no
   * platform sync removes.
   */
  grantedBy?: string;
}

export interface PeopleStore {
  /** Adds the agent or replaces the one with the same platform identity. */
  saveAgent(agent: Agent): Promise<void>;
  getAgent(platform: string, userId: string): Promise<Agent | null>;
  listAgents(filter?: { department?: string; tier?: Tier }): Promise<Agent[]>;
  removeAgent(platform: string, userId: string): Promise<boolean>;
}

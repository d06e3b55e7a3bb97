// What someone typed to add or change an agent (the CLI's flags, the leads'
// form) -> an Agent, or every field that is wrong and why. One set of rules for
// both; each edge words the problems its own way.
import { LOCALES, type Locale } from '../events.js';
import { ROLES, type Agent, type Role } from '../ports/people-store.js';
import type { Tier } from '../tickets/ticket.js';

export const AGENT_PLATFORMS = ['web', 'slack', 'teams', 'discord'] as const;
export const NAME_MAX = 100;

export type AgentField = 'platform' | 'user' | 'name' | 'departments' | 'tier' | 'role' | 'locale';

/**
 * `missing`: not given at all; `blank`: given but empty; `too-long`: over
 * NAME_MAX characters; `unknown-department`: not among the configured ones;
 * `not-allowed`: not one of the values the field takes.
 */
export type AgentProblemKind = 'missing' | 'blank' | 'too-long' | 'unknown-department' | 'not-allowed';

export interface AgentProblem {
  field: AgentField;
  kind: AgentProblemKind;
}

/** The fields as text: a form's values or a command line's options; `departments` a comma-separated list or a list of names. */
export type AgentFields = Partial<Record<AgentField, unknown>>;

const TIERS: readonly Tier[] = [1, 2, 3];

function words(value: unknown): string | undefined {
  return typeof value === 'string' ? value.trim() : undefined;
}

function departmentList(value: unknown): string[] | undefined {
  const items = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
  return items && [...new Set(items.map((d) => d.trim().toLowerCase()).filter(Boolean))];
}

/** A tier as typed: absent means 1, as the CLI's default. */
function tierOf(value: unknown): Tier | null {
  if (value === undefined) return 1;
  const text = typeof value === 'number' ? String(value) : words(value);
  if (!text || !/^\d+$/.test(text)) return null;
  const n = Number(text);
  return TIERS.find((t) => t === n) ?? null;
}

export function readAgentInput(fields: AgentFields, departments: readonly string[]): { agent: Agent; problems: [] } | { agent: null; problems: AgentProblem[] } {
  const problems: AgentProblem[] = [];
  const say = (field: AgentField, kind: AgentProblemKind) => problems.push({ field, kind });
  const text = (field: 'user' | 'name'): string => {
    const value = words(fields[field]);
    if (value === undefined) say(field, 'missing');
    else if (!value) say(field, 'blank');
    else if (value.length > NAME_MAX) say(field, 'too-long');
    return value ?? '';
  };

  const platform = AGENT_PLATFORMS.find((p) => p === fields.platform);
  if (!platform) say('platform', fields.platform === undefined ? 'missing' : 'not-allowed');
  const userId = text('user');
  const name = text('name');
  const chosen = departmentList(fields.departments);
  if (chosen === undefined) say('departments', 'missing');
  else if (chosen.length === 0) say('departments', 'blank');
  else if (!chosen.every((d) => departments.includes(d))) say('departments', 'unknown-department');
  const tier = tierOf(fields.tier);
  if (tier === null) say('tier', 'not-allowed');
  const role: Role | undefined = fields.role === undefined ? 'agent' : ROLES.find((r) => r === fields.role);
  if (!role) say('role', 'not-allowed');
  const given = words(fields.locale);
  const locale: Locale | undefined = given ? LOCALES.find((l) => l === given) : undefined;
  if (given && !locale) say('locale', 'not-allowed');

  if (problems.length > 0 || !platform || !chosen || tier === null || !role) return { agent: null, problems };
  const agent: Agent = { platform, userId, name, departments: chosen, tier, role };
  if (locale) agent.locale = locale;
  return { agent, problems: [] };
}

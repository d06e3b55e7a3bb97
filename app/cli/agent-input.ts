// `sportello agents add` options -> a validated Agent, and agents -> table rows.
import { z } from 'zod';
import { ROLES, type Agent } from '../../src/index.js';

export function parseAgentInput(opts: Record<string, unknown>, departments: readonly string[]): Agent {
  const schema = z.object({
    platform: z.enum(['web', 'slack', 'teams', 'discord'], { error: '--platform must be one of web, slack, teams, discord' }),
    user: z.string({ error: '--user is required' }).trim().min(1, '--user must not be empty').max(100),
    name: z.string({ error: '--name is required' }).trim().min(1, '--name must not be empty').max(100),
    departments: z
      .string({ error: '--departments is required (e.g. it,hr)' })
      .transform((s) => [...new Set(s.split(',').map((d) => d.trim().toLowerCase()).filter(Boolean))])
      .refine((list) => list.length > 0, '--departments must name at least one department')
      .refine((list) => list.every((d) => departments.includes(d)), `--departments must be among: ${departments.join(', ')}`),
    tier: z.coerce.number({ error: '--tier must be 1, 2 or 3' }).int().min(1, '--tier must be 1, 2 or 3').max(3, '--tier must be 1, 2 or 3').default(1),
    role: z.enum(ROLES, { error: `--role must be one of ${ROLES.join(', ')}` }).default('agent'),
    locale: z.enum(['it', 'en'], { error: '--locale must be it or en' }).optional(),
  });
  const r = schema.safeParse(opts);
  if (!r.success) throw new Error(r.error.issues[0]!.message);
  const agent: Agent = {
    platform: r.data.platform,
    userId: r.data.user,
    name: r.data.name,
    departments: r.data.departments,
    tier: r.data.tier as Agent['tier'],
    role: r.data.role,
  };
  if (r.data.locale) agent.locale = r.data.locale;
  return agent;
}

export function agentRows(agents: readonly Agent[]): string[] {
  if (agents.length === 0) return ['No agents yet. Add one: npx sportello agents add --platform web --user anna --name "Anna" --departments it --tier 1'];
  return agents.map((a) => `${a.platform}:${a.userId}\t${a.name}\t${a.departments.join(',')}\tL${a.tier}\t${a.role}`);
}

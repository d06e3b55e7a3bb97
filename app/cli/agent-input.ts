// `sportello agents add` options -> a validated Agent, and agents -> table rows.
// The rules are the core's (readAgentInput); this file words them as flags.
import { AGENT_PLATFORMS, NAME_MAX, readAgentInput, ROLES, type Agent, type AgentProblem } from '../../src/index.js';

function flagMessage({ field, kind }: AgentProblem, departments: readonly string[]): string {
  switch (field) {
    case 'platform':
      return `--platform must be one of ${AGENT_PLATFORMS.join(', ')}`;
    case 'user':
    case 'name':
      if (kind === 'missing') return `--${field} is required`;
      return kind === 'too-long' ? `--${field} must be at most ${NAME_MAX} characters` : `--${field} must not be empty`;
    case 'departments':
      if (kind === 'missing') return '--departments is required (e.g. it,hr)';
      return kind === 'blank' ? '--departments must name at least one department' : `--departments must be among: ${departments.join(', ')}`;
    case 'tier':
      return '--tier must be 1, 2 or 3';
    case 'role':
      return `--role must be one of ${ROLES.join(', ')}`;
    case 'locale':
      return '--locale must be it or en';
  }
}

export function parseAgentInput(opts: Record<string, unknown>, departments: readonly string[]): Agent {
  const { agent, problems } = readAgentInput(opts, departments);
  if (!agent) throw new Error(flagMessage(problems[0]!, departments));
  return agent;
}

export function agentRows(agents: readonly Agent[]): string[] {
  if (agents.length === 0) return ['No agents yet. Add one: npx sportello agents add --platform web --user anna --name "Anna" --departments it --tier 1'];
  return agents.map((a) => `${a.platform}:${a.userId}\t${a.name}\t${a.departments.join(',')}\tL${a.tier}\t${a.role}`);
}

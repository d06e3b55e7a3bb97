// `sportello agents add|list|remove`: who may work tickets, kept in the store.
import type { Command } from 'commander';
import { agentRows, parseAgentInput } from './agent-input.js';
import { withStore } from './with-store.js';

export function addAgentsCommands(cli: Command): void {
  const agents = cli.command('agents').description('manage help desk agents');
  agents
    .command('add')
    .description('add an agent, or update the one with the same platform and user id')
    .requiredOption('--platform <platform>', 'web | slack | teams | discord')
    .requiredOption('--user <id>', 'the user id on that platform (Teams: the AAD object id)')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--departments <list>', 'comma-separated, e.g. it,hr')
    .option('--tier <n>', 'support level 1, 2 or 3', '1')
    .option('--role <role>', 'agent | lead | admin', 'agent')
    .option('--locale <locale>', 'it | en')
    .action(async (opts: Record<string, unknown>) => {
      await withStore(async (store, config) => {
        const agent = parseAgentInput(opts, config.DEPARTMENTS.map((d) => d.id));
        await store.saveAgent(agent);
        console.log(`Saved agent ${agent.platform}:${agent.userId} (${agent.name}) — ${agent.departments.join(',')} L${agent.tier} ${agent.role}`);
      });
    });
  agents
    .command('list')
    .description('list agents')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await withStore(async (store) => {
        const list = await store.listAgents();
        console.log(opts.json ? JSON.stringify(list) : agentRows(list).join('\n'));
      });
    });
  agents
    .command('remove')
    .description('remove an agent')
    .requiredOption('--platform <platform>', 'web | slack | teams | discord')
    .requiredOption('--user <id>', 'the user id on that platform')
    .action(async (opts: { platform: string; user: string }) => {
      await withStore(async (store) => {
        const removed = await store.removeAgent(opts.platform, opts.user);
        if (!removed) throw new Error(`No agent ${opts.platform}:${opts.user}`);
        console.log(`Removed agent ${opts.platform}:${opts.user}`);
      });
    });
}

// `sportello`: the command line, and the process entry point (`npm start`, bin/sportello.js).
import { Command } from 'commander';
import { addAgentsCommands } from './cli/agents.js';
import { addConsoleCommands } from './cli/console.js';
import { addDiscordCommands } from './cli/discord.js';
import { addFaqCommands } from './cli/faq.js';
import { addOnCallCommands } from './cli/oncall.js';
import { addReportCommand } from './cli/report.js';
import { addPrivacyCommands } from './cli/privacy.js';
import { addServeCommand } from './cli/serve.js';
import { addSlaCommands } from './cli/sla.js';
import { addTicketsCommands } from './cli/tickets.js';
import { ConfigError } from './config.js';

function program(): Command {
  const cli = new Command('sportello').description('Sportello: the help desk that lives in chat').showHelpAfterError();
  addServeCommand(cli);
  addAgentsCommands(cli);
  addConsoleCommands(cli);
  addDiscordCommands(cli);
  addFaqCommands(cli);
  addSlaCommands(cli);
  addOnCallCommands(cli);
  addTicketsCommands(cli);
  addReportCommand(cli);
  addPrivacyCommands(cli);
  return cli;
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    await program().parseAsync(argv);
  } catch (err) {
    // Config and input errors are for people: one line, no stack.
    const message = err instanceof Error ? err.message : String(err);
    console.error(err instanceof ConfigError ? message : `sportello: ${message}`);
    process.exit(1);
  }
}

// bin/sportello.js imports this module and calls runCli itself; `node --import tsx app/main.ts` runs it here.
if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/app/main.ts')) {
  await runCli(process.argv);
}

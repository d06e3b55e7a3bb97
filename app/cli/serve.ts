// `sportello serve` (the default command): the bot until SIGINT or SIGTERM.
import type { Command } from 'commander';
import { pino } from 'pino';
import { serve } from '../serve.js';
import { readConfig } from './read-config.js';

export function addServeCommand(cli: Command): void {
  cli
    .command('serve', { isDefault: true })
    .description('run the bot: web chat, API, metrics, and every platform configured')
    .action(async () => {
      const config = readConfig();
      const logger = pino({ level: config.LOG_LEVEL });
      const server = await serve(config, logger);
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, () => {
          logger.info({ signal }, 'shutting down');
          void server.stop().then(() => process.exit(0));
        });
      }
    });
}

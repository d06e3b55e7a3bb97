// `sportello serve` (the default command): the bot until SIGINT or SIGTERM.
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { createLogger, wantsPrettyLogs } from '../logger.js';
import { readyBanner } from '../ready-banner.js';
import { serve, STOP_DEADLINE_MS } from '../serve.js';
import { readConfig } from './read-config.js';

export function addServeCommand(cli: Command): void {
  cli
    .command('serve', { isDefault: true })
    .description('run the bot: web chat, API, metrics, and every platform configured')
    .action(async () => {
      const config = readConfig();
      const logger = createLogger(config);
      const server = await serve(config, logger);
      if (process.stdout.isTTY && wantsPrettyLogs(config.LOG_FORMAT, true)) {
        const [faqs, agents] = await Promise.all([server.store.listFaqs(), server.store.listAgents()]);
        process.stdout.write(
          readyBanner({
            url: config.PUBLIC_URL?.replace(/\/$/, '') ?? server.address,
            store: { kind: server.store.kind, where: config.MONGODB_URI ?? resolve(config.DATA_DIR, 'sportello.db') },
            faqEntries: faqs.length,
            channels: server.channels,
            webAuth: config.WEB_AUTH,
            agents: agents.length,
          }),
        );
      }
      let stopping = false;
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.on(signal, () => {
          // A second signal is someone who does not want to wait.
          if (stopping) process.exit(0);
          stopping = true;
          logger.info({ signal, graceMs: config.SHUTDOWN_GRACE_MS }, 'shutting down: finishing requests under way');
          // The stop has its own deadlines; this one holds should a step still hang.
          setTimeout(() => {
            logger.warn('shutdown took too long: exiting now');
            process.exit(0);
          }, config.SHUTDOWN_GRACE_MS + STOP_DEADLINE_MS + 500).unref();
          server.stop().then(
            () => process.exit(0),
            (err: unknown) => {
              logger.error({ err }, 'shutdown failed');
              process.exit(0);
            },
          );
        });
      }
    });
}

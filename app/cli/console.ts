// `sportello console link`: a one-time console sign-in link printed at the
// server's own terminal, for an agent no platform can reach (the web chat under
// WEB_AUTH=none, where anyone could read anyone's messages) and for the first
// sign-in of a fresh install. Whoever runs it can already read the store.
import type { Command } from 'commander';
import { issueSignInLink, LINK_MINUTES } from '../../adapters/web-console/console-access.js';
import type { Config } from '../config.js';
import { withStore } from './with-store.js';

/** The address people reach the server at: PUBLIC_URL, or where it listens (a wildcard read as loopback). */
export function serverUrl(config: Pick<Config, 'PUBLIC_URL' | 'HOST' | 'PORT'>): string {
  if (config.PUBLIC_URL) return config.PUBLIC_URL.replace(/\/$/, '');
  const host = ['0.0.0.0', '::', ''].includes(config.HOST) ? '127.0.0.1' : config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
  return `http://${host}:${config.PORT}`;
}

export function addConsoleCommands(cli: Command): void {
  const group = cli.command('console').description('the agent console at /console');
  group
    .command('link')
    .description(`print a one-time sign-in link for an agent (one use, within ${LINK_MINUTES} minutes)`)
    .requiredOption('--platform <platform>', 'web | slack | teams | discord')
    .requiredOption('--user <id>', 'the user id on that platform')
    .action(async (opts: { platform: string; user: string }) => {
      await withStore(async (store, config) => {
        const agent = await store.getAgent(opts.platform, opts.user);
        if (!agent) throw new Error(`No agent ${opts.platform}:${opts.user}: add one first (npx sportello agents add --platform ${opts.platform} --user ${opts.user} …)`);
        const secret = await issueSignInLink(store, agent, Date.now());
        console.log(`${serverUrl(config)}/console/link?token=${secret}`);
      });
    });
}

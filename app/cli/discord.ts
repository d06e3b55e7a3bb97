// `sportello discord register-commands`: Discord only shows /ticket, /agent and "Create ticket" once they are registered.
import type { Command } from 'commander';
import { ConfigError } from '../config.js';
import { readConfig } from './read-config.js';

export function addDiscordCommands(cli: Command): void {
  const discord = cli.command('discord').description('Discord set-up');
  discord
    .command('register-commands')
    .description('register /ticket, /agent and the "Create ticket" message command with Discord, for DISCORD_GUILD_ID (instant) or globally (Discord takes up to an hour)')
    .option('--guild <id>', 'register for this server instead of DISCORD_GUILD_ID')
    .option('--global', 'register for every server and DMs, ignoring DISCORD_GUILD_ID')
    .action(async (opts: { guild?: string; global?: boolean }) => {
      const config = readConfig();
      if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) throw new ConfigError('Invalid configuration: DISCORD_TOKEN and DISCORD_APPLICATION_ID are required to register commands');
      const guildId = opts.global ? undefined : (opts.guild ?? config.DISCORD_GUILD_ID);
      if (opts.guild && !/^\d{15,21}$/.test(opts.guild)) throw new Error(`--guild must be a Discord server id (digits), got "${opts.guild}"`);
      // Loaded here so other commands never pay for discord.js.
      const { registerCommands } = await import('../../adapters/channels/discord/register-commands.js');
      const count = await registerCommands({
        token: config.DISCORD_TOKEN,
        applicationId: config.DISCORD_APPLICATION_ID,
        apiUrl: config.DISCORD_API_URL,
        guildId,
        departments: config.DEPARTMENTS.map((d) => d.id),
      });
      const dropped = config.DEPARTMENTS.slice(25).map((d) => d.id);
      if (dropped.length > 0) console.warn(`Discord takes 25 choices at most: /agent does not offer ${dropped.join(', ')} (type the department in the text instead).`);
      console.log(`Registered ${count} command(s) ${guildId ? `for server ${guildId}` : 'globally'}.`);
    });
}

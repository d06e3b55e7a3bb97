// `sportello discord register-commands`: puts /ticket, /agent and the message command
// "Create ticket" on Discord (bulk overwrite, so running it again is harmless, and an
// older /ticket with the agents' sub-commands is replaced).
import { REST, Routes } from 'discord.js';
import { applicationCommands } from './ticket-command.js';

export async function registerCommands(opts: { token: string; applicationId: string; apiUrl?: string | undefined; guildId?: string | undefined; departments: readonly string[] }): Promise<number> {
  const rest = new REST(opts.apiUrl ? { api: opts.apiUrl } : {}).setToken(opts.token);
  const route = opts.guildId ? Routes.applicationGuildCommands(opts.applicationId, opts.guildId) : Routes.applicationCommands(opts.applicationId);
  const saved = (await rest.put(route, { body: applicationCommands(opts.departments) })) as unknown[];
  return saved.length;
}

// discord.js sends through undici 6, whose requests go to the process-wide
// default dispatcher when none is given. @slack/bolt loads @slack/socket-mode,
// which installs undici 7's agent as that default; undici 7 cannot read undici
// 6's form data, so every Discord message with a file failed once Slack was
// configured too. Discord's REST gets an agent of its own undici instead.
import { createRequire } from 'node:module';

interface DispatcherLike {
  close(): Promise<void>;
}

export function discordRestAgent(): DispatcherLike {
  const fromRest = createRequire(createRequire(import.meta.url).resolve('@discordjs/rest'));
  const { Agent } = fromRest('undici') as { Agent: new () => DispatcherLike };
  return new Agent();
}

// What a person who just typed `npm start` at a terminal needs to read once:
// where the desk is, what it runs on, and the next step. Logs say the same for
// machines; this is for people, so it is printed only to a terminal.

export interface ReadyFacts {
  url: string;
  store: { kind: 'sqlite' | 'mongo'; where: string };
  faqEntries: number;
  channels: readonly string[];
  webAuth: string;
  agents: number;
}

const CHANNEL_NAMES: Readonly<Record<string, string>> = { web: 'web chat', slack: 'Slack', teams: 'Microsoft Teams', discord: 'Discord' };

/** A MongoDB URL without its user and password, for printing. */
export function withoutCredentials(uri: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/)[^@/]*@/, '$1');
}

export function readyBanner(f: ReadyFacts): string {
  const store = f.store.kind === 'sqlite' ? `SQLite, ${f.store.where}` : `MongoDB, ${withoutCredentials(f.store.where)}`;
  const channels = f.channels.map((c) => (Object.hasOwn(CHANNEL_NAMES, c) ? CHANNEL_NAMES[c] : c)).join(', ');
  const kb = f.faqEntries === 0 ? 'empty: questions become tickets until you run `npx sportello faq import <file>`' : `${f.faqEntries} FAQ entries`;
  const lines = [
    '',
    '  Sportello is ready',
    '',
    `  Web chat        ${f.url}/`,
    `  Agent console   ${f.url}/console`,
    `  Sign-in         WEB_AUTH=${f.webAuth}`,
    `  Store           ${store}`,
    `  Knowledge base  ${kb}`,
    `  Channels        ${channels}`,
    '',
    f.agents === 0
      ? '  No agents yet. Add the first (a lead, who can then add the others in the console):\n' +
        '    npx sportello agents add --platform web --user <your-id> --name "<Your Name>" --departments it --role lead\n' +
        '  then open the console with a one-time link:\n' +
        '    npx sportello console link --platform web --user <your-id>'
      : `  Agents          ${f.agents} registered (npx sportello agents list; a console link: npx sportello console link --platform … --user …)`,
    '',
    '  Stop with Ctrl+C.',
    '',
  ];
  return lines.join('\n') + '\n';
}

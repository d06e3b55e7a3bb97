// The fake Slack Web API as its own process, so the bench's load generator
// does not share an event loop with it. Prints "listening <port> <replies url>".
import { createServer } from 'node:http';
import { startFakeSlack } from '../test/support/fake-slack.js';

const fake = await startFakeSlack({ U0BENCH: { name: 'Bench', locale: 'en-US' } });
// A tiny side door: how many DM replies the bot has sent so far.
const status = createServer((_req, res) => {
  res.end(String(fake.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'D0BENCH').length));
});
status.listen(0, '127.0.0.1', () => {
  console.log(`listening ${new URL(fake.apiUrl).port} http://127.0.0.1:${(status.address() as { port: number }).port}/`);
});

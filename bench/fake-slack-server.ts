// The fake Slack Web API as its own process, so the bench's load generator
// does not share an event loop with it. Prints "listening <port> <replies url>".
import { createServer } from 'node:http';
import { startFakeSlack } from '../test/support/fake-slack.js';

const fake = await startFakeSlack({ U0BENCH: { name: 'Bench', locale: 'en-US' } });
// A tiny side door: how many DM replies, triage cards and home tabs the bot has
// sent so far (the bench waits for all of a burst's work before the next one).
const count = (pred: (c: (typeof fake.calls)[number]) => boolean) => fake.calls.filter(pred).length;
const status = createServer((_req, res) => {
  const replies = count((c) => c.method === 'chat.postMessage' && c.args.channel === 'D0BENCH');
  const cards = count((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0BENCH01' && !c.args.thread_ts);
  const homes = count((c) => c.method === 'views.publish');
  res.end(String(Math.min(replies, cards, homes)));
});
status.listen(0, '127.0.0.1', () => {
  console.log(`listening ${new URL(fake.apiUrl).port} http://127.0.0.1:${(status.address() as { port: number }).port}/`);
});

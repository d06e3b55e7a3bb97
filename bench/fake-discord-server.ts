// The fake Discord as its own process for the bench. Prints
// "listening <port> <burst url>"; POST <burst url>?n=50 dispatches n /ticket
// commands at once, waits until each got its answer edited in, and returns the
// milliseconds from each INTERACTION_CREATE sent to its initial callback received.
import { createServer } from 'node:http';
import { slashCommand } from '../test/support/discord-events.js';
import { APP, startFakeDiscord } from '../test/support/fake-discord.js';

const fake = await startFakeDiscord();
const member = { id: '100000000000000003', name: 'Bench', locale: 'en-US' };
let burst = 0;

const door = createServer(async (req, res) => {
  const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('n') ?? 50);
  burst++;
  const sent = Array.from({ length: n }, (_, i) => slashCommand(member, 'new', { text: `docking ${burst}-${i} non carica` }));
  for (const d of sent) fake.dispatch('INTERACTION_CREATE', d);
  const until = Date.now() + 30_000;
  const latencies: number[] = [];
  for (const d of sent) {
    const callback = await fake.waitFor((c) => c.path.startsWith(`/interactions/${d.id}/`), 'a callback', Math.max(0, until - Date.now()));
    latencies.push(callback.at - fake.dispatchedAt.get(d.id)!);
    await fake.waitFor((c) => c.method === 'PATCH' && c.path === `/webhooks/${APP}/${d.token}/messages/@original`, 'an answer', Math.max(0, until - Date.now()));
  }
  res.end(JSON.stringify(latencies));
});
door.listen(0, '127.0.0.1', () => {
  console.log(`listening ${new URL(fake.apiUrl).port} http://127.0.0.1:${(door.address() as { port: number }).port}/`);
});

// The fake Bot Framework connector as its own process, so the bench's load
// generator does not share an event loop with it. Prints
// "listening <port> <replies url>"; the replies url counts sends per conversation.
import { createServer } from 'node:http';
import { startFakeConnector } from '../test/support/fake-teams.js';

const fake = await startFakeConnector();
const status = createServer((req, res) => {
  const conversation = new URL(req.url ?? '/', 'http://x').searchParams.get('conversation');
  res.end(String(fake.calls.filter((c) => c.method === 'POST' && c.conversationId === conversation).length));
});
status.listen(0, '127.0.0.1', () => {
  console.log(`listening ${new URL(fake.serviceUrl).port} http://127.0.0.1:${(status.address() as { port: number }).port}/`);
});

// The fake Slack Web API as its own process for the files bench: a side door
// says how many files Slack has been told are complete (files.completeUploadExternal
// answered ok), so the bench can time an upload's arrival on Slack's side.
import { createServer } from 'node:http';
import { startFakeSlack } from '../test/support/fake-slack.js';

const fake = await startFakeSlack({ U0BENCH: { name: 'Bench', locale: 'en-US' } });
const status = createServer((_req, res) => {
  const completed = fake.calls.filter((c) => c.method === 'files.completeUploadExternal').length;
  res.end(String(completed));
});
status.listen(0, '127.0.0.1', () => {
  console.log(`listening ${new URL(fake.apiUrl).port} http://127.0.0.1:${(status.address() as { port: number }).port}/`);
});

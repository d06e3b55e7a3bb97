// Slack while the store is away: every event is acked at once (Slack retries
// what is not acked within 3 s), the person is told their message is kept, a
// retry of the same event is kept once, and once the store is back the real
// answer reaches them, once.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackServerEnv, startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { sqliteStoreEnv, type StoreEnv } from '../support/server-stores.js';
import { startServer, type RunningServer } from '../support/server.js';
import { messageEvent, postToSlackEndpoint } from '../support/slack-requests.js';
import { until } from '../support/until.js';

const TRIAGE = 'C0TRIAGE01';
const MARIO = 'U0FAKEUSER1';

describe('Slack while the SQLite store is held by another process', () => {
  let fake: FakeSlack;
  let server: RunningServer;
  let storage: StoreEnv;
  beforeAll(async () => {
    fake = await startFakeSlack({ [MARIO]: { name: 'Mario', locale: 'it-IT' } });
    storage = await sqliteStoreEnv();
    server = await startServer({ ...storage.env, ...slackServerEnv(fake, TRIAGE) });
  });
  afterAll(async () => {
    await server?.stop();
    await fake?.close();
    await storage?.cleanup();
  });

  it('acks at once, says the message is kept, keeps a retry once, and answers for real when the store is back', async () => {
    const holder = new Database(join(server.dataDir, 'sportello.db'));
    holder.exec('BEGIN EXCLUSIVE');
    try {
      await until('readiness to say the store is away', async () => (await fetch(`${server.base}/healthz/ready`)).status === 503, 10_000);
      const event = messageEvent({ user: MARIO, text: "ticket new il plotter dell'ufficio tecnico stampa a righe", channel: `D${MARIO}`, channelType: 'im', eventId: 'EvAway01' });
      const started = Date.now();
      const ack = await postToSlackEndpoint(server.base, event, 'application/json');
      expect(ack.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(3_000);
      const kept = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.args.channel === `D${MARIO}`, 'the kept notice');
      expect(kept.args.text).toContain('il tuo messaggio è conservato');
      // Slack sends the same event again (its ack came late for Slack): still one kept message.
      expect((await postToSlackEndpoint(server.base, event, 'application/json')).status).toBe(200);
      expect((await fetch(`${server.base}/healthz/ready`).then((r) => r.json())).kept).toBe(1);
      expect(fake.calls.filter((c) => c.method === 'chat.postMessage' && String(c.args.text).includes('conservato'))).toHaveLength(1);
    } finally {
      holder.exec('COMMIT');
      holder.close();
    }
    const opened = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.args.channel === `D${MARIO}` && String(c.args.text).includes('Ho aperto il ticket'), 'the real answer', 15_000);
    expect(opened.args.text).toMatch(/Ho aperto il ticket IT-1 /);
    await fake.waitFor((c) => c.method === 'chat.postMessage' && c.args.channel === TRIAGE, 'the triage card');
    await until('the spool to be empty', async () => (await fetch(`${server.base}/healthz/ready`).then((r) => r.json())).kept === 0, 10_000);
    const store = await storage.open(server.dataDir);
    try {
      expect((await store.byRequester('slack', MARIO, { limit: 10 })).map((t) => t.title)).toEqual(["il plotter dell'ufficio tecnico stampa a righe"]);
    } finally {
      await store.close();
    }
    expect(fake.calls.filter((c) => c.method === 'chat.postMessage' && String(c.args.text).includes('Ho aperto il ticket IT-1'))).toHaveLength(1);
  });
});

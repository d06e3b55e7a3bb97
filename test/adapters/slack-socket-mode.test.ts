// Socket Mode: no public URL; the app dials out to Slack over a WebSocket.
// The fake answers apps.connections.open with its own ws:// URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { startServer, type RunningServer } from '../support/server.js';

describe('Slack in Socket Mode', () => {
  let fake: FakeSlack;
  let server: RunningServer;
  beforeAll(async () => {
    fake = await startFakeSlack({ U0FAKEUSER1: { name: 'Mario', locale: 'it-IT' } });
    server = await startServer({
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_APP_TOKEN: 'xapp-test-token',
      SLACK_API_URL: fake.apiUrl,
      SLACK_BOT_ID: 'B0FAKEBOT1',
      SLACK_BOT_USER_ID: 'U0FAKEBOT1',
    });
    await fake.socket.connected();
  });
  afterAll(async () => {
    await server?.stop();
    await fake?.close();
  });

  it('connects at start-up, acks each envelope, and answers a DM', async () => {
    expect(fake.calls.some((c) => c.method === 'apps.connections.open')).toBe(true);
    fake.socket.send({
      envelope_id: 'env-0001',
      type: 'events_api',
      accepts_response_payload: false,
      payload: {
        type: 'event_callback',
        event_id: 'EvSocket1',
        team_id: 'T0FAKETEAM',
        event: { type: 'message', channel: 'DMARIO', channel_type: 'im', user: 'U0FAKEUSER1', text: 'ticket new --no-faq la docking station non carica', ts: '1800000000.000100' },
      },
    });
    const reply = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.args.channel === 'DMARIO', 'the DM reply');
    expect(String(reply.args.text)).toMatch(/Ho aperto il ticket IT-\d+/);
    expect(fake.socket.acks.map((a) => a.envelope_id)).toContain('env-0001');
  });
});

// SIGTERM as a deploy sends it: requests under way still get their answers, and
// the process is gone within the grace period plus a few seconds whatever a
// platform does (here Slack, configured but answering nothing at all).
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startBot, type BotProcess } from '../support/bot-process.js';
import { startFakeSlack } from '../support/fake-slack.js';
import { messageEvent, postToSlackEndpoint } from '../support/slack-requests.js';
import { slackServerEnv } from '../support/fake-slack.js';
import { post } from '../support/server.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function place(extra: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-stop-'));
  dirs.push(dir);
  const port = await freePort();
  return { port, base: `http://127.0.0.1:${port}`, env: { PORT: String(port), DATA_DIR: dir, LOG_LEVEL: 'info', ...extra } };
}

function exit(bot: BotProcess): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => bot.child.once('exit', (code) => resolve({ code, ms: Date.now() - started })));
}

/** A POST whose body is only half sent: a request under way until `finish()`. */
function halfSent(port: number, body: string, keepAlive = false) {
  const socket: Socket = connect(port, '127.0.0.1');
  let answer = '';
  socket.on('data', (d) => (answer += d.toString()));
  const closed = new Promise<string>((resolve) => {
    socket.on('close', () => resolve(answer));
    socket.on('error', () => resolve(answer || 'ECONNRESET'));
  });
  const cut = Math.floor(body.length / 2);
  socket.write(
    `POST /web/api/messages HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: ${keepAlive ? 'keep-alive' : 'close'}\r\n\r\n${body.slice(0, cut)}`,
  );
  return { finish: () => socket.write(body.slice(cut)), answer: closed };
}

describe('stopping the bot', () => {
  it('lets 50 requests under way finish after SIGTERM and refuses new connections', async () => {
    const p = await place({ SHUTDOWN_GRACE_MS: '8000' });
    const bot = await startBot(p.env);
    // Half of them on keep-alive sockets, which must not hold the stop until the grace runs out.
    const pending = Array.from({ length: 50 }, (_, i) => halfSent(p.port, JSON.stringify({ user: { id: `u${i}`, name: `User ${i}` }, text: `ticket new --no-faq the printer on floor ${i} is jammed` }), i % 2 === 0));
    // Every request's headers have reached the server before the signal.
    await new Promise((r) => setTimeout(r, 300));
    const exited = exit(bot);
    bot.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    await expect(fetch(`${p.base}/healthz`)).rejects.toThrow();
    pending.forEach((r) => r.finish());
    const answers = await Promise.all(pending.map((r) => r.answer));
    expect(answers.filter((a) => a.startsWith('HTTP/1.1 200'))).toHaveLength(50);
    expect(answers.every((a) => /"code":"IT-\d+"/.test(a))).toBe(true);
    const { code, ms } = await exited;
    expect(code).toBe(0);
    expect(ms).toBeLessThan(5000);
    expect(bot.output()).not.toContain('requests still under way after the grace period');

    // Nothing answered was lost: all 50 tickets are there after a restart.
    const again = await startBot(p.env);
    const list = await post(p.base, '/web/api/messages', { user: { id: 'u7', name: 'User 7' }, text: 'ticket list' });
    expect(JSON.stringify(list.body)).toContain('IT-');
    again.child.kill('SIGKILL');
  }, 60_000);

  it('exits 0 within the grace period plus 5 s while Slack answers nothing', async () => {
    const slack = await startFakeSlack({ U0MARIO: { name: 'Mario', locale: 'it-IT' } });
    slack.hold('');
    try {
      const p = await place({ ...slackServerEnv(slack, 'C0TRIAGE'), SHUTDOWN_GRACE_MS: '2000' });
      const bot = await startBot(p.env);
      // A DM to the bot: acked, then the adapter asks users.info, which never answers.
      const acked = await postToSlackEndpoint(p.base, messageEvent({ user: 'U0MARIO', text: 'il VPN non funziona', channel: 'D0MARIO', channelType: 'im' }), 'application/json');
      expect(acked.status).toBe(200);
      // A web ticket whose triage card cannot reach Slack either.
      expect((await post(p.base, '/web/api/messages', { user: { id: 'mario', name: 'Mario' }, text: 'ticket new --no-faq stampante rotta' })).status).toBe(200);
      await expect.poll(() => slack.held().length, { timeout: 5000 }).toBeGreaterThan(0);
      const exited = exit(bot);
      bot.child.kill('SIGTERM');
      const { code, ms } = await exited;
      expect(code).toBe(0);
      expect(ms).toBeLessThan(2000 + 5000);
    } finally {
      slack.hold('').release();
      await slack.close();
    }
  }, 60_000);
});

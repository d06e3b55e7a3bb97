// A screenshot from the web chat to the agents on Slack: a 5 MB image POSTed to
// /web/api/uploads (checked, stripped, kept), the new ticket's card posted to
// the triage channel and the image uploaded under it through Slack's external
// upload. Timed from the start of the POST to the moment the Slack stand-in (its
// own process) has completed the upload. One upload at a time, each image new.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bigPngBytes } from '../test/support/sample-files.js';
import { SIGNING_SECRET } from '../test/support/slack-requests.js';
import { percentile, round } from './load.js';
import { BOT_ENTRY, BOT_READY, NO_LIMITS, rssMb, spawnServer, stop } from './processes.js';

const IMAGE_BYTES = 5 * 1024 * 1024;

async function waitFor(door: string, count: number, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Number(await (await fetch(door)).text()) < count) {
    if (Date.now() > until) throw new Error(`Slack saw ${count} uploads completed only after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

export async function filesRelayBench(log: (line: string) => void, rounds = 100, warmup = 5) {
  const fake = await spawnServer(['bench/fake-slack-files-server.ts'], {}, /listening (\d+)/);
  const door = /listening \d+ (\S+)/.exec(fake.banner)![1]!;
  const dir = mkdtempSync(join(tmpdir(), 'sportello-bench-files-'));
  const env = {
    PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'info', MONGODB_URI: '', ...NO_LIMITS,
    SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `http://127.0.0.1:${fake.port}/api/`,
    SLACK_TRIAGE_CHANNEL: 'C0BENCH01', SLACK_BOT_ID: 'B0BENCH', SLACK_BOT_USER_ID: 'U0BENCHBOT', TICKET_INTAKE: 'direct',
  };
  try {
    const bot = await spawnServer([BOT_ENTRY], env, BOT_READY);
    try {
      const upload = `http://127.0.0.1:${bot.port}/web/api/uploads`;
      const images = Array.from({ length: rounds + warmup }, (_, i) => bigPngBytes(IMAGE_BYTES, 1000 + i));
      const relay: number[] = [];
      const answered: number[] = [];
      for (let i = 0; i < images.length; i++) {
        const form = new FormData();
        form.append('user', JSON.stringify({ id: `bench-files-${i}`, name: `Bench ${i}`, locale: 'en' }));
        form.append('text', 'the printer shows this error');
        form.append('files', new Blob([new Uint8Array(images[i]!)], { type: 'image/png' }), `screenshot-${i}.png`);
        const start = performance.now();
        const res = await fetch(upload, { method: 'POST', body: form });
        const body = (await res.json()) as { sent?: { files?: unknown[] } };
        if (res.status !== 200 || body.sent?.files?.length !== 1) throw new Error(`upload ${i} answered ${res.status}: ${JSON.stringify(body).slice(0, 200)}`);
        const answeredAt = performance.now();
        await waitFor(door, i + 1);
        const relayedAt = performance.now();
        if (i >= warmup) {
          answered.push(answeredAt - start);
          relay.push(relayedAt - start);
        }
      }
      relay.sort((a, b) => a - b);
      answered.sort((a, b) => a - b);
      const summary = (xs: number[]) => ({ p50Ms: round(percentile(xs, 50)), p99Ms: round(percentile(xs, 99)), maxMs: round(xs.at(-1)!) });
      log(`files: ${rounds} uploads of ${images[0]!.length} bytes relayed to Slack`);
      return { imageBytes: images[0]!.length, uploads: rounds, uploadAnswered: summary(answered), uploadToSlackUploadComplete: summary(relay), botRssMb: rssMb(bot.child.pid!) };
    } finally {
      await stop(bot.child);
    }
  } finally {
    await stop(fake.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

// Two bot processes on one FerretDB, Slack as a stand-in this process runs: the
// one delivering a batch of triage cards is killed with -9 while Slack holds its
// calls; the other takes the killed one's tickets over once their leases run
// out, and every card reaches Slack exactly once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, killBot, startBot, stopBot, type BotProcess } from '../support/bot-process.js';
import { slackServerEnv, startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { mongoStoreEnv, type StoreEnv } from '../support/server-stores.js';
import { post } from '../support/server.js';

requireMongoInCi();

const TRIAGE = 'C0TRIAGE01';
const LEASE_SECONDS = 2;

const t0 = Date.now();
const step = (what: string) => process.env.DEBUG_FAILOVER && console.log(`${Date.now() - t0} ms: ${what}`);
const cards = (fake: FakeSlack) => fake.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === TRIAGE && !c.args.thread_ts);
const cardsFor = (fake: FakeSlack, code: string) => cards(fake).filter((c) => new RegExp(`\\b${code}\\b`).test(String(c.args.text)));

describe.runIf(mongoUri)('kill -9 of the instance delivering, two instances on FerretDB', () => {
  const bots: BotProcess[] = [];
  const dirs: string[] = [];
  let fake: FakeSlack | null = null;
  let storage: StoreEnv | null = null;
  afterEach(async () => {
    for (const b of bots.splice(0)) if (b.child.exitCode === null && b.child.signalCode === null) await stopBot(b);
    await fake?.close();
    await storage?.cleanup();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  async function instance(id: string) {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), `sportello-failover-${id}-`));
    dirs.push(dataDir);
    const env = {
      ...storage!.env,
      ...slackServerEnv(fake!, TRIAGE),
      PORT: String(port),
      DATA_DIR: dataDir,
      INSTANCE_ID: id,
      LEASE_SECONDS: String(LEASE_SECONDS),
      OUTBOX_CONTENDED_POLL_MS: '200',
      LOG_LEVEL: 'info',
    };
    const bot = await startBot(env);
    bots.push(bot);
    return { bot, base: `http://127.0.0.1:${port}` };
  }

  const open = async (base: string, n: number) => {
    const res = await post(base, '/web/api/messages', { user: { id: `user${n}`, name: `User ${n}`, locale: 'en' }, text: `ticket new --no-faq --dept it the dock number ${n} resets my monitors` });
    expect(res.status).toBe(200);
    return res.body.replies[0].ticket.code as string;
  };

  it('the other instance delivers the killed one’s cards, and carries on with its own; none twice', async () => {
    fake = await startFakeSlack({});
    storage = await mongoStoreEnv();
    const a = await instance('a');
    step('started a');
    const b = await instance('b');
    step('started b');

    // Both at work: tickets opened on either, their cards delivered once.
    const warm = await Promise.all(Array.from({ length: 6 }, (_, n) => open(n % 2 ? b.base : a.base, n)));
    await expect.poll(() => warm.every((code) => cardsFor(fake!, code).length === 1), { timeout: 20_000, interval: 50 }).toBe(true);

    // Slack stops answering; A opens a batch, its cards hang in flight under A's leases, and A dies there.
    step('warm delivered');
    const hang = fake.hold('chat.postMessage');
    const onA = await Promise.all(Array.from({ length: 8 }, (_, n) => open(a.base, 100 + n)));
    await expect.poll(() => fake!.held().filter((c) => c.args.channel === TRIAGE).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await killBot(a.bot);
    step('killed');
    const killedAt = Date.now();
    // Slack sees A's connections close (what A was sending never reached it) before it answers again.
    await expect.poll(() => fake!.held().length, { timeout: 5000, interval: 20 }).toBe(0);
    hang.release();

    // Under load on B meanwhile: its own tickets go out as before.
    const onB = await Promise.all(Array.from({ length: 6 }, (_, n) => open(b.base, 200 + n)));
    await expect.poll(() => onB.every((code) => cardsFor(fake!, code).length >= 1), { timeout: 20_000, interval: 50 }).toBe(true);

    step('B delivered');
    // A's tickets: taken over by B within two lease periods of the poll that finds them.
    await expect.poll(() => onA.every((code) => cardsFor(fake!, code).length >= 1), { timeout: 30_000, interval: 50 }).toBe(true);
    const failoverMs = Date.now() - killedAt;
    console.log(JSON.stringify({ failoverMs, leaseSeconds: LEASE_SECONDS, takenOver: onA.length }));
    // Default poll 5 s to find them, then at most two periods for A's leases to run out, plus delivery.
    expect(failoverMs).toBeLessThan(5000 + 2 * LEASE_SECONDS * 1000 + 5000);

    await new Promise((r) => setTimeout(r, 1500));
    for (const code of [...warm, ...onA, ...onB]) expect(cardsFor(fake, code), code).toHaveLength(1);
  }, 120_000);
});

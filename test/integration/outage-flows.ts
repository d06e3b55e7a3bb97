// When Slack is down: the web chat keeps answering at its normal pace while
// Slack's Web API hangs, and a change committed but not yet delivered when the
// bot is killed goes out after the restart, once. Run once per store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/index.js';
import { freePort, killBot, startBot, stopBot, type BotProcess } from '../support/bot-process.js';
import { slackServerEnv, startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import type { StoreEnv } from '../support/server-stores.js';
import { collectStream, post, startServer, type RunningServer } from '../support/server.js';

const TRIAGE = 'C0TRIAGE01';
const GIULIA = { id: 'giulia', name: 'Giulia', locale: 'en' };
const HANG_MS = 10_000;

const slackEnv = (fake: FakeSlack) => slackServerEnv(fake, TRIAGE);

/** Triage cards Slack received for a ticket. */
const cardsFor = (fake: FakeSlack, code: string) =>
  fake.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === TRIAGE && !c.args.thread_ts && new RegExp(`\\b${code}\\b`).test(String(c.args.text)));
const cardWaiting = (fake: FakeSlack, calls: { method: string; args: Record<string, unknown> }[]) =>
  calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === TRIAGE);

export function runOutageFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe(`while Slack is down, on ${name}`, () => {
    // Each part has its own Slack and its own data: both start at ticket IT-1.
    let fake: FakeSlack;
    let storage: StoreEnv;
    beforeEach(async () => {
      fake = await startFakeSlack({});
      storage = await storeEnv();
    });
    afterEach(async () => {
      await fake?.close();
      await storage?.cleanup();
    });

    describe('a Slack Web API that hangs', () => {
      let server: RunningServer;
      let store: Store;
      beforeEach(async () => {
        server = await startServer({ ...storage.env, ...slackEnv(fake) });
        store = await storage.open(server.dataDir);
        await store.saveAgent({ platform: 'web', userId: 'wendy', name: 'Wendy', departments: ['it'], tier: 1, role: 'agent' });
      });
      afterEach(async () => {
        await store?.close();
        await server?.stop();
      });

      it('does not slow the web chat down, and the triage card follows once Slack is back', async () => {
        const wendy = await collectStream(server.base, 'wendy');
        const giulia = await collectStream(server.base, GIULIA.id);
        const hang = fake.hold('chat.');
        const back = setTimeout(hang.release, HANG_MS);
        try {
          const started = performance.now();
          const opened = await post(server.base, '/web/api/messages', { user: GIULIA, text: 'ticket new --no-faq --dept it the docking station resets my monitors' });
          const took = performance.now() - started;
          expect(opened.status).toBe(200);
          const code = opened.body.replies[0].ticket.code as string;
          // Its normal time, well inside the hang: nobody waits on Slack.
          expect(took).toBeLessThan(2000);

          // The web agents hear of it while the card still waits on Slack, and the ticket's
          // next change reaches the web requester too: the web does not queue behind Slack.
          await expect.poll(() => wendy.items.some((i) => i.ticket?.code === code)).toBe(true);
          await post(server.base, '/web/api/actions', { user: { id: 'wendy', name: 'Wendy' }, actionId: `claim:${code}` });
          await expect.poll(() => giulia.items.some((i) => String(i.text).includes(`Wendy is working on your ticket ${code}`))).toBe(true);
          expect(cardWaiting(fake, fake.held())).toHaveLength(1);
          expect(cardsFor(fake, code)).toEqual([]);

          // Slack answers again: the card arrives, once, and then shows the claim.
          await expect.poll(() => cardsFor(fake, code).length, { timeout: HANG_MS + 5000, interval: 50 }).toBe(1);
          const ts = cardsFor(fake, code)[0]!.result.ts;
          await expect.poll(() => fake.calls.some((c) => c.method === 'chat.update' && c.args.ts === ts && String(c.args.text).includes('in progress'))).toBe(true);
          await expect.poll(async () => (await store.pendingChanges(10)).length, { timeout: 5000 }).toBe(0);
          expect(cardsFor(fake, code)).toHaveLength(1);
        } finally {
          clearTimeout(back);
          hang.release();
          wendy.close();
          giulia.close();
        }
      }, HANG_MS + 20_000);
    });

    describe('a crash with a delivery under way', () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'sportello-crash-'));
      let bot: BotProcess | null = null;
      afterEach(async () => {
        if (bot) await stopBot(bot);
      });
      afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

      it('delivers what was committed before the kill after the restart, exactly once', async () => {
        const port = await freePort();
        const env = { ...storage.env, ...slackEnv(fake), PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info' };
        const base = `http://127.0.0.1:${port}`;
        bot = await startBot(env);
        const hang = fake.hold('chat.');
        try {
          const opened = await post(base, '/web/api/messages', { user: GIULIA, text: 'ticket new --no-faq --dept it the laptop fan never stops' });
          const code = opened.body.replies[0].ticket.code as string;
          // The card is on its way to Slack, and Slack is not answering: the process dies there.
          await expect.poll(() => cardWaiting(fake, fake.held()).length).toBe(1);
          await killBot(bot);
          bot = null;

          const store = await storage.open(dataDir);
          try {
            // Committed with the ticket, not delivered: it waits in the outbox.
            expect((await store.pendingChanges(10)).map((p) => p.record.id)).toEqual([`${code}#1`]);

            bot = await startBot(env);
            // The new process picks it up at start; Slack is still hanging.
            await expect.poll(() => cardWaiting(fake, fake.held()).length, { timeout: 10_000 }).toBe(1);
            hang.release();

            await expect.poll(() => cardsFor(fake, code).length, { timeout: 10_000 }).toBe(1);
            await expect.poll(async () => (await store.pendingChanges(10)).length, { timeout: 10_000 }).toBe(0);
            await stopBot(bot);
            bot = null;
            expect(cardsFor(fake, code)).toHaveLength(1);
            // What the killed process had sent never reached Slack (its connection died with it).
            expect(cardWaiting(fake, fake.dropped)).toHaveLength(1);
            expect(await store.deliveryFailures(10)).toEqual([]);
          } finally {
            await store.close();
          }
        } finally {
          hang.release();
        }
      }, 60_000);
    });
  });
}

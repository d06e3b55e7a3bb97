// The bot killed (SIGKILL) again and again while it works through a mailbox, on
// a real Dovecot, each store and an SMTP sink: once it has read
// everything, every mail is one ticket and has had one answer (an answer the
// kill caught between the SMTP server and our note of it goes again, as the
// same message).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, killBot, startBot, stopBot, type BotProcess } from '../support/bot-process.js';
import { buildMail, freshMailbox, startSmtpSink, type FreshMailbox, type SmtpSink } from '../support/mail-server.js';
import type { StoreEnv } from '../support/server-stores.js';

const DESK = 'helpdesk@acme.it';
const MAILS = 40;

export function runEmailKillFlow(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe(`the e-mail channel killed mid-mailbox, on ${name}`, () => {
    let storage: StoreEnv;
    let sink: SmtpSink;
    let mailbox: FreshMailbox;
    let dataDir: string;
    let bot: BotProcess | null = null;
    beforeAll(async () => {
      storage = await storeEnv();
      sink = await startSmtpSink();
      mailbox = freshMailbox();
      dataDir = mkdtempSync(join(tmpdir(), 'sportello-mail-kill-'));
    });
    afterAll(async () => {
      if (bot) await stopBot(bot);
      await mailbox?.close();
      await sink?.close();
      await storage?.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('opens one ticket and sends one answer per mail, however often it is killed', async () => {
      const people = Array.from({ length: MAILS }, (_, i) => `person${i}@acme.it`);
      const ids = people.map((who, i) => `kill.${i}.${Date.now()}@mail.acme.it`);
      for (const [i, who] of people.entries()) {
        await mailbox.deliver(await buildMail({ from: who, to: DESK, subject: `Cassettiera ${i}`, text: `La cassettiera della postazione ${i} non si chiude più a chiave.`, messageId: ids[i] }));
      }
      const port = await freePort();
      const env = {
        ...storage.env,
        DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'info',
        EMAIL_IMAP_URL: mailbox.url, EMAIL_SMTP_URL: sink.url, EMAIL_FROM: `Help desk <${DESK}>`, EMAIL_POLL_SECONDS: '1', EMAIL_AUTO_REPLIES_PER_HOUR: '100',
      };
      // Killed each time a few more answers are out: somewhere inside the handling of a mail, wherever that falls.
      for (const after of [3, 9, 16, 24, 31]) {
        bot = await startBot(env);
        await expect.poll(() => sink.mails.length, { timeout: 30_000, interval: 5 }).toBeGreaterThanOrEqual(after);
        await killBot(bot);
        bot = null;
      }
      bot = await startBot(env);
      const answered = () => ids.filter((id) => sink.mails.some((m) => m.inReplyTo === `<${id}>`)).length;
      await expect.poll(answered, { timeout: 60_000 }).toBe(MAILS);
      await stopBot(bot);
      bot = null;
      // One answer each. A kill after the SMTP server took an answer but before the desk noted it sent sends it again
      // at the next start, under the same Message-ID: one message to the person's mail client, never a second text.
      const answersPer = Object.fromEntries(ids.map((id, i) => [people[i], new Set(sink.mails.filter((m) => m.inReplyTo === `<${id}>`).map((m) => m.messageId)).size]));
      expect(answersPer).toEqual(Object.fromEntries(people.map((p) => [p, 1])));
      const store = await storage.open(dataDir);
      try {
        const ticketsPer = Object.fromEntries(await Promise.all(people.map(async (who) => [who, (await store.byRequester('email', who, { limit: 5 })).length] as const)));
        expect(ticketsPer).toEqual(Object.fromEntries(people.map((p) => [p, 1])));
      } finally {
        await store.close();
      }
    }, 240_000);
  });
}

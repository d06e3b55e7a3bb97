// What a mail is owed across stops, with a real store and SMTP sink: a mail the
// desk keeps failing on is read again a few times, then answered with the
// desk's error (the count lives in the store, so restarts do not start it
// again); an answer not yet sent when the desk stopped is sent at the next read.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEmailAdapter, type EmailAdapter } from '../../adapters/channels/email/create-email-adapter.js';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import type { InboundEvent, Reply, Store } from '../../src/index.js';
import { buildMail, startSmtpSink, type SmtpSink } from '../support/mail-server.js';

describe('answers owed to mails across stops', () => {
  let dir: string;
  let store: Store;
  let sink: SmtpSink;
  const adapters: EmailAdapter[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sportello-mailowed-'));
    store = createSqliteStore({ file: join(dir, 'sportello.db') });
    sink = await startSmtpSink();
  });
  afterEach(async () => {
    await Promise.all(adapters.splice(0).map((a) => a.stop?.()));
  });
  afterAll(async () => {
    await store?.close();
    await sink?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A desk process: a new adapter over the same store, as one restarted would have. */
  function desk(handle: (event: InboundEvent) => Promise<Reply[]>, smtpUrl = sink.url): EmailAdapter {
    const a = createEmailAdapter({
      imapUrls: [], smtpUrl, from: 'Help desk <helpdesk@acme.it>', addresses: [], allowedDomains: [], requireAuth: false,
      autoRepliesPerHour: 5, pollMs: 60_000, firstReadMs: 0, maxBytes: 1024 * 1024, defaultLocale: 'en', handle, store,
      logger: pino({ level: 'silent' }), clock: { now: () => Date.now() },
    });
    adapters.push(a);
    return a;
  }
  const mailFrom = async (address: string, messageId: string, text: string) => ({
    source: await buildMail({ from: address, to: 'helpdesk@acme.it', subject: 'Scanner', text, messageId }),
    uid: 1,
    mailbox: 'helpdesk@127.0.0.1/INBOX',
  });

  it('reads a failing mail again twice, then answers with the error, even when the desk restarts between tries', async () => {
    const seen: InboundEvent[] = [];
    const failing = async (event: InboundEvent): Promise<Reply[]> => {
      seen.push(event);
      return [{ text: 'Something went wrong on our side (ref 7f3a). Please try again later.', failed: true }];
    };
    const mail = await mailFrom('Dario Fo <dario.fo@acme.it>', 'scan.1@mail.acme.it', 'The scanner on the second floor jams on every page since this morning.');
    await expect(desk(failing).takeMail(mail)).rejects.toThrow(/read again on the next pass/);
    await expect(desk(failing).takeMail(mail)).rejects.toThrow(/read again on the next pass/);
    expect(sink.mails.filter((m) => m.to.includes('dario.fo@acme.it'))).toHaveLength(0);
    expect(await desk(failing).takeMail(mail)).toBe('failed');
    const told = await sink.waitFor((m) => m.to.includes('dario.fo@acme.it'));
    expect(told.text).toContain('ref 7f3a');
    expect(seen).toHaveLength(3);
    // Answered once: the mail is not taken again.
    expect(await desk(failing).takeMail(mail)).toBe('duplicate');
    expect(seen).toHaveLength(3);
  });

  it('sends the answer a stopped desk owed, once, under the Message-ID it had chosen', async () => {
    // An SMTP server that takes the connection and never greets: the first desk stops while its answer hangs there.
    const held: Socket[] = [];
    const silent: Server = createServer((socket) => void held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    let handled = 0;
    const opening = async (): Promise<Reply[]> => {
      handled++;
      return [{ text: 'I opened ticket IT-9 for you: an agent will answer within 4 business hours.' }];
    };
    const mail = await mailFrom('Sara Neri <sara.neri@acme.it>', 'scan.2@mail.acme.it', 'The scanner in the print room sends scans to nobody.');
    try {
      const first = desk(opening, `smtp://127.0.0.1:${port}`);
      void first.takeMail(mail).catch(() => undefined);
      await expect.poll(() => held.length).toBe(1);
      expect(handled).toBe(1);

      // The desk is gone before the answer went out; the next one reads the same mail.
      expect(await desk(opening).takeMail(mail)).toBe('handled');
      const owed = await sink.waitFor((m) => m.to.includes('sara.neri@acme.it'));
      expect(owed.text).toContain('I opened ticket IT-9');
      expect(owed.inReplyTo).toBe('<scan.2@mail.acme.it>');
      expect(handled).toBe(1);
      // Read once more (a third start): nothing owed, nothing sent.
      expect(await desk(opening).takeMail(mail)).toBe('duplicate');
      expect(sink.mails.filter((m) => m.to.includes('sara.neri@acme.it'))).toHaveLength(1);
    } finally {
      for (const s of held) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

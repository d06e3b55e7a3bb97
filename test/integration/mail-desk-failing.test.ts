// A mail the desk keeps failing on (a fault, not the store away: the store
// answers here) is read again a few times, then answered with the desk's error,
// so one mail cannot hold a mailbox for ever; the count lives in the store, so
// restarts in between do not start it again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmailAdapter, type EmailAdapter } from '../../adapters/channels/email/create-email-adapter.js';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import type { InboundEvent, Reply, Store } from '../../src/index.js';
import { buildMail, startSmtpSink, type SmtpSink } from '../support/mail-server.js';

describe('a mail the desk keeps failing on', () => {
  let dir: string;
  let store: Store;
  let sink: SmtpSink;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sportello-mailfail-'));
    store = createSqliteStore({ file: join(dir, 'sportello.db') });
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await store?.close();
    await sink?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is read again twice, then answered with the error, even when the desk restarts between tries', async () => {
    const seen: InboundEvent[] = [];
    const failing = async (event: InboundEvent): Promise<Reply[]> => {
      seen.push(event);
      return [{ text: 'Something went wrong on our side (ref 7f3a). Please try again later.', failed: true }];
    };
    // Each try through a new adapter over the same store: as a desk restarted after each failure would read it.
    const adapters: EmailAdapter[] = [];
    const adapter = () => {
      const a = createEmailAdapter({
        imapUrls: [], smtpUrl: sink.url, from: 'Help desk <helpdesk@acme.it>', addresses: [], allowedDomains: [], requireAuth: false,
        autoRepliesPerHour: 5, pollMs: 60_000, firstReadMs: 0, maxBytes: 1024 * 1024, defaultLocale: 'en', handle: failing, store,
        logger: pino({ level: 'silent' }), clock: { now: () => Date.now() },
      });
      adapters.push(a);
      return a;
    };
    const source = await buildMail({ from: 'Dario Fo <dario.fo@acme.it>', to: 'helpdesk@acme.it', subject: 'Scanner', text: 'The scanner on the second floor jams on every page since this morning.', messageId: 'scan.1@mail.acme.it' });
    const mail = { source, uid: 1, mailbox: 'helpdesk@127.0.0.1/INBOX' };
    await expect(adapter().takeMail(mail)).rejects.toThrow(/read again on the next pass/);
    await expect(adapter().takeMail(mail)).rejects.toThrow(/read again on the next pass/);
    expect(sink.mails).toHaveLength(0);
    expect(await adapter().takeMail(mail)).toBe('failed');
    const told = await sink.waitFor((m) => m.to.includes('dario.fo@acme.it'));
    expect(told.text).toContain('ref 7f3a');
    expect(seen).toHaveLength(3);
    // Answered once: the mail is not taken again.
    expect(await adapter().takeMail(mail)).toBe('duplicate');
    expect(seen).toHaveLength(3);
    await Promise.all(adapters.map((a) => a.stop?.()));
  });
});

// The e-mail test harness against the real servers: Dovecot (IMAP_TEST_URL, from
// scripts/dovecot.sh) and the in-process SMTP sink. If these pass, an e-mail suite that
// fails is failing on Sportello, not on its mailboxes.
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import { createTransport } from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { buildMail, freshMailbox, imapTestUrl, requireImapInCi, startSmtpSink, type FreshMailbox, type SmtpSink } from '../support/mail-server.js';

requireImapInCi();

describe.runIf(imapTestUrl)('a fresh mailbox on the test IMAP server', () => {
  const opened: FreshMailbox[] = [];
  const open = () => {
    const box = freshMailbox();
    opened.push(box);
    return box;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((b) => b.close()));
  });

  it('starts empty and keeps its mail to itself', async () => {
    const alice = open();
    const bob = open();
    expect(alice.user).not.toBe(bob.user);
    await alice.deliver(await buildMail({ from: 'Dana <dana@example.com>', to: 'help@example.com', subject: 'VPN down', text: 'It stopped this morning.' }));
    expect((await alice.list()).map((m) => m.subject)).toEqual(['VPN down']);
    expect(await bob.list()).toEqual([]);
  });

  it('lists appended mail in order with its subject and flags', async () => {
    const box = open();
    await box.deliver(await buildMail({ from: 'dana@example.com', to: 'help@example.com', subject: 'Printer jam', text: 'Floor 2.' }));
    await box.deliver(await buildMail({ from: 'eli@example.com', to: 'help@example.com', subject: 'Già letto', text: 'Seen already.' }), { flags: ['\\Seen'] });
    const listed = await box.list();
    expect(listed.map((m) => m.subject)).toEqual(['Printer jam', 'Già letto']);
    expect(listed[0]!.flags).not.toContain('\\Seen');
    expect(listed[1]!.flags).toContain('\\Seen');
    expect(listed[1]!.uid).toBeGreaterThan(listed[0]!.uid);
  });

  it('gives a URL another client logs in with, reading the same mail as it was built', async () => {
    const box = open();
    await box.deliver(
      await buildMail({
        from: 'Dana Rossi <dana@example.com>',
        to: 'help@example.com',
        subject: 'Re: HR-12 laptop',
        text: 'Here is the photo.',
        html: '<p>Here is the <b>photo</b>.</p>',
        messageId: '<reply-1@example.com>',
        inReplyTo: '<sportello-hr-12@example.com>',
        references: ['<sportello-hr-12@example.com>'],
        headers: { 'X-Ticket': 'HR-12' },
        attachments: [{ filename: 'screen.png', content: Buffer.from('not really a png'), contentType: 'image/png' }],
      }),
    );
    const url = new URL(box.url);
    expect(url.protocol).toBe('imap:');
    const client = new ImapFlow({ host: url.hostname, port: Number(url.port), secure: false, auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }, logger: false });
    await client.connect();
    try {
      const lock = await client.getMailboxLock('INBOX');
      try {
        const [message] = await client.fetchAll('1:*', { source: true });
        const mail = await simpleParser(message!.source!);
        expect(mail.from?.value[0]).toMatchObject({ name: 'Dana Rossi', address: 'dana@example.com' });
        expect(mail.text?.trim()).toBe('Here is the photo.');
        expect(mail.html).toContain('<b>photo</b>');
        expect(mail.messageId).toBe('<reply-1@example.com>');
        expect(mail.inReplyTo).toBe('<sportello-hr-12@example.com>');
        expect(mail.headers.get('x-ticket')).toBe('HR-12');
        expect(mail.attachments.map((a) => [a.filename, a.contentType, a.content.toString()])).toEqual([['screen.png', 'image/png', 'not really a png']]);
      } finally {
        lock.release();
      }
    } finally {
      await client.logout();
    }
  });

  it('tells a client idling on INBOX within seconds when mail is delivered', async () => {
    const box = open();
    // imapflow IDLEs on its own once a mailbox is open with no lock held, after autoIdleDelay (15 s by default).
    const client = new ImapFlow({ host: box.host, port: box.port, secure: false, auth: { user: box.user, pass: box.password }, logger: false, autoIdleDelay: 100 });
    await client.connect();
    try {
      await client.mailboxOpen('INBOX');
      await expect.poll(() => client.idling, { timeout: 5_000 }).toBe(true);
      const heard = new Promise<number>((resolve) => client.once('exists', (update: { count: number }) => resolve(update.count)));
      const deliveredAt = Date.now();
      await box.deliver(await buildMail({ from: 'dana@example.com', to: 'help@example.com', subject: 'Still down', text: 'Any news?' }));
      expect(await heard).toBe(1);
      expect(Date.now() - deliveredAt).toBeLessThan(5_000);
    } finally {
      await client.logout();
    }
  });

  it('refuses a wrong password', async () => {
    const box = open();
    const client = new ImapFlow({ host: box.host, port: box.port, secure: false, auth: { user: box.user, pass: 'wrong' }, logger: false });
    client.on('error', () => {});
    await expect(client.connect()).rejects.toThrow();
  });
});

describe('the SMTP sink', () => {
  let sink: SmtpSink | null = null;
  afterEach(async () => {
    await sink?.close();
    sink = null;
  });

  it('keeps a mail sent with nodemailer, parsed', async () => {
    sink = await startSmtpSink();
    expect(sink.url).toBe(`smtp://127.0.0.1:${sink.port}`);
    const transport = createTransport({ host: sink.host, port: sink.port, secure: false, ignoreTLS: true });
    const waiting = sink.waitFor((m) => m.subject === '[HR-12] Your laptop');
    await transport.sendMail({
      from: 'Sportello <help@example.com>',
      to: 'dana@example.com',
      bcc: 'audit@example.com',
      subject: '[HR-12] Your laptop',
      text: 'It is ready at the desk.',
      html: '<p>It is ready at the desk.</p>',
      messageId: '<sportello-hr-12-2@example.com>',
      inReplyTo: '<reply-1@example.com>',
      references: ['<sportello-hr-12@example.com>', '<reply-1@example.com>'],
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    transport.close();
    const mail = await waiting;
    expect(sink.mails).toHaveLength(1);
    expect(mail).toMatchObject({
      from: 'help@example.com',
      fromName: 'Sportello',
      to: ['dana@example.com'],
      envelope: { mailFrom: 'help@example.com', rcptTo: ['dana@example.com', 'audit@example.com'] },
      text: 'It is ready at the desk.',
      html: '<p>It is ready at the desk.</p>',
      messageId: '<sportello-hr-12-2@example.com>',
      inReplyTo: '<reply-1@example.com>',
      references: ['<sportello-hr-12@example.com>', '<reply-1@example.com>'],
    });
    expect(mail.headers.get('auto-submitted')).toBe('auto-replied');
    expect(mail.raw.toString()).toContain('Subject: [HR-12] Your laptop');
  });

  it('says what it did receive when the awaited mail never comes', async () => {
    sink = await startSmtpSink();
    const transport = createTransport({ host: sink.host, port: sink.port, secure: false, ignoreTLS: true });
    await transport.sendMail({ from: 'help@example.com', to: 'dana@example.com', subject: 'Something else', text: 'x' });
    transport.close();
    await expect(sink.waitFor((m) => m.subject === 'Never', 200)).rejects.toThrow(/received 1: "Something else"/);
  });
});

// The e-mail suites run against a real IMAP server at IMAP_TEST_URL (Dovecot, started by
// scripts/dovecot.sh, which scripts/test.sh and .ci/run do for you) and an in-process SMTP sink.
// Without IMAP_TEST_URL they are skipped with a reason printed, except under CI=true.
// The server takes any username with one fixed password, so a fresh random username is a
// fresh, empty mailbox: suites never share or clean up mail.
import { randomUUID } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import { requireInCi } from './require-in-ci.js';

export { buildMail, type MailSpec } from './build-mail.js';
export { startSmtpSink, type SinkMail, type SmtpSink } from './smtp-sink.js';

/** The password scripts/dovecot.sh gives every user. */
export const DOVECOT_TEST_PASSWORD = 'sportello';

/** imap://127.0.0.1:<port>, no user: the server, not a mailbox. */
export const imapTestUrl = process.env.IMAP_TEST_URL?.trim() || null;

export function requireImapInCi(): void {
  requireInCi(imapTestUrl !== null, 'an IMAP server (IMAP_TEST_URL)', 'install dovecot-imapd, then export the IMAP_TEST_URL that scripts/dovecot.sh start prints');
}

export interface ListedMail {
  uid: number;
  flags: string[];
  subject?: string;
}

export interface FreshMailbox {
  /** imap://<user>:<password>@127.0.0.1:<port>: everything a client needs to log in. */
  url: string;
  user: string;
  password: string;
  host: string;
  port: number;
  /** Puts a raw message into INBOX (IMAP APPEND), as if it had just been delivered. */
  deliver(raw: string | Buffer, opts?: { flags?: string[]; arrived?: Date }): Promise<void>;
  /** INBOX's messages, oldest first. */
  list(): Promise<ListedMail[]>;
  close(): Promise<void>;
}

export function freshMailbox(): FreshMailbox {
  if (imapTestUrl === null) throw new Error('freshMailbox needs IMAP_TEST_URL (call requireImapInCi and skip without it)');
  const server = new URL(imapTestUrl);
  const host = server.hostname;
  const port = Number(server.port || 143);
  const user = `u${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const password = DOVECOT_TEST_PASSWORD;
  let client: ImapFlow | null = null;

  // One connection for the test's own look-ups, opened on first use and again if the server dropped it.
  async function connected(): Promise<ImapFlow> {
    if (client?.usable) return client;
    const next = new ImapFlow({ host, port, secure: false, doSTARTTLS: false, auth: { user, pass: password }, logger: false });
    next.on('error', () => {
      // A dropped connection shows up as `usable === false` on next use; nothing to do here.
    });
    await next.connect();
    client = next;
    return next;
  }

  return {
    url: `imap://${user}:${password}@${host}:${port}`,
    user,
    password,
    host,
    port,
    async deliver(raw, opts = {}) {
      const imap = await connected();
      const appended = await imap.append('INBOX', raw, opts.flags ?? [], opts.arrived);
      if (appended === false) throw new Error(`IMAP APPEND to ${user}'s INBOX was refused`);
    },
    async list() {
      const imap = await connected();
      const lock = await imap.getMailboxLock('INBOX');
      try {
        const opened = imap.mailbox;
        if (opened === false || opened.exists === 0) return [];
        const messages = await imap.fetchAll('1:*', { uid: true, flags: true, envelope: true });
        return messages.map((m) => ({ uid: m.uid, flags: [...(m.flags ?? [])], subject: m.envelope?.subject }));
      } finally {
        lock.release();
      }
    },
    async close() {
      const open = client;
      client = null;
      if (open?.usable) await open.logout();
      else open?.close();
    },
  };
}

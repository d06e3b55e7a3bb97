// An SMTP server on 127.0.0.1 that accepts every mail (no auth, no TLS) and keeps it parsed,
// so a test can read what Sportello sent the way a mail client would.
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject, type Headers } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SinkMail {
  /** The From address (no display name), as written. */
  from: string;
  /** From's display name, '' when it has none. */
  fromName: string;
  /** Every To address. */
  to: string[];
  cc: string[];
  /** MAIL FROM and RCPT TO of the SMTP session (Bcc recipients show up only here). */
  envelope: { mailFrom: string; rcptTo: string[] };
  subject: string;
  text: string;
  /** The html body, or null when the mail has none. */
  html: string | null;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  /** Parsed headers keyed by lower-case name (mailparser's map). */
  headers: Headers;
  attachments: { filename: string | null; contentType: string; content: Buffer }[];
  raw: Buffer;
  /** Date.now() when the whole message had arrived (before it was parsed): for benchmarks. */
  receivedAt: number;
}

export interface SmtpSink {
  url: string;
  host: string;
  port: number;
  /** Every mail received so far, oldest first. */
  mails: SinkMail[];
  /** The first mail (already received or still to come) that matches, or a rejection after timeoutMs. */
  waitFor(pred: (mail: SinkMail) => boolean, timeoutMs?: number): Promise<SinkMail>;
  close(): Promise<void>;
}

function addresses(field: AddressObject | AddressObject[] | undefined): { address: string; name: string }[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return objects.flatMap((o) => o.value.flatMap((a) => (a.group ?? [a]).map((m) => ({ address: m.address ?? '', name: m.name }))));
}

function envelopeAddress(a: { address: string } | false): string {
  return a === false ? '' : a.address;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: SinkMail[] = [];
  const waiters = new Set<(mail: SinkMail) => void>();

  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const receivedAt = Date.now();
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            const from = addresses(parsed.from)[0] ?? { address: '', name: '' };
            const references = parsed.references === undefined ? [] : [parsed.references].flat();
            const mail: SinkMail = {
              from: from.address,
              fromName: from.name,
              to: addresses(parsed.to).map((a) => a.address),
              cc: addresses(parsed.cc).map((a) => a.address),
              envelope: { mailFrom: envelopeAddress(session.envelope.mailFrom), rcptTo: session.envelope.rcptTo.map((r) => r.address) },
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : null,
              messageId: parsed.messageId ?? null,
              inReplyTo: parsed.inReplyTo ?? null,
              references,
              headers: parsed.headers,
              attachments: parsed.attachments.map((a) => ({ filename: a.filename ?? null, contentType: a.contentType, content: a.content })),
              raw,
              receivedAt,
            };
            mails.push(mail);
            for (const notify of [...waiters]) notify(mail);
            // Answer only once the mail is kept, so a sender that awaited sendMail finds it in `mails`.
            callback();
          },
          (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
        );
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    mails,
    waitFor(pred, timeoutMs = 10_000) {
      const already = mails.find(pred);
      if (already) return Promise.resolve(already);
      return new Promise<SinkMail>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching mail in ${timeoutMs} ms; received ${mails.length}: ${mails.map((m) => JSON.stringify(m.subject)).join(', ') || 'none'}`));
        }, timeoutMs);
        function check(mail: SinkMail): void {
          if (!pred(mail)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(mail);
        }
        waiters.add(check);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

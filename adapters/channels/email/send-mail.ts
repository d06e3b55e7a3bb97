// Mails out through the configured SMTP server (nodemailer). One transport,
// pooled, for the process; the Message-ID is ours, so a mail sent twice after
// a crash threads as the same one.
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  /** The department's own address when it has one, so replies land in its mailbox. */
  from?: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
  /** Written by the desk itself (an acknowledgement, an FAQ answer), not by an agent: marked so (RFC 3834), so auto-responders stay quiet. */
  automatic?: boolean;
}

export interface MailSender {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export function createMailSender(smtpUrl: string, defaultFrom: string): MailSender {
  const url = new URL(smtpUrl);
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port) || (url.protocol === 'smtps:' ? 465 : 587),
    secure: url.protocol === 'smtps:',
    // A local relay without TLS is allowed when the URL says smtp://127.0.0.1; anywhere else STARTTLS is used when offered.
    ignoreTLS: ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(url.hostname),
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
    pool: true,
    maxConnections: 2,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(mail) {
      await transport.sendMail({
        from: mail.from ?? defaultFrom,
        to: { name: '', address: mail.to },
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: `<${mail.messageId}>`,
        ...(mail.inReplyTo ? { inReplyTo: `<${mail.inReplyTo}>` } : {}),
        ...(mail.references?.length ? { references: mail.references.map((r) => `<${r}>`) } : {}),
        ...(mail.automatic ? { headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' } } : {}),
        ...(mail.attachments?.length ? { attachments: mail.attachments } : {}),
      });
    },
    close() {
      transport.close();
    },
  };
}

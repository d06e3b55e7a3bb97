// A realistic raw message (RFC 5322, MIME multipart when there is html or an attachment),
// built by nodemailer's composer, for tests to append to a mailbox or read back.
import MailComposer from 'nodemailer/lib/mail-composer';

export interface MailSpec {
  from: string;
  to: string | string[];
  cc?: string | string[];
  subject: string;
  text: string;
  html?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string | string[];
  date?: Date;
  /** An array: the header that many times, in that order (several Authentication-Results). */
  headers?: Record<string, string | string[]>;
  /** `cid`: shown inside the HTML (a signature logo), as mail clients send it. */
  attachments?: { filename: string; content: Buffer; contentType: string; cid?: string }[];
}

export async function buildMail(spec: MailSpec): Promise<Buffer> {
  const composer = new MailComposer({
    from: spec.from,
    to: spec.to,
    cc: spec.cc,
    subject: spec.subject,
    text: spec.text,
    html: spec.html,
    messageId: spec.messageId,
    inReplyTo: spec.inReplyTo,
    references: spec.references,
    date: spec.date,
    headers: spec.headers,
    attachments: spec.attachments,
    // CRLF: what a real mail server stores and hands out.
    newline: 'win',
  });
  return composer.compile().build();
}

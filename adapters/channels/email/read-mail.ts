// A parsed mail turned into the facts the desk acts on: who wrote, to which ticket,
// what they newly said, whether a robot sent it, whether their server vouched for
// them. Pure: the caller runs mailparser's simpleParser (with `maxHtmlLengthToParse`
// set, so a huge HTML part is not converted) and passes its result here.
import { parseCode } from '../../../src/index.js';
import type { AddressObject, ParsedMail } from 'mailparser';
import { readAuthResults, type AuthResults } from './auth-results.js';
import { automaticReason, type AutomaticMail } from './automatic-mail.js';
import { firstHeader, headerValues, type HeaderLine } from './header-lines.js';
import { stripQuoted, tidy } from './strip-quoted.js';

export type MailAttachment = {
  filename: string;
  contentType: string;
  content: Buffer;
  /**
   * Part of the HTML (an image its `cid:` link shows, such as a signature logo), not a file
   * the sender attached. Read from multipart/related, not from the disposition: Apple Mail
   * marks the photos people attach "inline" too.
   */
  inline: boolean;
  /** The Content-ID without angle brackets. */
  contentId?: string;
};

export type MailFacts = {
  /** Without the angle brackets. */
  messageId: string | null;
  inReplyTo: string[];
  /** Message ids without angle brackets, oldest first as the References header lists them. */
  references: string[];
  /** address lower-cased; name is the display name, or the address's local part. */
  from: { address: string; name: string } | null;
  /** To, Cc, Delivered-To and X-Original-To addresses, lower-cased, each once. */
  recipients: string[];
  subject: string;
  /** The last `[IT-42]`-style code in the subject, upper-cased. */
  ticketCode: string | null;
  /**
   * What the sender newly wrote: quoted history and signature removed, whitespace tidied,
   * at most BODY_LIMIT characters. When removal leaves nothing (a mail that is all
   * quote), the tidied full text instead, so a mail with words is never read as empty.
   * A forward (Fwd:, FW:, I: in front of the subject) keeps its history: there the
   * forwarded mail is the request ("see below, the vendor's error").
   */
  body: string;
  /** The whole text part (or the text mailparser made from the HTML), at most FULL_TEXT_LIMIT characters. */
  fullText: string;
  automatic: AutomaticMail | null;
  auth: AuthResults;
  attachments: MailAttachment[];
  /** Epoch milliseconds from the Date header; null when missing or unreadable. */
  date: number | null;
};

export const BODY_LIMIT = 20_000;
export const FULL_TEXT_LIMIT = 200_000;
const MAX_IDS = 100;
// The latest hand on the subject is the first prefix: "I: R: [IT-4] x" is a forward of a reply.
const FORWARD = /^\s*(?:fwd?|fw|i|inoltro|tr|wg)\s*:/i;
const TICKET_CODE = /\[\s*([a-z0-9]{0,15}[a-z][a-z0-9]{0,15}-\d{1,9})\s*\]/gi;

export function readMail(parsed: ParsedMail, opts: { authServId?: string } = {}): MailFacts {
  const lines: ReadonlyArray<HeaderLine> = Array.isArray(parsed.headerLines) ? parsed.headerLines : [];
  const from = sender(parsed.from);
  const subject = typeof parsed.subject === 'string' ? parsed.subject : '';
  const fullText = cut(typeof parsed.text === 'string' ? parsed.text : '', FULL_TEXT_LIMIT);
  const stripped = isForward(subject) ? '' : stripQuoted(fullText);
  return {
    messageId: messageIds(parsed.messageId)[0] ?? null,
    inReplyTo: messageIds(parsed.inReplyTo),
    references: messageIds(parsed.references),
    from,
    recipients: recipients(parsed, lines),
    subject,
    ticketCode: ticketCode(subject),
    body: cut(stripped === '' ? tidy(fullText) : stripped, BODY_LIMIT),
    fullText,
    automatic: automaticReason(lines, from?.address ?? null, subject),
    auth: readAuthResults(headerValues(lines, 'authentication-results'), opts.authServId, from?.address.split('@')[1]),
    attachments: (parsed.attachments ?? []).map((a, i) => ({
      filename: fileName(a.filename, a.contentType, i),
      contentType: (a.contentType || 'application/octet-stream').toLowerCase(),
      content: a.content,
      inline: a.related === true,
      ...(a.cid ? { contentId: a.cid } : {}),
    })),
    date: mailDate(parsed, lines),
  };
}

/** The last bracketed tag that is one of the desk's codes; other tags ("[E-0042]", "[EXT]") are left alone. */
export function ticketCode(subject: string): string | null {
  let last: string | null = null;
  for (const match of subject.matchAll(TICKET_CODE)) last = parseCode(match[1]!) ?? last;
  return last;
}

function isForward(subject: string): boolean {
  return FORWARD.test(subject);
}

/** Every `<id>` in a header value (or values), brackets removed; bare ids when nobody bracketed them. */
function messageIds(value: string | string[] | undefined): string[] {
  const text = (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v) => typeof v === 'string').join(' ');
  const bracketed = [...text.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]!);
  const ids = bracketed.length > 0 ? bracketed : text.split(/[\s,]+/).filter((id) => id.includes('@'));
  // A thread's newest ids come last in References, and they are the ones we sent.
  return ids.slice(-MAX_IDS);
}

/** One mailbox, nothing else: a From that parses to "a@x.example,b@y.example" would have the desk mail strangers. */
const ONE_ADDRESS = /^[^\s@,;<>"()[\]\\]+@[^\s@,;<>"()[\]\\]+$/;

function sender(from: AddressObject | undefined): MailFacts['from'] {
  const all = mailboxes(from);
  const first = all[0];
  if (!first || all.length !== 1 || !ONE_ADDRESS.test(first.address)) return null;
  const address = first.address.toLowerCase();
  const name = first.name.replace(/\s+/g, ' ').trim();
  return { address, name: name || address.slice(0, address.lastIndexOf('@')) || address };
}

function recipients(parsed: ParsedMail, lines: ReadonlyArray<HeaderLine>): string[] {
  const found = [parsed.to, parsed.cc].flatMap((h) => (Array.isArray(h) ? h : h ? [h] : [])).flatMap((h) => mailboxes(h).map((m) => m.address));
  for (const name of ['delivered-to', 'x-original-to']) {
    for (const value of headerValues(lines, name)) found.push(...(value.match(/[^\s<>,;:"()]+@[^\s<>,;:"()]+/g) ?? []));
  }
  return [...new Set(found.map((a) => a.toLowerCase()))];
}

/** The mailboxes of an address header with an address, group members included. */
function mailboxes(header: AddressObject | undefined): { address: string; name: string }[] {
  const out: { address: string; name: string }[] = [];
  const visit = (entries: AddressObject['value'] | undefined): void => {
    for (const entry of entries ?? []) {
      if (entry.group) visit(entry.group);
      else if (typeof entry.address === 'string' && entry.address.includes('@')) out.push({ address: entry.address.trim(), name: entry.name ?? '' });
    }
  };
  visit(header?.value);
  return out;
}

// mailparser gives the current time for a Date header it cannot read: not a date we want.
function mailDate(parsed: ParsedMail, lines: ReadonlyArray<HeaderLine>): number | null {
  const raw = firstHeader(lines, 'date');
  if (raw === null || Number.isNaN(Date.parse(raw))) return null;
  const time = parsed.date instanceof Date ? parsed.date.getTime() : Date.parse(raw);
  return Number.isNaN(time) ? null : time;
}

const EXTENSIONS: Record<string, string> = {
  'image/png': '.png', 'image/jpeg': '.jpg', 'image/gif': '.gif', 'image/webp': '.webp', 'application/pdf': '.pdf',
  'message/rfc822': '.eml', 'text/plain': '.txt', 'text/calendar': '.ics', 'text/rfc822-headers': '.txt',
};

// The name comes from the sender: no folders ("../../x"), no control characters.
function fileName(given: string | undefined, contentType: string | undefined, index: number): string {
  const base = (given ?? '').split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (base !== '' && base !== '.' && base !== '..') return base;
  return `attachment-${index + 1}${EXTENSIONS[(contentType ?? '').toLowerCase()] ?? ''}`;
}

/** At most `limit` characters, never half of a surrogate pair. */
function cut(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const end = /[\ud800-\udbff]/.test(text[limit - 1]!) ? limit - 1 : limit;
  return text.slice(0, end);
}

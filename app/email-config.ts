// The e-mail channel's variables: mailboxes to read, the server to send through,
// which address belongs to which department, and who may write at all.
import { z } from 'zod';

const ADDRESS = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;
const DOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

/** `imap://` or `imaps://` URLs, comma-separated: user and password in the URL, the mailbox as its path (INBOX when none). */
const imapUrls = z.string().transform((raw, ctx) => {
  const out: URL[] = [];
  for (const item of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    let url: URL;
    try {
      url = new URL(item);
    } catch {
      ctx.addIssue({ code: 'custom', message: `"${item.replace(/\/\/[^@/]*@/, '//…@')}" is not a URL (imaps://user:password@host/INBOX)` });
      return z.NEVER;
    }
    if (!['imap:', 'imaps:'].includes(url.protocol) || !url.hostname || !url.username) {
      ctx.addIssue({ code: 'custom', message: `"${url.protocol}//${url.host}${url.pathname}" must be imap:// or imaps:// with a user name (imaps://user:password@host/INBOX)` });
      return z.NEVER;
    }
    out.push(url);
  }
  return out;
});

/** `address:department` pairs, comma-separated (helpdesk-it@acme.it:it,hr@acme.it:hr). */
const addressMap = z.string().transform((raw, ctx) => {
  const out: { address: string; department: string }[] = [];
  for (const item of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const cut = item.lastIndexOf(':');
    const address = item.slice(0, cut).trim().toLowerCase();
    const department = item.slice(cut + 1).trim();
    if (cut < 0 || !ADDRESS.test(address) || !/^[a-z][a-z0-9_-]{0,30}$/.test(department)) {
      ctx.addIssue({ code: 'custom', message: `"${item}" is not "address:department" (helpdesk-it@acme.it:it)` });
      return z.NEVER;
    }
    out.push({ address, department });
  }
  return out;
});

const domains = z.string().transform((raw, ctx) => {
  const list = raw.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const bad = list.find((d) => !DOMAIN.test(d));
  if (bad) {
    ctx.addIssue({ code: 'custom', message: `"${bad}" is not a domain name (acme.it)` });
    return z.NEVER;
  }
  return list;
});

export const emailConfigShape = {
  EMAIL_IMAP_URL: imapUrls.optional(),
  EMAIL_SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be smtp:// or smtps:// (smtp://user:password@host:587)' }).optional(),
  /** The desk's own address, with a name if wanted: `Help desk <helpdesk@acme.it>`. */
  EMAIL_FROM: z.string().refine((v) => ADDRESS.test(v.match(/<([^>]+)>\s*$/)?.[1] ?? v.trim()), 'must be an address, or "Name <address>"').optional(),
  EMAIL_ADDRESSES: addressMap.default([]),
  /** Only senders from these domains are served (an internal-only desk); empty: anyone. */
  EMAIL_ALLOWED_DOMAINS: domains.default([]),
  /** Refuse senders whose mail our server did not authenticate (DKIM, SPF or DMARC pass); default: on when EMAIL_ALLOWED_DOMAINS is set. */
  EMAIL_REQUIRE_AUTH: z.enum(['1', '0', 'true', 'false'], { error: 'must be 1 or 0' }).transform((v) => v === '1' || v === 'true').optional(),
  /** The authserv-id our own mail server writes in Authentication-Results: only its verdicts count. */
  EMAIL_AUTHSERV_ID: z.string().min(1).optional(),
  /** Automatic mails (acknowledgements, FAQ answers) one address gets in an hour; past it the desk keeps their mails but stops answering, so two robots cannot loop. */
  EMAIL_AUTO_REPLIES_PER_HOUR: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(1000).default(5),
  /** A fallback look at the mailboxes when IDLE says nothing (some servers drop it). */
  EMAIL_POLL_SECONDS: z.coerce.number({ error: 'must be a number of seconds' }).min(1, 'must be at least 1 second').max(3600).default(60),
  /** The first time a mailbox is read, mail that arrived longer ago than this is passed over (0: all of it), so pointing the desk at an old support mailbox does not open a ticket per old mail. */
  EMAIL_FIRST_READ_HOURS: z.coerce.number({ error: 'must be a number of hours' }).min(0).max(24 * 3650).default(24),
  /** Mails larger than this (attachments included, as sent) are not fetched: the sender is told, and the mail stays in the mailbox. */
  EMAIL_MAX_MB: z.coerce.number({ error: 'must be a number of megabytes' }).positive('must be more than 0').max(1024, 'must be at most 1024').default(40),
  /** A closed ticket's requester who writes again in its thread within this many days reopens it; later, a new ticket follows it. */
  EMAIL_REOPEN_DAYS: z.coerce.number({ error: 'must be a number of days' }).min(0).max(365).default(7),
};

type EmailFields = z.output<z.ZodObject<typeof emailConfigShape>>;

/** What is missing or contradictory, for the config's superRefine. */
export function emailConfigIssues(c: EmailFields & { DEPARTMENTS: { id: string }[] }, issue: (path: string, message: string) => void): void {
  if (!c.EMAIL_IMAP_URL?.length) return;
  if (!c.EMAIL_SMTP_URL) issue('EMAIL_SMTP_URL', 'is required with EMAIL_IMAP_URL (answers go out by SMTP)');
  if (!c.EMAIL_FROM) issue('EMAIL_FROM', 'is required with EMAIL_IMAP_URL (the address answers come from)');
  const requireAuth = c.EMAIL_REQUIRE_AUTH ?? c.EMAIL_ALLOWED_DOMAINS.length > 0;
  if (requireAuth && !c.EMAIL_AUTHSERV_ID) issue('EMAIL_AUTHSERV_ID', "is required when senders must be authenticated (EMAIL_ALLOWED_DOMAINS or EMAIL_REQUIRE_AUTH=1): only your own mail server's verdict can be trusted, and this names it");
  const unknown = c.EMAIL_ADDRESSES.find((a) => !c.DEPARTMENTS.some((d) => d.id === a.department));
  if (unknown) issue('EMAIL_ADDRESSES', `names department "${unknown.department}", which is not in DEPARTMENTS`);
}

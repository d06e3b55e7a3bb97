// The e-mail channel: support mailboxes read into the same desk as chat, and
// every message for an e-mail requester sent as a threaded mail. What a mail
// says is turned into the mail-* commands (src/mail); this adapter only reads
// mailboxes, decides which conversation a mail belongs to, keeps robots and
// strangers out, and writes mails.
import { createHash, randomUUID } from 'node:crypto';
import { simpleParser } from 'mailparser';
import {
  EMAIL_PLATFORM as EMAIL, cleanSubject, localeOfMail, mailParagraphs, translate,
  type Attachment, type ChangeRecord, type Command, type FileKeeper, type InboundEvent, type Locale, type Logger, type PersonRef, type RefusedFile, type Reply, type StateStore, type TicketStore,
} from '../../../src/index.js';
import type { ChannelAdapter, DeliveryStep } from '../channel-adapter.js';
import { createAutoReplyLimit } from './auto-reply-limit.js';
import { mailBody } from './mail-body.js';
import { createMailIntake, type MailboxMail, type MailIntake } from './mail-intake.js';
import { createMailThreads, type MailTarget } from './mail-threads.js';
import { readMail, type MailFacts } from './read-mail.js';
import { createMailSender, type MailSender, type OutgoingMail } from './send-mail.js';


export interface EmailAdapterOptions {
  imapUrls: URL[];
  smtpUrl: string;
  /** `Name <address>` or an address: what the desk's mails come from. */
  from: string;
  /** Mailboxes of departments: mail to one opens tickets there, and that department's mails come from it. */
  addresses: { address: string; department: string }[];
  /** Only senders from these domains are served; empty: anyone. */
  allowedDomains: string[];
  /** Refuse mail our server did not authenticate (DKIM, SPF or DMARC pass). */
  requireAuth: boolean;
  authServId?: string;
  autoRepliesPerHour: number;
  pollMs: number;
  /** The first read of a mailbox passes over mail older than this (0: reads it all). */
  firstReadMs: number;
  /** Mails larger than this are not read: the sender is told, and the mail stays in the mailbox. */
  maxBytes: number;
  defaultLocale: Locale;
  handle(event: InboundEvent): Promise<Reply[]>;
  store: Pick<StateStore, 'getRef' | 'setRef' | 'rememberOnce'> & Pick<TicketStore, 'events'>;
  files?: FileKeeper;
  logger: Logger;
  clock: { now(): number };
}

/** What became of one mail, kept in the store next to its id and logged. */
export type MailOutcome = 'handled' | 'failed' | 'duplicate' | 'automatic' | 'own' | 'refused-domain' | 'refused-unauthenticated' | 'no-sender' | 'unreadable' | 'too-large';

export interface EmailAdapter extends ChannelAdapter {
  /** Starts reading the mailboxes. */
  start(): Promise<void>;
  /** Handles one raw mail as if read from a mailbox (the intake calls it; so can a test or a bench). */
  takeMail(mail: MailboxMail): Promise<MailOutcome>;
  /** True while every mailbox is connected. */
  readonly connected: boolean;
}

/** HTML past this is not turned into text (a 20 MB newsletter would hold the intake); its text part, if any, still is. */
const MAX_HTML = 2 * 1024 * 1024;
/** Words a mail needs before its language is taken from them rather than from the person's earlier mails. */
const SURE_WORDS = 6;
/** Passes a mail gets before the desk's error is the answer. */
const MAX_TRIES = 3;
/** Tries for an automatic answer before it is given up (and logged). */
const SEND_TRIES = 3;

const addressOf = (from: string) => (from.match(/<([^>]+)>\s*$/)?.[1] ?? from).trim().toLowerCase();

/** What the store keeps of a mail: its outcome, or `taking` while the desk has it; and the answer it is owed until sent. */
interface SeenMail {
  outcome: MailOutcome | 'taking';
  at?: number;
  /** How many times a stop interrupted it: each new read after one goes to the desk under an id of its own. */
  attempt?: number;
  owed?: PlannedAnswer;
}

function readSeen(raw: string | null): SeenMail | null {
  if (raw === null) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<SeenMail>;
    return typeof parsed.outcome === 'string' ? (parsed as SeenMail) : { outcome: 'duplicate' };
  } catch {
    return { outcome: 'duplicate' };
  }
}

/** An answer owed to a mail, kept with its record until sent: plain data, files by reference. */
interface PlannedAnswer {
  mail: Omit<OutgoingMail, 'attachments'>;
  files: Attachment[];
  code?: string;
  offer?: string;
}

export function createEmailAdapter(opts: EmailAdapterOptions): EmailAdapter {
  const log = opts.logger;
  const threads = createMailThreads(opts.store);
  const limit = createAutoReplyLimit(opts.store, opts.autoRepliesPerHour);
  const sender: MailSender = createMailSender(opts.smtpUrl, opts.from);
  const deskAddress = addressOf(opts.from);
  const domain = deskAddress.split('@')[1] ?? 'sportello.invalid';
  const own = new Set([deskAddress, ...opts.addresses.map((a) => a.address)]);
  // A group address in front of the desk (a Google Group, an M365 list) marks every mail as a list's: those are people writing to us.
  const listIds = [...own].flatMap((a) => [a, a.replace('@', '.')]);
  const ourOwnList = (auto: NonNullable<MailFacts['automatic']>) => auto.reason === 'list' && listIds.some((l) => auto.detail.toLowerCase().includes(l));
  // In the order the mail names them (To before Cc): a mail to it@ and cc hr@ is IT's.
  const departmentOf = (recipients: readonly string[]) => {
    for (const r of recipients) {
      const box = opts.addresses.find((a) => a.address === r);
      if (box) return box.department;
    }
    return undefined;
  };
  const fromFor = (department: string | undefined) => {
    const box = opts.addresses.find((a) => a.department === department);
    if (!box) return undefined;
    const name = opts.from.match(/^(.*?)\s*<[^>]+>\s*$/)?.[1];
    return name ? `${name} <${box.address}>` : box.address;
  };
  const intakes: MailIntake[] = opts.imapUrls.map((url) =>
    createMailIntake({ url, refs: opts.store, logger: log, pollMs: opts.pollMs, firstReadMs: opts.firstReadMs, maxBytes: opts.maxBytes, clock: opts.clock, onMail: (m) => takeMail(m).then(() => undefined) }),
  );

  // A mail the desk keeps failing on is answered with the error after a few passes, so it cannot hold the mailbox
  // for ever; counted in the store, so a desk restarted by the failure does not start the count again.
  const failuresOf = async (id: string) => Number(await opts.store.getRef(`email:tries:${id}`)) || 0;
  const newMessageId = (code?: string) => `${code ? `${code.toLowerCase()}.` : ''}${randomUUID()}@${domain}`;

  /** The command a mail stands for: a ticket's thread (by [code] or by the ids it answers), an FAQ answer's, or a new request. */
  async function commandFor(facts: MailFacts): Promise<{ command: Command; target: MailTarget | null }> {
    const text = facts.body || facts.fullText;
    // The ids a reply answers first: a subject can carry anybody's tag; our own Message-IDs only came to those we wrote to.
    const target = (await threads.targetOf(facts.inReplyTo, facts.references)) ?? (facts.ticketCode ? { kind: 'ticket' as const, code: facts.ticketCode } : null);
    if (target?.kind === 'ticket') return { command: { verb: 'mail-reply', code: target.code, text, subject: facts.subject }, target };
    if (target?.kind === 'offer') return { command: { verb: 'mail-answer', offer: target.offer, text, subject: facts.subject }, target };
    const department = departmentOf(facts.recipients);
    return { command: { verb: 'mail-new', subject: facts.subject, text, ...(department ? { department } : {}) }, target: null };
  }

  async function takeFiles(facts: MailFacts): Promise<{ files?: Attachment[]; refusedFiles?: RefusedFile[] }> {
    // Inline images are signature logos and pasted pictures the text points at; attachments are what the person sent.
    const sent = facts.attachments.filter((a) => !a.inline);
    if (sent.length === 0 || !opts.files) return {};
    const files: Attachment[] = [];
    const refusedFiles: RefusedFile[] = [];
    for (const a of sent) {
      try {
        const taken = await opts.files.accept({ name: a.filename || 'attachment', bytes: new Uint8Array(a.content) }, files);
        if (taken.ok) files.push(taken.file);
        else refusedFiles.push(taken.refused);
      } catch (err) {
        log.error({ err, component: 'email', file: a.filename }, 'could not keep an attachment');
        refusedFiles.push({ name: a.filename || 'attachment', reason: 'unreadable' });
      }
    }
    return { ...(files.length ? { files } : {}), ...(refusedFiles.length ? { refusedFiles } : {}) };
  }

  /**
   * What became of a mail, with the answer it is owed until that is sent: a desk stopped between the two
   * sends it at the next read (under the same Message-ID), instead of leaving the person without one.
   */
  async function record(id: string, outcome: MailOutcome, facts: MailFacts | null, extra: Record<string, unknown> = {}, owed?: PlannedAnswer): Promise<MailOutcome> {
    const entry = { at: opts.clock.now(), outcome, from: facts?.from?.address ?? null, subject: facts?.subject.slice(0, 200) ?? null, auth: facts?.auth ?? null, ...extra };
    await opts.store.setRef(`email:in:${id}`, JSON.stringify(owed ? { ...entry, owed } : entry));
    const level = outcome === 'handled' ? 'info' : 'warn';
    log[level]({ component: 'email', messageId: id, ...entry, subject: undefined }, `mail ${outcome}`);
    if (owed) {
      await deliver(owed);
      await opts.store.setRef(`email:in:${id}`, JSON.stringify(entry));
    }
    return outcome;
  }

  /** A mail seen before: its answer sent now if a stop came between recording it and sending that. */
  async function settleSeen(id: string, entry: SeenMail): Promise<MailOutcome> {
    if (!entry.owed) {
      log.info({ component: 'email', messageId: id }, 'mail seen before: not handled again');
      return 'duplicate';
    }
    const { owed, ...done } = entry;
    log.info({ component: 'email', messageId: id }, 'mail handled before a stop: its answer is sent now');
    await deliver(owed);
    await opts.store.setRef(`email:in:${id}`, JSON.stringify(done));
    return 'handled';
  }

  /**
   * The desk had this mail when it stopped, and now calls it a repeat: what it did then decides. A ticket the mail
   * opened gets its answer again; a reply already on its ticket needs none; otherwise nothing came of it (the stop
   * fell between the desk taking the mail and acting on it), and it is read afresh under a new delivery id.
   */
  async function afterStop(event: InboundEvent & { kind: 'command' }, command: Command, since: number, attempt: number): Promise<Reply[]> {
    const again = (suffix: string, cmd: Command = command) => opts.handle({ ...event, id: `${event.id}#${suffix}${attempt}`, command: cmd });
    if (command.verb === 'mail-new' || command.verb === 'mail-answer') {
      const opened = await again('opened', { verb: 'mail-opened', origin: event.id! });
      if (opened.length > 0) return opened;
    }
    if (command.verb === 'mail-reply' && command.text.trim()) {
      const text = command.text.trim();
      const events = await opts.store.events(command.code).catch(() => []);
      if (events.some((e) => e.at >= since && e.actor.platform === EMAIL && e.actor.userId === event.from.userId && e.text?.includes(text))) return [];
    }
    log.warn({ component: 'email', messageId: event.id }, 'a mail the desk had when it stopped is read again');
    return again('again');
  }

  async function takeMail(mail: MailboxMail): Promise<MailOutcome> {
    let facts: MailFacts;
    try {
      facts = readMail(await simpleParser(mail.source, { maxHtmlLengthToParse: MAX_HTML }), opts.authServId ? { authServId: opts.authServId } : undefined);
    } catch (err) {
      log.warn({ err, component: 'email', mailbox: mail.mailbox, uid: mail.uid }, 'could not read a mail');
      return 'unreadable';
    }
    // A mail without a Message-ID is still one mail: its place in the mailbox names it. The sender is part of the key,
    // so nobody can pre-empt another person's mail by sending one with its Message-ID first.
    const from = facts.from;
    const id = `${from?.address ?? ''}|${facts.messageId ?? `${mail.mailbox}#${mail.uid}`}`;
    const seen = readSeen(await opts.store.getRef(`email:in:${id}`));
    if (seen && seen.outcome !== 'taking') return settleSeen(id, seen);
    if (!from) return record(id, 'no-sender', facts);
    if (own.has(from.address)) return record(id, 'own', facts);
    // Out-of-office, bounces, lists: never answered, so two robots cannot talk for ever.
    if (facts.automatic && !ourOwnList(facts.automatic)) return record(id, 'automatic', facts, { reason: facts.automatic.reason, detail: facts.automatic.detail });
    const senderDomain = from.address.split('@')[1] ?? '';
    if (opts.allowedDomains.length > 0 && !opts.allowedDomains.includes(senderDomain)) return record(id, 'refused-domain', facts);
    if (opts.requireAuth && !facts.auth.authenticated) return record(id, 'refused-unauthenticated', facts);
    if (mail.tooLargeBytes !== undefined) return tooLarge(id, facts, mail.tooLargeBytes);

    const { command, target } = await commandFor(facts);
    // The body only: subjects are short, and full of "Re:", codes and names that read as either language.
    const locale = await localeFor(from.address, facts.body || facts.subject);
    const person: PersonRef = { platform: EMAIL, userId: from.address, name: from.name || from.address, locale };
    const event: InboundEvent = {
      kind: 'command',
      // Hashed: the id stays on the ticket the mail opens (Ticket.origin), and must not keep the address after an erase.
      id: `mail:${createHash('sha256').update(id).digest('base64url').slice(0, 32)}`,
      channel: EMAIL,
      from: facts.auth.authenticated ? person : { ...person, unverified: true },
      command,
      ...(await takeFiles(facts)),
    };
    // Marked before the desk sees it: a desk stopped from here on finds the mark at the next read and asks what became of the mail.
    const attempt = seen?.outcome === 'taking' ? (seen.attempt ?? 0) + 1 : 0;
    await opts.store.setRef(`email:in:${id}`, JSON.stringify({ outcome: 'taking', at: opts.clock.now(), attempt } satisfies SeenMail));
    let replies = await opts.handle(event);
    if (seen?.outcome === 'taking' && replies.length === 0) replies = await afterStop(event, command, seen.at ?? 0, attempt);
    // The desk did nothing (its store went away, a fault): the mail stays unread and the intake tries again, a few times.
    if (replies.some((r) => r.failed)) {
      const tries = (await failuresOf(id)) + 1;
      if (tries < MAX_TRIES) {
        await opts.store.setRef(`email:tries:${id}`, String(tries));
        throw new Error(`the desk could not handle mail ${id}; it is read again on the next pass`);
      }
    }
    // The mail joins its ticket's thread, so the next mail out answers it and a reply to it finds the ticket.
    // The ticket the desk acted on: a ticket in the answer, or the thread's own when the mail was quietly added to it.
    // Never the one a stranger's subject named: their answer must not carry its title, nor join its thread.
    const code = replies.find((r) => r.ticket)?.ticket?.code ?? (replies.length === 0 && target?.kind === 'ticket' ? target.code : undefined);
    if (code && facts.messageId) await threads.extend(code, facts.messageId);
    const owed = await planAnswer(person, replies, facts, code);
    return record(id, replies.some((r) => r.failed) ? 'failed' : 'handled', facts, { command: command.verb, ...(code ? { code } : {}) }, owed ?? undefined);
  }

  /** A mail over the size read: its header says who and what; they hear why nothing was opened, and it stays in the mailbox. */
  async function tooLarge(id: string, facts: MailFacts, bytes: number): Promise<MailOutcome> {
    const from = facts.from!;
    const locale = await localeFor(from.address, facts.subject);
    const mb = (n: number) => String(Math.round((n / 1024 / 1024) * 10) / 10);
    const text = translate(locale, 'mail.tooLarge', { subject: cleanSubject(facts.subject) || '…', size: mb(bytes), limit: mb(opts.maxBytes) });
    const owed = await planAnswer({ platform: EMAIL, userId: from.address, name: from.name || from.address, locale }, [{ text }], facts, undefined);
    return record(id, 'too-large', facts, { bytes }, owed ?? undefined);
  }

  /**
   * A mail carries no language setting: its words tell, when there are enough of
   * them; "RISOLTO" or "5" alone keep the language the person wrote in before.
   */
  async function localeFor(address: string, text: string): Promise<Locale> {
    const key = `email:locale:${address}`;
    const known = (await opts.store.getRef(key)) as Locale | null;
    const enough = text.split(/\s+/).filter(Boolean).length >= SURE_WORDS;
    const read = localeOfMail(text);
    if (enough && read) {
      if (read !== known) await opts.store.setRef(key, read);
      return read;
    }
    return known === 'it' || known === 'en' ? known : (read ?? opts.defaultLocale);
  }

  /** The desk's answers to a mail, as one mail; none past the address's hourly share of automatic mails. */
  async function planAnswer(person: PersonRef, replies: Reply[], facts: MailFacts, code: string | undefined): Promise<PlannedAnswer | null> {
    const said = replies.filter((r) => r.text.trim());
    if (said.length === 0) return null;
    if (!(await limit.take(person.userId, opts.clock.now()))) {
      log.warn({ component: 'email', to: person.userId }, 'automatic answers to this address stopped for the hour (a loop between two robots?)');
      return null;
    }
    const offer = said.flatMap((r) => r.actions ?? []).find((a) => a.id.startsWith('faq-yes:'))?.id.slice('faq-yes:'.length);
    const locale = person.locale ?? opts.defaultLocale;
    const paragraphs = said.flatMap((r, i) => mailParagraphs(locale, r, i === said.length - 1 ? code : undefined));
    const title = said.find((r) => r.ticket?.code === code)?.ticket?.title ?? cleanSubject(facts.subject);
    const subject = (code ? `[${code}] ${title}` : `Re: ${facts.subject || '…'}`).trim().slice(0, 200);
    const messageId = newMessageId(code);
    const refs = facts.references.concat(facts.messageId ? [facts.messageId] : []).slice(-10);
    const department = said.find((r) => r.ticket?.code === code)?.ticket?.department ?? departmentOf(facts.recipients);
    const from = fromFor(department);
    return {
      mail: {
        to: person.userId,
        ...(from ? { from } : {}),
        subject,
        ...mailBody(paragraphs, { lang: locale }),
        messageId,
        ...(facts.messageId ? { inReplyTo: facts.messageId } : {}),
        references: refs,
        automatic: true,
      },
      files: said.flatMap((r) => r.files ?? []),
      ...(code ? { code } : {}),
      ...(offer ? { offer } : {}),
    };
  }

  /** Sends an answer; once it is out, a reply to it finds its ticket or its FAQ answer. */
  async function deliver(owed: PlannedAnswer): Promise<void> {
    if (!(await sendAnswer({ ...owed.mail, attachments: await attachmentsOf(owed.files) }))) return;
    if (owed.code) await threads.extend(owed.code, owed.mail.messageId);
    else if (owed.offer) await threads.note(owed.mail.messageId, { kind: 'offer', offer: owed.offer });
  }

  async function attachmentsOf(files: readonly Attachment[]): Promise<OutgoingMail['attachments']> {
    if (!opts.files || files.length === 0) return [];
    const out: NonNullable<OutgoingMail['attachments']> = [];
    for (const f of files) {
      const bytes = await opts.files.read(f.id);
      if (bytes) out.push({ filename: f.name, content: Buffer.from(bytes), contentType: f.mime });
    }
    return out;
  }

  /** An automatic answer, tried a few times; a server that refuses it for good (a 5xx) is logged, not a reason to stop reading the mailbox. */
  async function sendAnswer(mail: OutgoingMail): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await sender.send(mail);
        return true;
      } catch (err) {
        const code = (err as { responseCode?: unknown }).responseCode;
        if ((typeof code === 'number' && code >= 500) || attempt >= SEND_TRIES) {
          log.error({ err, component: 'email', to: mail.to, messageId: mail.messageId }, 'could not send an answer by mail');
          return false;
        }
        await new Promise((resolve) => setTimeout(resolve, 500 * 3 ** (attempt - 1)));
      }
    }
  }
  const send = (mail: OutgoingMail) => sender.send(mail);

  /** One message of a change to an e-mail requester: in the ticket's thread, from its department's mailbox. */
  async function mailOfChange(person: PersonRef, reply: Reply, record: ChangeRecord, n: number): Promise<void> {
    const tk = record.ticket;
    const thread = await threads.thread(tk.code);
    // The same change delivered twice (a retry after a crash) carries the same id: mail clients show it once.
    const messageId = `${record.id.replace(/[^A-Za-z0-9.-]/g, '.')}.${n}@${domain}`.toLowerCase();
    const locale = person.locale ?? opts.defaultLocale;
    await send({
      to: person.userId,
      subject: `[${tk.code}] ${tk.title}`.slice(0, 200),
      ...mailBody(mailParagraphs(locale, reply, tk.code), { lang: locale }),
      messageId,
      ...(thread ? { inReplyTo: thread.last, references: [...new Set([thread.root, thread.last])] } : {}),
      ...(fromFor(tk.department) ? { from: fromFor(tk.department)! } : {}),
      automatic: false,
      attachments: await attachmentsOf(reply.files ?? []),
    });
    await threads.extend(tk.code, messageId);
  }

  return {
    name: EMAIL,
    register() {},
    async start() {
      for (const i of intakes) i.start();
    },
    stepsFor(record) {
      const steps: DeliveryStep[] = [];
      record.outbound.forEach((out, n) => {
        if (out.to.kind !== 'person' || out.to.person.platform !== EMAIL) return;
        const person = out.to.person;
        steps.push({ what: `mail to ${person.userId}`, run: () => mailOfChange(person, out.reply, record, n) });
      });
      return steps;
    },
    async sendDirect(person, reply) {
      if (person.platform !== EMAIL) return;
      const locale = person.locale ?? opts.defaultLocale;
      await send({ to: person.userId, subject: reply.ticket ? `[${reply.ticket.code}] ${reply.ticket.title}` : 'Sportello', ...mailBody(mailParagraphs(locale, reply, reply.ticket?.code), { lang: locale }), messageId: newMessageId(reply.ticket?.code), automatic: true });
    },
    takeMail,
    get connected() {
      return intakes.every((i) => i.connected);
    },
    async stop() {
      await Promise.all(intakes.map((i) => i.stop()));
      sender.close();
    },
  };
}

// Reads one IMAP mailbox (imapflow): every mail once, in arrival order, across
// restarts. The highest UID handled is kept in the store with the mailbox's
// UIDVALIDITY (a server that renumbers its mailbox starts the count again; the
// desk's delivery ids still stop a mail being handled twice). New mail is
// noticed by IDLE, with a slow poll behind it for servers that drop IDLE; a
// lost connection is retried with growing pauses.
import { ImapFlow } from 'imapflow';
import type { Logger, StateStore } from '../../../src/index.js';

export interface MailboxMail {
  source: Buffer;
  uid: number;
  /** `user@host/INBOX`: where it was read, for logs and records. */
  mailbox: string;
  /** Set when the mail is over the size read whole: `source` then holds its header only. */
  tooLargeBytes?: number;
}

export interface MailIntakeOptions {
  url: URL;
  refs: Pick<StateStore, 'getRef' | 'setRef'>;
  /** Handles one mail; a throw (the store unreachable) stops the pass, and the mail is read again on the next. */
  onMail(mail: MailboxMail): Promise<void>;
  logger: Logger;
  pollMs: number;
  /** The first read of the mailbox (no marker yet) passes over mail that arrived longer ago than this; 0 reads it all. */
  firstReadMs: number;
  /** Mails larger than this are not fetched whole: only their header is handed on, with their size. */
  maxBytes: number;
  clock: { now(): number };
}

export interface MailIntake {
  start(): void;
  /** Resolves once no mail is being handled. */
  stop(): Promise<void>;
  /** Where the intake stands, for readiness and tests. */
  readonly connected: boolean;
}

/** Mails fetched per round trip: big enough for a backlog, small enough not to hold a mailbox in memory. */
const BATCH = 25;
const MAX_PAUSE_MS = 60_000;

interface Marker {
  uidValidity: string;
  uid: number;
  /** When the desk first read this mailbox: mail that had arrived long before then is passed over, however late the intake reaches it. */
  firstRead?: number;
}

export function mailboxName(url: URL): string {
  const path = decodeURIComponent(url.pathname.replace(/^\/+/, ''));
  return path || 'INBOX';
}

export function mailboxLabel(url: URL): string {
  return `${decodeURIComponent(url.username)}@${url.hostname}/${mailboxName(url)}`;
}

export function createMailIntake(opts: MailIntakeOptions): MailIntake {
  const mailbox = mailboxName(opts.url);
  const label = mailboxLabel(opts.url);
  const markerKey = `email:seen:${label}`;
  const log = opts.logger;
  let stopped = false;
  let client: ImapFlow | null = null;
  let running: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let connected = false;
  // New mail announced while a pass runs: the next pass starts at once instead of after the poll.
  let announced = false;

  const readMarker = async (): Promise<Marker | null> => {
    const raw = await opts.refs.getRef(markerKey);
    if (!raw) return null;
    try {
      const m = JSON.parse(raw) as Partial<Marker>;
      if (typeof m.uidValidity !== 'string' || typeof m.uid !== 'number') return null;
      return { uidValidity: m.uidValidity, uid: m.uid, ...(typeof m.firstRead === 'number' ? { firstRead: m.firstRead } : {}) };
    } catch {
      return null;
    }
  };

  /** Handles everything above the marker, oldest first. */
  async function drain(imap: ImapFlow): Promise<void> {
    const box = imap.mailbox;
    if (!box) return;
    const uidValidity = String(box.uidValidity);
    const marker = await readMarker();
    let last = marker?.uidValidity === uidValidity ? marker.uid : 0;
    // A mailbox read for the first time may hold years of mail: only what came lately is a request waiting for us.
    const firstRead = marker?.firstRead ?? opts.clock.now();
    const since = opts.firstReadMs > 0 ? firstRead - opts.firstReadMs : null;
    let passedOver = 0;
    const found = await imap.search({ uid: `${last + 1}:*` }, { uid: true });
    // `n:*` also matches the highest UID when it is below n: keep only what is new.
    const uids = (found || []).filter((u) => u > last).sort((a, b) => a - b);
    for (let i = 0; i < uids.length && !stopped; i += BATCH) {
      // Sizes first: a mail too large to read whole (a 60 MB scan) never reaches memory, only its header does.
      const batch: { uid: number; size: number; arrived: number }[] = [];
      for await (const msg of imap.fetch(uids.slice(i, i + BATCH).join(','), { uid: true, size: true, internalDate: true }, { uid: true })) {
        batch.push({ uid: msg.uid, size: msg.size ?? 0, arrived: new Date(msg.internalDate ?? Date.now()).getTime() });
      }
      batch.sort((a, b) => a.uid - b.uid);
      const wanted = batch.filter((m) => since === null || m.arrived >= since);
      const sources = await fetchSources(imap, wanted.filter((m) => m.size <= opts.maxBytes).map((m) => m.uid), 'source');
      const headers = await fetchSources(imap, wanted.filter((m) => m.size > opts.maxBytes).map((m) => m.uid), 'headers');
      for (const m of batch) {
        if (stopped) return;
        const large = m.size > opts.maxBytes;
        const source = large ? headers.get(m.uid) : sources.get(m.uid);
        if (since !== null && m.arrived < since) passedOver++;
        else if (source) await opts.onMail({ source, uid: m.uid, mailbox: label, ...(large ? { tooLargeBytes: m.size } : {}) });
        last = m.uid;
        await opts.refs.setRef(markerKey, JSON.stringify({ uidValidity, uid: last, firstRead } satisfies Marker));
      }
    }
    if (passedOver > 0) log.info({ component: 'email', mailbox: label, passedOver }, 'mail from before the desk first read this mailbox passed over');
  }

  async function fetchSources(imap: ImapFlow, uids: number[], part: 'source' | 'headers'): Promise<Map<number, Buffer>> {
    const out = new Map<number, Buffer>();
    if (uids.length === 0) return out;
    for await (const msg of imap.fetch(uids.join(','), { uid: true, [part]: true }, { uid: true })) {
      const bytes = part === 'source' ? msg.source : msg.headers;
      if (bytes) out.set(msg.uid, bytes);
    }
    return out;
  }

  async function session(): Promise<void> {
    const url = opts.url;
    const imap = new ImapFlow({
      host: url.hostname,
      port: Number(url.port) || (url.protocol === 'imaps:' ? 993 : 143),
      secure: url.protocol === 'imaps:',
      auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
      logger: false,
      // IDLE soon after each pass, so a new mail is heard within moments rather than at the next poll.
      autoIdleDelay: 100,
      // A plain imap:// URL on loopback (a test server, a local relay) is used as it is; anywhere else STARTTLS when offered.
      doSTARTTLS: ['127.0.0.1', 'localhost', '::1'].includes(url.hostname) ? false : undefined,
    });
    client = imap;
    const closed = new Promise<void>((resolve) => imap.once('close', () => resolve()));
    imap.on('error', (err: unknown) => log.warn({ err, component: 'email', mailbox: label }, 'IMAP connection error'));
    await imap.connect();
    await imap.mailboxOpen(mailbox);
    connected = true;
    imap.on('exists', () => {
      announced = true;
      wake?.();
    });
    try {
      while (!stopped && imap.usable) {
        announced = false;
        // The lock covers a pass only: imapflow starts IDLE (which hears new mail) only while nobody holds one.
        const lock = await imap.getMailboxLock(mailbox);
        try {
          await drain(imap);
        } finally {
          lock.release();
        }
        if (stopped) break;
        if (announced) continue;
        await Promise.race([closed, new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, opts.pollMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        })]);
        wake = null;
      }
    } finally {
      connected = false;
      if (imap.usable) await imap.logout().catch(() => undefined);
      client = null;
    }
  }

  async function loop(): Promise<void> {
    let pause = 1000;
    while (!stopped) {
      const began = Date.now();
      try {
        await session();
      } catch (err) {
        if (stopped) break;
        log.warn({ err, component: 'email', mailbox: label }, 'mailbox pass failed; trying again');
      }
      if (stopped) break;
      // A session that lasted a while was healthy: start the pauses again from the shortest.
      if (Date.now() - began > MAX_PAUSE_MS) pause = 1000;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pause);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
      pause = Math.min(pause * 2, MAX_PAUSE_MS);
    }
  }

  return {
    start() {
      if (running) return;
      stopped = false;
      running = loop();
    },
    async stop() {
      stopped = true;
      wake?.();
      client?.close();
      await running;
      running = null;
    },
    get connected() {
      return connected;
    },
  };
}

// Mail into the desk: 1,000 mails appended to a real Dovecot mailbox (IMAP
// APPEND) while the bot (its own process) reads it with IDLE; each mail opens a
// ticket, and its acknowledgement goes out by SMTP to a sink in this process.
// Timed from the moment the APPEND completed (the mail is in the mailbox) to
// the moment the sink has the whole acknowledgement. Two runs: mails arriving
// at a steady pace (latency), and a backlog of 1,000 waiting at start
// (throughput). Every sender is someone new, so no per-address share applies.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildMail, freshMailbox, startSmtpSink, type FreshMailbox, type SmtpSink } from '../test/support/mail-server.js';
import { percentile, round } from './load.js';
import { BOT_ENTRY, BOT_READY, NO_LIMITS, root, rssMb, spawnServer, stop } from './processes.js';

const TEXTS = [
  'La stampante del terzo piano stampa solo pagine bianche da stamattina',
  'The label plotter in the warehouse prints blank stickers since Monday',
  'Il condizionatore della sala riunioni Verdi gocciola sul pavimento',
  'The budget workbook macro returns #REF since the quarter rollover',
  'La sedia della postazione 14 ha una rotella rotta',
];

function imapServer(): string | null {
  if (process.env.IMAP_TEST_URL) return process.env.IMAP_TEST_URL;
  try {
    const out = execFileSync('bash', [join(root, 'scripts/dovecot.sh'), 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const url = out.trim().split('\n').at(-1)!.replace(/^IMAP_TEST_URL=/, '');
    process.env.IMAP_TEST_URL = url;
    return url;
  } catch {
    return null;
  }
}

async function mails(count: number, tag: string) {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const messageId = `${tag}.${i}.${Date.now()}@bench.example.net`;
      const raw = await buildMail({ from: `Person ${i} <p${i}.${tag}@acme.it>`, to: 'helpdesk@acme.it', subject: `Richiesta ${i}`, text: `${TEXTS[i % TEXTS.length]} (${tag} ${i})`, messageId });
      return { messageId, raw };
    }),
  );
}

async function waitForAll(sink: SmtpSink, count: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (sink.mails.length < count) {
    if (Date.now() > until) throw new Error(`only ${sink.mails.length} of ${count} acknowledgements within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function latencies(sink: SmtpSink, arrived: Map<string, number>): number[] {
  const out: number[] = [];
  for (const m of sink.mails) {
    const at = arrived.get((m.inReplyTo ?? '').replace(/[<>]/g, ''));
    if (at !== undefined) out.push(m.receivedAt - at);
  }
  return out.sort((a, b) => a - b);
}

async function botFor(mailbox: FreshMailbox, sink: SmtpSink, dir: string) {
  return spawnServer([BOT_ENTRY], {
    PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'info', MONGODB_URI: '', ...NO_LIMITS, TICKET_INTAKE: 'direct',
    EMAIL_IMAP_URL: mailbox.url, EMAIL_SMTP_URL: sink.url, EMAIL_FROM: 'Help desk <helpdesk@acme.it>', EMAIL_POLL_SECONDS: '30',
  }, BOT_READY);
}

/** A fresh mailbox, an SMTP sink and a data dir, and the bot reading one into the other, for one run. */
async function withBot<T>(before: (mailbox: FreshMailbox) => Promise<void>, run: (sink: SmtpSink, mailbox: FreshMailbox, bot: Awaited<ReturnType<typeof botFor>>, started: number) => Promise<T>): Promise<T> {
  const sink = await startSmtpSink();
  const mailbox = freshMailbox();
  const dir = mkdtempSync(join(tmpdir(), 'sportello-bench-mail-'));
  try {
    await before(mailbox);
    const started = Date.now();
    const bot = await botFor(mailbox, sink, dir);
    try {
      return await run(sink, mailbox, bot, started);
    } finally {
      await stop(bot.child);
    }
  } finally {
    await mailbox.close();
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function emailIntakeBench(log: (line: string) => void, count = 1000, perSecond = 20) {
  if (!imapServer()) return { skipped: 'no IMAP server: install dovecot-imapd (scripts/dovecot.sh)' };
  // Arrivals at a steady pace, the bot reading as they come.
  const steady = await withBot(async () => undefined, async (sink, mailbox, bot) => {
    const batch = await mails(count, 'steady');
    const arrived = new Map<string, number>();
    log(`email: ${count} mails at ${perSecond}/s into the mailbox`);
    const started = Date.now();
    for (const [i, m] of batch.entries()) {
      const due = started + (i * 1000) / perSecond;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      await mailbox.deliver(m.raw);
      arrived.set(m.messageId, Date.now());
    }
    await waitForAll(sink, count, 120_000);
    const ms = latencies(sink, arrived);
    return {
      mails: count,
      pacePerSecond: perSecond,
      acknowledged: ms.length,
      arrivalToAckMs: { p50: round(percentile(ms, 50)), p90: round(percentile(ms, 90)), p99: round(percentile(ms, 99)), max: round(Math.max(...ms)) },
      botRssMb: rssMb(bot.child.pid!),
    };
  });
  // A backlog: everything in the mailbox before the bot starts.
  const backlog = await withBot(
    async (mailbox) => {
      for (const m of await mails(count, 'backlog')) await mailbox.deliver(m.raw);
      log(`email: a backlog of ${count} mails`);
    },
    async (sink, _mailbox, _bot, started) => {
      await waitForAll(sink, count, 300_000);
      const seconds = (Date.now() - started) / 1000;
      return { mails: count, secondsFromStart: round(seconds), mailsPerSecond: round(count / seconds, 1) };
    },
  );
  return { steady, backlog };
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { createSqliteStore } from '../adapters/storage/sqlite/create-sqlite-store.js';
import { createEmailAdapter, type EmailAdapter } from '../adapters/channels/email/create-email-adapter.js';
import { createTestDesk, type TestDesk } from './support/desk.js';
import { buildMail, startSmtpSink, type SmtpSink, type MailSpec } from './support/mail-server.js';
import { readAuthResults } from '../adapters/channels/email/auth-results.js';

let dir: string; let d: TestDesk; let sink: SmtpSink; let email: EmailAdapter; let uid = 0;
const pending: Promise<unknown>[] = [];
const logs: unknown[] = [];
function makeAdapter(smtpUrl: string, extra: Partial<Parameters<typeof createEmailAdapter>[0]> = {}) {
  return createEmailAdapter({ imapUrls: [], smtpUrl, from: 'Help desk <helpdesk@acme.it>', addresses: [{ address: 'helpdesk@acme.it', department: 'it' }, { address: 'people@acme.it', department: 'hr' }],
    allowedDomains: [], requireAuth: false, autoRepliesPerHour: 5, pollMs: 1000, defaultLocale: 'en', handle: (e) => d.handle(e), store: d.store, files: d.deps.files,
    logger: { debug() {}, info() {}, warn: (o: unknown, m: string) => logs.push([m, o]), error: (o: unknown, m: string) => logs.push([m, o]) } as never, clock: { now: () => d.clock.t }, ...extra });
}
const take = async (a: EmailAdapter, spec: Partial<MailSpec> & { from: string }) => {
  const out = await a.takeMail({ source: await buildMail({ to: 'helpdesk@acme.it', subject: 's', text: 't', messageId: `m${++uid}.${Date.now()}@x.example`, ...spec }), uid: ++uid, mailbox: 'test' });
  await Promise.all(pending.splice(0));
  return out;
};
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rev20-'));
  const store = createSqliteStore({ file: join(dir, 'db.sqlite') });
  d = await createTestDesk(store);
  sink = await startSmtpSink();
  email = makeAdapter(sink.url);
  // deliver committed changes through the adapter, as the relay does
  (d.deps as { changes: unknown }).changes = { concerns: () => true, committed: (record: never) => { for (const s of email.stepsFor(record)) pending.push(s.run()); } };
});
afterAll(async () => { await email.stop(); await sink.close(); await d.store.close(); rmSync(dir, { recursive: true, force: true }); });

describe('review20', () => {
  it('A1 requireAuth: spf=pass for the attacker\'s own envelope domain + dmarc=fail counts as authenticated', () => {
    const r = readAuthResults(['mx.acme.it; spf=pass smtp.mailfrom=evil.example; dkim=pass header.d=evil.example; dmarc=fail header.from=acme.it'], 'mx.acme.it');
    expect(r.authenticated).toBe(false);
  });

  it('A2 a From with a comma inside the angle brackets makes the desk mail several addresses', async () => {
    const before = sink.mails.length;
    const raw = Buffer.from('From: "x" <victim1@a.example,victim2@b.example>\r\nTo: helpdesk@acme.it\r\nSubject: Buy cheap pills at evil.example\r\nMessage-ID: <raw1@x.example>\r\n\r\nThe printer on floor 3 does not print anything since this morning, please help\r\n');
    console.log('A2 outcome', await email.takeMail({ source: raw, uid: 999, mailbox: 't' }));
    const sent = sink.mails.slice(before);
    expect(sent.flatMap((m) => m.envelope.rcptTo)).toEqual([]);
  });

  it('A3 a stranger writing [IT-n] of someone else\'s e-mail ticket gets its title in their answer subject', async () => {
    await take(email, { from: 'victim@acme.it', subject: 'Salary review of Rossi, confidential', text: 'Please look at the salary review document for Rossi, the numbers in the sheet are wrong' });
    const ack = sink.mails.at(-1)!;
    const code = ack.subject.match(/\[([A-Z]+-\d+)\]/)![1]!;
    const agent = await d.agent({ userId: 'ag1', name: 'Anna', departments: ['it', 'hr'], tier: 3 });
    await d.say(agent, `ticket reply ${code} Looking`); await Promise.all(pending.splice(0));
    const before = sink.mails.length;
    await take(email, { from: 'attacker@evil.example', subject: `[${code}] mailbox`, text: 'My mailbox is full' });
    const toAtt = sink.mails.slice(before).filter((m) => m.to.includes('attacker@evil.example'));
    expect(toAtt.map((m) => m.subject).join('|')).not.toContain('Salary');
  });

  it('A4 a second [X-n] in the subject (an error code) wins over the ticket code: the reply opens a new ticket', async () => {
    await take(email, { from: 'mario@acme.it', subject: 'VPN client crashes', text: 'The VPN client crashes at start on my laptop since the update yesterday' });
    const code = sink.mails.at(-1)!.subject.match(/\[([A-Z]+-\d+)\]/)![1]!;
    const n = (await d.store.events(code)).length;
    await take(email, { from: 'mario@acme.it', subject: `Re: [${code}] VPN client crashes [E-42]`, text: 'It now shows the error E-42 when I start it at home' });
    expect((await d.store.events(code)).length).toBe(n + 1);
  });

  it('A5 a subject tag that is not a valid code ([ERR-0042]) mails an error back and opens nothing', async () => {
    const before = sink.mails.length;
    await take(email, { from: 'luisa@acme.it', subject: 'Gestionale: errore [ERR-0042] al salvataggio', text: 'Il gestionale mostra questo errore ogni volta che salvo una fattura da stamattina' });
    const got = sink.mails.slice(before);
    console.log('A5 got', got.map((m) => [m.subject, m.text]));
    expect(await d.store.byRequester('email', 'luisa@acme.it', { limit: 5 })).toHaveLength(1);
    expect(got[0]?.text).not.toMatch(/code/i);
  });

  it('A6 a mail with someone else\'s Message-ID is dropped as duplicate (pre-emption)', async () => {
    const id = `shared.${Date.now()}@x.example`;
    await take(email, { from: 'attacker2@evil.example', messageId: id, subject: 'hello', text: 'The scanner on floor 2 does not scan to e-mail any more' });
    const out = await take(email, { from: 'victim3@acme.it', messageId: id, subject: 'Urgent', text: 'My laptop screen is broken and I cannot work at all today' });
    expect(out).toBe('handled');
  });

  it('A7 an SMTP failure on the acknowledgement loses it for good (the retry sees a duplicate)', async () => {
    const dead = makeAdapter('smtp://127.0.0.1:1');
    const spec = { from: 'anna@acme.it', messageId: `lost.${Date.now()}@x.example`, subject: 'Mailbox', text: 'My mailbox is full' };
    await expect(take(dead, spec)).rejects.toThrow();
    const again = await take(email, spec);
    expect(again).toBe('handled');
    dead.stop().catch(() => undefined);
  });

  it('A8 a refused recipient (relay denies) throws out of takeMail, killing the IMAP session', async () => {
    const srv = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false, onRcptTo: (_a, _s, cb) => cb(new Error('550 relay denied')), onData: (s, _x, cb) => { s.resume(); s.on('end', () => cb()); } });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const port = (srv.server.address() as { port: number }).port;
    const a = makeAdapter(`smtp://127.0.0.1:${port}`);
    await expect(take(a, { from: 'someone@nonexistent.invalid', subject: 'x', text: 'The VPN does not connect from home since yesterday evening at all' })).resolves.toBe('handled');
    await a.stop(); srv.close();
  });

  it('A9 the hourly share is per exact string: plus-addresses each get a full share', async () => {
    const before = sink.mails.length;
    for (let i = 0; i < 8; i++) await take(email, { from: `robot+${i}@loop.example`, subject: `Ticket ${i}`, text: `Automatic notice number ${i} about the backup job that failed tonight on server ${i}` });
    expect(sink.mails.slice(before).length).toBeLessThanOrEqual(5);
  });

  it('A10 a person in CC on someone\'s thread, saying thanks, joins that ticket\'s thread', async () => {
    await take(email, { from: 'owner@acme.it', subject: 'Printer jam', text: 'The printer on the second floor jams at every page since Monday' });
    const ack = sink.mails.at(-1)!;
    console.log('A10 ack', ack.to, ack.subject, ack.text);
    const code = ack.subject.match(/\[([A-Z]+-\d+)\]/)![1]!;
    await take(email, { from: 'colleague@acme.it', subject: `Re: [${code}] Printer jam`, text: 'Thanks!', inReplyTo: ack.messageId!.replace(/[<>]/g, '') });
    const t = await d.store.getRef(`email:thread:${code}`);
    expect(t).not.toContain('colleague');
    console.log('thread', t);
  });
});

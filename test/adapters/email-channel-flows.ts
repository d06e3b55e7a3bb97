// The e-mail channel end to end: mails delivered into a real Dovecot mailbox,
// read by our server over IMAP, answered through SMTP into a local sink, with
// an agent working the ticket from the Slack stand-in. Once per store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/index.js';
import { slackServerEnv, startFakeSlack, type FakeSlack, type SlackCall } from '../support/fake-slack.js';
import { buildMail, freshMailbox, startSmtpSink, type FreshMailbox, type MailSpec, type SinkMail, type SmtpSink } from '../support/mail-server.js';
import { pngBytes } from '../support/sample-files.js';
import type { StoreEnv } from '../support/server-stores.js';
import { startServer, type RunningServer } from '../support/server.js';
import { messageEvent, postToSlackEndpoint } from '../support/slack-requests.js';

const TRIAGE = 'C0MAILTRI1';
const AGENT = 'U0MAILAGT1';
const DESK = 'helpdesk@acme.it';

export function emailEnv(mailbox: FreshMailbox, sink: SmtpSink, extra: Record<string, string> = {}): Record<string, string> {
  return {
    EMAIL_IMAP_URL: mailbox.url,
    EMAIL_SMTP_URL: sink.url,
    EMAIL_FROM: `Help desk <${DESK}>`,
    EMAIL_ADDRESSES: `${DESK}:it,people@acme.it:hr`,
    EMAIL_POLL_SECONDS: '1',
    ...extra,
  };
}

let seq = 0;
export const mailId = (from: string) => `${(from.match(/<([^>]+)>/)?.[1] ?? from).replace(/@.*/, '')}.${Date.now()}.${++seq}@mail.example.net`;

export function runEmailChannelFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe(`the e-mail channel through Dovecot and SMTP on ${name}`, () => {
    let fake: FakeSlack;
    let sink: SmtpSink;
    let mailbox: FreshMailbox;
    let server: RunningServer;
    let storage: StoreEnv;
    let store: Store;

    beforeAll(async () => {
      fake = await startFakeSlack({ [AGENT]: { name: 'Anna', locale: 'en-GB' } });
      sink = await startSmtpSink();
      mailbox = freshMailbox();
      storage = await storeEnv();
      server = await startServer({ ...storage.env, ...slackServerEnv(fake, TRIAGE), ...emailEnv(mailbox, sink, { EMAIL_AUTO_REPLIES_PER_HOUR: '3', EMAIL_MAX_MB: '0.5', LIMIT_MESSAGES_PER_MINUTE: '3' }) });
      store = await storage.open(server.dataDir);
      await store.saveAgent({ platform: 'slack', userId: AGENT, name: 'Anna', departments: ['it', 'hr'], tier: 2, role: 'agent' });
    });
    afterAll(async () => {
      await store?.close();
      await server?.stop();
      await mailbox?.close();
      await sink?.close();
      await fake?.close();
      await storage?.cleanup();
    });

    async function deliver(spec: Omit<MailSpec, 'to'> & { to?: string }): Promise<string> {
      const messageId = spec.messageId ?? mailId(spec.from);
      await mailbox.deliver(await buildMail({ to: DESK, ...spec, messageId }));
      return messageId;
    }
    const to = (address: string) => (m: SinkMail) => m.to.includes(address);
    const answering = (id: string) => (m: SinkMail) => m.inReplyTo === `<${id}>` || m.inReplyTo === id;

    async function slackDm(text: string): Promise<SlackCall> {
      const n = fake.calls.length;
      expect((await postToSlackEndpoint(server.base, messageEvent({ user: AGENT, text, channel: `D${AGENT}`, channelType: 'im' }), 'application/json')).status).toBe(200);
      return fake.waitFor((c) => fake.calls.indexOf(c) >= n && c.method === 'chat.postMessage' && c.args.channel === `D${AGENT}`, `the answer to "${text}"`);
    }

    it('takes a mail in as a ticket, threads every answer, appends the reply without its quote, and closes on SOLVED', async () => {
      const mario = 'mario.rossi@acme.it';
      const first = await deliver({ from: `Mario Rossi <${mario}>`, subject: 'Plotter in magazzino', text: 'Il plotter delle etichette in magazzino stampa etichette bianche da stamattina.\n\nMario Rossi\nUfficio acquisti' });
      const ack = await sink.waitFor(answering(first));
      const code = ack.subject.match(/^\[([A-Z]+-\d+)\] /)?.[1];
      expect(code, ack.subject).toMatch(/^IT-\d+$/);
      expect(ack.subject).toBe(`[${code}] Plotter in magazzino`);
      expect(ack.text).toMatch(new RegExp(`Ho aperto il ticket ${code} `));
      expect(ack.text).toContain(`[${code}]`);
      expect(ack.references).toContain(`<${first}>`);
      expect(ack.headers.get('auto-submitted')).toBe('auto-replied');
      expect(ack.html).toContain('<meta charset="utf-8">');

      // The agent answers from Slack; the mail goes out in the same thread, without the automatic mark.
      await slackDm(`ticket reply ${code} Che modello è? Lo vedi sull'etichetta dietro.`);
      const asked = await sink.waitFor((m) => to(mario)(m) && m.text.includes('Che modello è?'));
      expect(asked.subject).toBe(`[${code}] Plotter in magazzino`);
      expect(asked.references).toContain(`<${first}>`);
      expect(asked.headers.get('auto-submitted')).toBeUndefined();

      // Mario answers from his client: a quoted history under his words, a subject with "R:".
      const quoted = `È uno Zebra ZT411.\n\nIl giorno lun 30 nov 2026 alle ore 10:02 Help desk <${DESK}> ha scritto:\n> Che modello è? Lo vedi sull'etichetta dietro.\n> \n> Per aggiungere qualcosa rispondi a questa mail`;
      await deliver({ from: `Mario Rossi <${mario}>`, subject: `R: [${code}] Plotter in magazzino`, text: quoted, inReplyTo: asked.messageId!, references: [first, asked.messageId!.replace(/[<>]/g, '')] });
      const relayed = await fake.waitFor((c) => c.method === 'chat.postMessage' && String(c.args.text ?? '').includes('Zebra ZT411'), 'the reply reaching the agent');
      expect(String(relayed.args.text)).not.toContain('ha scritto');
      const events = await store.events(code!);
      expect(events.at(-1)).toMatchObject({ kind: 'message', text: 'È uno Zebra ZT411.' });
      // Nothing comes back for a reply that only adds to the ticket: the thread shows it already.
      expect(sink.mails.filter(to(mario))).toHaveLength(2);

      await slackDm(`ticket resolve ${code} Sostituita la testina di stampa.`);
      const resolved = await sink.waitFor((m) => to(mario)(m) && m.text.includes('Sostituita la testina'));
      expect(resolved.text).toMatch(/RISOLTO/);
      // The subject lost its code on the way back: the ids still find the ticket.
      await deliver({ from: mario, subject: 'Re: plotter', text: 'RISOLTO, grazie!', inReplyTo: resolved.messageId!.replace(/[<>]/g, '') });
      const thanks = await sink.waitFor((m) => to(mario)(m) && m.text.includes("rispondi solo con un numero da 1 a 5"));
      await deliver({ from: mario, subject: `R: [${code}] Plotter in magazzino`, text: '5', inReplyTo: thanks.messageId!.replace(/[<>]/g, '') });
      await sink.waitFor((m) => to(mario)(m) && m.text.includes(`Grazie per aver dato 5/5 a ${code}.`));
      expect((await store.get(code!))?.status).toBe('closed');
      expect((await store.get(code!))?.rating?.score).toBe(5);
    });

    it('never answers an out-of-office or a bounce, and keeps answering people', async () => {
      const away = 'luca.bianchi@acme.it';
      await deliver({ from: away, subject: 'Risposta automatica: [IT-1] Plotter', text: 'Sono fuori ufficio fino al 7 dicembre.', headers: { 'Auto-Submitted': 'auto-replied' } });
      await deliver({ from: 'MAILER-DAEMON@mx.acme.it', subject: 'Undelivered Mail Returned to Sender', text: 'This is the mail system at host mx.acme.it. I\'m sorry to have to inform you that your message could not be delivered.', headers: { 'Return-Path': '<>' } });
      // A person's mail after them: once its answer is out, the two before it were read and passed over.
      const marker = await deliver({ from: 'giulia.verdi@acme.it', subject: 'Monitor sala riunioni', text: 'Il proiettore della sala Blu non si accende dal mattino.' });
      await sink.waitFor(answering(marker));
      expect(sink.mails.filter((m) => to(away)(m) || to('mailer-daemon@mx.acme.it')(m))).toEqual([]);
      expect(await store.byRequester('email', away, { limit: 5 })).toEqual([]);
    });

    it('keeps the files a mail brings on its ticket, leaving the signature logo out', async () => {
      const from = 'elena.galli@acme.it';
      const id = await deliver({
        from,
        subject: 'Errore gestionale',
        text: 'Il gestionale mostra questo errore quando salvo un ordine, allego la schermata.',
        html: '<p>Il gestionale mostra questo errore quando salvo un ordine, allego la schermata.</p><p><img src="cid:logo@acme"></p>',
        attachments: [
          { filename: 'errore.png', content: pngBytes(16, 12, 7), contentType: 'image/png' },
          { filename: 'logo.png', content: pngBytes(4, 4, 3), contentType: 'image/png', cid: 'logo@acme' },
        ],
      });
      const ack = await sink.waitFor(answering(id));
      const code = ack.subject.match(/^\[([A-Z]+-\d+)\]/)![1]!;
      const tk = await store.get(code);
      expect(tk!.files?.map((f) => [f.name, f.mime])).toEqual([['errore.png', 'image/png']]);
    });

    it('stops a loop between the desk and an auto-responder after the hourly share, keeping every mail it sends', async () => {
      // A robot that does not mark its mails answers each of ours with a fresh mail: without the share, the two would talk for ever.
      const robot = 'alerts@vendor.example';
      const sent: string[] = [];
      const robotSays = async () => {
        const round = sent.length;
        sent.push(await deliver({ from: robot, subject: `Alert ${round}: disk usage on srv-${round}`, text: `Disk usage on srv-${round} is above 90 percent, please check the volume.` }));
      };
      await robotSays();
      for (let answered = 0; ; answered++) {
        const got = await sink.waitFor(answering(sent.at(-1)!), 3000).then(() => true, () => false);
        if (!got) break;
        await robotSays();
      }
      // A person's mail after the robot's last: once it is answered, the robot's was read and left unanswered.
      const marker = await deliver({ from: 'sara.neri@acme.it', subject: 'Cuffie', text: 'Le cuffie del softphone non hanno audio da ieri pomeriggio.' });
      await sink.waitFor(answering(marker));
      expect(sink.mails.filter(to(robot))).toHaveLength(3);
      expect(sent).toHaveLength(4);
      expect(await store.byRequester('email', robot, { limit: 20 })).toHaveLength(4);
    });

    it('tells the sender of a mail too large to read why nothing was opened, and leaves the mail in the mailbox', async () => {
      const from = 'franco.ferri@acme.it';
      const scan = Buffer.alloc(700 * 1024, 7);
      const id = await deliver({ from, subject: 'Contratto firmato', text: 'In allegato la scansione del contratto firmato, serve archiviarla nel gestionale.', attachments: [{ filename: 'contratto.pdf', content: scan, contentType: 'application/pdf' }] });
      const told = await sink.waitFor(answering(id));
      expect(told.text).toMatch(/"Contratto firmato"/);
      expect(told.text).toMatch(/0\.5 MB/);
      expect(told.text).toMatch(/\b(0\.9|1) MB/);
      expect(told.headers.get('auto-submitted')).toBe('auto-replied');
      expect(await store.byRequester('email', from, { limit: 5 })).toEqual([]);
      // Never deleted nor flagged: an administrator can still fetch it from the mailbox.
      const kept = (await mailbox.list()).find((m) => m.subject === 'Contratto firmato');
      expect(kept?.flags).not.toContain('\\Deleted');
      // The same person writing a normal mail after it is served as usual.
      const next = await deliver({ from, subject: 'Contratto', text: 'Vi mando il contratto come link: https://files.acme.it/contratto.pdf' });
      const ack = await sink.waitFor(answering(next));
      expect(ack.subject).toMatch(/^\[IT-\d+\] Contratto$/);
    });

    it('opens a mail sent to one department and copied to another in the first it was sent to, answered from that address', async () => {
      const id = await deliver({ from: 'paola.conti@acme.it', to: 'people@acme.it', cc: DESK, subject: 'Cedolino di novembre', text: 'Nel cedolino di novembre mancano le ore di straordinario del 12 e del 13.' });
      const ack = await sink.waitFor(answering(id));
      expect(ack.subject).toMatch(/^\[HR-\d+\] /);
      expect(ack.from).toBe('people@acme.it');
      expect(ack.fromName).toBe('Help desk');
    });

    it('keeps every mail of a burst from one person on its own ticket (the chat\'s pace limit is not for mail)', async () => {
      const from = 'rita.serra@acme.it';
      // Requests no FAQ answers, so each is a ticket.
      const asks: Record<string, string> = {
        'Armadio sala 3': 'La chiave dell\'armadio rack della sala 3 è sparita dalla bacheca.',
        'Plotter A0': 'Il plotter A0 dello studio tecnico taglia i fogli a metà.',
        'Badge ospiti': 'Servono cinque badge ospiti per la visita del fornitore di giovedì.',
        'Licenza CAD': 'La licenza del programma CAD scade venerdì, va rinnovata.',
        'Microonde': 'Il microonde della cucina del secondo piano fa scintille.',
      };
      const subjects = Object.keys(asks);
      for (const subject of subjects) await deliver({ from, subject, text: asks[subject]! });
      await expect.poll(async () => (await store.byRequester('email', from, { limit: 10 })).length, { timeout: 15_000 }).toBe(subjects.length);
      const titles = (await store.byRequester('email', from, { limit: 10 })).map((tk) => tk.title).sort();
      expect(titles).toEqual([...subjects].sort());
    });
  });
}

/** A server stopped half-way through a mailbox and started again handles each mail once: one ticket, one answer. */
export function runEmailRestartFlow(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe(`the e-mail channel across a restart on ${name}`, () => {
    let sink: SmtpSink;
    let mailbox: FreshMailbox;
    let storage: StoreEnv;
    let dataDir: string;
    const servers: RunningServer[] = [];

    beforeAll(async () => {
      sink = await startSmtpSink();
      mailbox = freshMailbox();
      storage = await storeEnv();
      dataDir = mkdtempSync(join(tmpdir(), 'sportello-mail-restart-'));
    });
    afterAll(async () => {
      for (const s of servers) await s.stop().catch(() => undefined);
      await mailbox?.close();
      await sink?.close();
      await storage?.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('processes each mail exactly once when the server stops mid-mailbox', async () => {
      const people = Array.from({ length: 12 }, (_, i) => `worker${i}@acme.it`);
      const ids: string[] = [];
      for (const [i, who] of people.entries()) {
        const messageId = mailId(who);
        ids.push(messageId);
        await mailbox.deliver(await buildMail({ from: who, to: DESK, subject: `Sedia rotta ${i}`, text: `La sedia della postazione ${i} ha una rotella rotta e non si regola più.`, messageId }));
      }
      // Three days old when the desk first reads the mailbox: passed over, not a ticket.
      await mailbox.deliver(await buildMail({ from: 'old@acme.it', to: DESK, subject: 'Vecchia richiesta', text: 'Una richiesta di tre giorni fa, già gestita a mano dal collega.', messageId: mailId('old@acme.it') }), { arrived: new Date(Date.now() - 3 * 24 * 3600_000) });
      const env = { ...storage.env, DATA_DIR: dataDir, ...emailEnv(mailbox, sink) };
      const first = await startServer(env);
      servers.push(first);
      await expect.poll(() => sink.mails.length, { timeout: 20_000, interval: 20 }).toBeGreaterThanOrEqual(3);
      await first.stop();
      const seenBefore = sink.mails.length;
      expect(seenBefore).toBeLessThan(12);

      servers.push(await startServer(env));
      await expect.poll(() => sink.mails.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(12);
      // One more mail after them all: once it is answered, nothing before it is still on its way.
      const last = mailId('late@acme.it');
      await mailbox.deliver(await buildMail({ from: 'late@acme.it', to: DESK, subject: 'Lampada', text: 'La lampada della scrivania 40 non si accende più.', messageId: last }));
      await sink.waitFor((m) => m.inReplyTo === `<${last}>`, 20_000);
      const answersPer = ids.map((id) => sink.mails.filter((m) => m.inReplyTo === `<${id}>`).length);
      expect(answersPer).toEqual(ids.map(() => 1));
      const store = await storage.open(dataDir);
      try {
        for (const who of people) expect(await store.byRequester('email', who, { limit: 5 }), who).toHaveLength(1);
        expect(await store.byRequester('email', 'old@acme.it', { limit: 5 })).toEqual([]);
        expect(sink.mails.filter((m) => m.to.includes('old@acme.it'))).toEqual([]);
      } finally {
        await store.close();
      }
    });
  });
}

/** A desk for the company's own people only: strangers and mail our server did not authenticate are never served. */
export function runInternalDeskFlow(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe(`an internal-only e-mail desk on ${name}`, () => {
    let sink: SmtpSink;
    let mailbox: FreshMailbox;
    let storage: StoreEnv;
    let server: RunningServer;

    beforeAll(async () => {
      sink = await startSmtpSink();
      mailbox = freshMailbox();
      storage = await storeEnv();
      server = await startServer({ ...storage.env, ...emailEnv(mailbox, sink, { EMAIL_ALLOWED_DOMAINS: 'acme.it', EMAIL_AUTHSERV_ID: 'mx.acme.it' }) });
    });
    afterAll(async () => {
      await server?.stop();
      await mailbox?.close();
      await sink?.close();
      await storage?.cleanup();
    });

    const send = async (from: string, headers: Record<string, string | string[]>) => {
      const messageId = mailId(from);
      await mailbox.deliver(await buildMail({ from, to: DESK, subject: 'Accesso VPN', text: 'Non riesco ad accedere alla VPN aziendale da casa da lunedì.', messageId, headers }));
      return messageId;
    };

    it('answers only authenticated mail from its own domain; a verdict forged under our server\'s does not count', async () => {
      const passed = 'mx.acme.it; dkim=pass header.d=acme.it header.s=sel1; spf=pass smtp.mailfrom=acme.it; dmarc=pass header.from=acme.it';
      await send('someone@gmail.example', { 'Authentication-Results': 'mx.acme.it; dkim=pass header.d=gmail.example; spf=pass smtp.mailfrom=gmail.example' });
      await send('boss@acme.it', {});
      await send('cfo@acme.it', { 'Authentication-Results': ['mx.acme.it; dkim=fail header.d=acme.it; spf=fail smtp.mailfrom=acme.it; dmarc=fail', passed] });
      const good = await send('anna.conti@acme.it', { 'Authentication-Results': passed });
      await sink.waitFor((m) => m.inReplyTo === `<${good}>`);
      expect(sink.mails.map((m) => m.to).flat()).toEqual(['anna.conti@acme.it']);
      const store = await storage.open(server.dataDir);
      try {
        for (const who of ['someone@gmail.example', 'boss@acme.it', 'cfo@acme.it']) expect(await store.byRequester('email', who, { limit: 5 }), who).toEqual([]);
      } finally {
        await store.close();
      }
    });
  });
}

// Files on Slack end to end: signed events into the real Bolt receiver, the
// files fetched from the Slack stand-in with the bot token, kept by the desk's
// store, refused when too big or not what they claim, and a reply's files
// uploaded back through the stand-in's external upload.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/index.js';
import type { StoreEnv } from '../support/server-stores.js';
import { BOT_TOKEN, slackServerEnv, startFakeSlack, type FakeSlack, type SlackCall } from '../support/fake-slack.js';
import { openStream, post, startServer, type RunningServer } from '../support/server.js';
import { messageEvent, postToSlackEndpoint, slashCommand, viewSubmission } from '../support/slack-requests.js';
import { exeBytes, pdfBytes, pngBytes } from '../support/sample-files.js';

const TRIAGE = 'C0TRIAGE01';
const MARIO = 'U0FAKEUSER1';
const ANNA = 'U0AGENT001';
const OTTO = 'U0OTHER001';
const LUCIA = 'U0FAKEUSER2';
const MB = 1024 * 1024;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export function runSlackFilesFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe(`files on Slack through Bolt on ${name}`, () => {
    let fake: FakeSlack;
    let server: RunningServer;
    let storage: StoreEnv;
    let store: Store;

    beforeAll(async () => {
      fake = await startFakeSlack({
        [MARIO]: { name: 'Mario', locale: 'it-IT' },
        [ANNA]: { name: 'Anna', locale: 'en-US' },
        [OTTO]: { name: 'Otto', locale: 'en-GB' },
        [LUCIA]: { name: 'Lucia', locale: 'it-IT' },
      });
      storage = await storeEnv();
      // One megabyte per file: the oversize cases stay quick.
      server = await startServer({ ...storage.env, ...slackServerEnv(fake, TRIAGE), FILES_MAX_MB: '1' });
      store = await storage.open(server.dataDir);
      await store.saveAgent({ platform: 'slack', userId: ANNA, name: 'Anna', departments: ['it'], tier: 1, role: 'agent' });
    });
    afterAll(async () => {
      await store?.close();
      await server?.stop();
      await fake?.close();
      await storage?.cleanup();
    });

    const after = (n: number) => (pred: (c: SlackCall) => boolean) => (c: SlackCall) => fake.calls.indexOf(c) >= n && pred(c);
    const share = (user: string, text: string, files: Record<string, unknown>[], o: { eventId?: string; ts?: string } = {}) =>
      postToSlackEndpoint(server.base, messageEvent({ user, text, channel: `D${user}`, channelType: 'im', files, ...o }), 'application/json');
    const dmTo = (user: string, n: number, what: string, pred: (text: string) => boolean = () => true) =>
      fake.waitFor(after(n)((c) => c.method === 'chat.postMessage' && c.args.channel === `D${user}` && pred(String(c.args.text))), what);
    /** What the desk said to `user` alone in their DM (refusals, notices). */
    const toldAlone = (user: string, n: number, what: string, pred: (text: string) => boolean) =>
      fake.waitFor(after(n)((c) => c.method === 'chat.postEphemeral' && c.args.channel === `D${user}` && c.args.user === user && pred(String(c.args.text))), what);
    const downloadsOf = (file: Record<string, unknown>) => fake.downloads.filter((d) => d.fileId === file.id);
    const kept = async (bytes: Uint8Array) => {
      const got = await store.readFile(sha256(bytes));
      return got ? Buffer.from(got).equals(Buffer.from(bytes)) : false;
    };

    it('keeps a screenshot shared in the DM, fetched once with the bot token, even when Slack sends the event again', async () => {
      const png = pngBytes(16, 9);
      const file = fake.host({ name: 'schermata.png', bytes: png, mimetype: 'image/png' });
      const n = fake.calls.length;
      const first = messageEvent({ user: MARIO, text: 'la stampante non stampa, ecco lo schermo', channel: `D${MARIO}`, channelType: 'im', files: [file], eventId: 'EvFilePng1' });
      // Slack's retry of an event whose ack it missed: the same body again, at once and later.
      const [ack, retry] = await Promise.all([postToSlackEndpoint(server.base, first, 'application/json'), postToSlackEndpoint(server.base, first, 'application/json')]);
      expect([ack.status, retry.status]).toEqual([200, 200]);
      const answer = await dmTo(MARIO, n, 'the answer to the screenshot', (t) => /IT-\d+/.test(t));
      expect(await kept(png)).toBe(true);
      // A screenshot wants a person: the ticket opens at once and lists it.
      const ticket = await store.get(/IT-\d+/.exec(String(answer.args.text))![0]);
      expect(ticket?.files?.map((f) => ({ id: f.id, name: f.name, mime: f.mime, size: f.size }))).toEqual([{ id: sha256(png), name: 'schermata.png', mime: 'image/png', size: png.length }]);
      expect(downloadsOf(file)).toEqual([{ fileId: file.id, authorization: `Bearer ${BOT_TOKEN}`, sent: png.length, finished: true }]);
      expect((await postToSlackEndpoint(server.base, first, 'application/json')).status).toBe(200);
      await new Promise((r) => setTimeout(r, 400));
      expect(downloadsOf(file)).toHaveLength(1);
      expect(fake.calls.filter(after(n)((c) => c.method === 'chat.postMessage' && c.args.channel === `D${MARIO}`))).toHaveLength(1);
    });

    it('takes a message that is only a file', async () => {
      const png = pngBytes(3, 3, 2);
      const file = fake.host({ name: 'solo-file.png', bytes: png, mimetype: 'image/png' });
      const n = fake.calls.length;
      await share(OTTO, '', [file]);
      const answer = await dmTo(OTTO, n, 'the answer to a file without words', (t) => /IT-\d+/.test(t));
      expect(await kept(png)).toBe(true);
      const ticket = await store.get(/IT-\d+/.exec(String(answer.args.text))![0]);
      expect(ticket?.files?.map((f) => f.name)).toEqual(['solo-file.png']);
      expect(ticket?.requester.userId).toBe(OTTO);
    });

    it('fetches nothing Slack says is too big, and stops reading a download that grows past the limit', async () => {
      const png = pngBytes(2, 2);
      // Slack's own size is past the limit: not fetched at all.
      const honest = fake.host({ name: 'enorme.png', bytes: png, mimetype: 'image/png', claimedSize: 5 * MB });
      // The size is small, the Content-Length is not: refused on the header.
      const declared = fake.host({ name: 'dichiarato.png', bytes: png, mimetype: 'image/png', claimedSize: png.length, contentLength: 5 * MB });
      // Small size, no Content-Length, 64 MB of body: read until the limit, then dropped.
      const endless = fake.host({ name: 'infinito.png', bytes: new Uint8Array(64 * 1024).fill(7), mimetype: 'image/png', claimedSize: 1000, endless: 64 * MB });
      const n = fake.calls.length;
      await share(MARIO, 'tre file grandi', [honest, declared, endless]);
      await dmTo(MARIO, n, 'the answer to the big files');
      // Told in Mario's language, each file by name, the words kept all the same.
      const told = await toldAlone(MARIO, n, 'the refusals', (t) => t.includes('enorme.png'));
      const lines = String(told.args.text).split('\n');
      expect(lines).toEqual([
        '"enorme.png" non è stato tenuto: è di 5.0 MB e i file possono essere al massimo di 1.0 MB.',
        '"dichiarato.png" non è stato tenuto: è di 5.0 MB e i file possono essere al massimo di 1.0 MB.',
        // Slack's text escapes ">"; it shows as "> 1.0 MB".
        '"infinito.png" non è stato tenuto: è di &gt; 1.0 MB e i file possono essere al massimo di 1.0 MB.',
      ]);
      expect(downloadsOf(honest)).toEqual([]);
      expect(downloadsOf(declared)).toHaveLength(1);
      expect(downloadsOf(declared)[0]!.finished).toBe(false);
      const streamed = downloadsOf(endless)[0]!;
      expect(streamed.finished).toBe(false);
      // What the stand-in wrote before the desk hung up: the limit and what sockets buffer, far from the 64 MB.
      expect(streamed.sent).toBeLessThan(8 * MB);
    });

    it('refuses an executable named like a PDF, and keeps nothing of it', async () => {
      const exe = exeBytes();
      const file = fake.host({ name: 'fattura.pdf', bytes: exe, mimetype: 'application/pdf' });
      const n = fake.calls.length;
      await share(MARIO, 'la fattura', [file]);
      await dmTo(MARIO, n, 'the answer to the disguised executable');
      const told = await toldAlone(MARIO, n, 'the refusal', (t) => t.includes('fattura.pdf'));
      expect(told.args.text).toBe('"fattura.pdf" non è stato tenuto: il suo contenuto è application/x-msdownload, che l\'help desk non accetta. Sono benvenuti immagini, PDF, testo e log, documenti office e file zip.');
      expect(downloadsOf(file)).toHaveLength(1);
      expect(await store.readFile(sha256(exe))).toBeNull();
    });

    it("carries a requester's screenshot to the agent and the card's thread, and an agent's PDF from the thread to the requester", async () => {
      let n = fake.calls.length;
      await postToSlackEndpoint(server.base, messageEvent({ user: LUCIA, text: "il plotter dell'ufficio tecnico stampa a righe", channel: `D${LUCIA}`, channelType: 'im' }), 'application/json');
      const opened = await dmTo(LUCIA, n, 'the new ticket', (t) => /IT-\d+/.test(t));
      const code = /IT-\d+/.exec(String(opened.args.text))![0];
      const card = await fake.waitFor(after(n)((c) => c.method === 'chat.postMessage' && c.args.channel === TRIAGE && !c.args.thread_ts && String(c.args.text).includes(code)), 'the card');
      const cardTs = card.result.ts as string;
      n = fake.calls.length;
      await postToSlackEndpoint(server.base, slashCommand({ user: ANNA, text: `claim ${code}`, responseUrl: fake.respondUrl('anna-claim') }), 'application/x-www-form-urlencoded');
      await fake.waitFor(after(n)((c) => c.method === 'respond/anna-claim'), 'the claim');

      // The requester's photo: to the agent's DM and under the card, the exact bytes.
      const photo = pngBytes(12, 12, 3);
      n = fake.calls.length;
      await share(LUCIA, 'ecco la foto del lettore', [fake.host({ name: 'lettore.png', bytes: photo, mimetype: 'image/png' })]);
      const toAnna = await fake.waitFor(after(n)((c) => c.method === 'files.completeUploadExternal' && c.args.channel_id === `D${ANNA}`), "the photo in the agent's DM");
      const underCard = await fake.waitFor(after(n)((c) => c.method === 'files.completeUploadExternal' && c.args.channel_id === TRIAGE), 'the photo under the card');
      expect(underCard.args.thread_ts).toBe(cardTs);
      for (const done of [toAnna, underCard]) {
        const [f] = done.args.files as { id: string }[];
        expect(Buffer.from(fake.uploads.get(f!.id)!.bytes!).equals(Buffer.from(photo))).toBe(true);
      }

      // The agent answers in the thread with a PDF, for the requester: text and file reach her DM, nothing is uploaded back into the thread.
      const pdf = pdfBytes('Modulo badge');
      n = fake.calls.length;
      await postToSlackEndpoint(
        server.base,
        messageEvent({ user: ANNA, text: '&gt;&gt; Compila questo modulo', channel: TRIAGE, channelType: 'channel', threadTs: cardTs, files: [fake.host({ name: 'modulo-badge.pdf', bytes: pdf, mimetype: 'application/pdf' })] }),
        'application/json',
      );
      const words = await dmTo(LUCIA, n, 'the answer', (t) => t.includes('Compila questo modulo'));
      const toLucia = await fake.waitFor(after(n)((c) => c.method === 'files.completeUploadExternal' && c.args.channel_id === `D${LUCIA}`), "the PDF in the requester's DM");
      expect(fake.calls.indexOf(toLucia)).toBeGreaterThan(fake.calls.indexOf(words));
      const [f] = toLucia.args.files as { id: string; title: string }[];
      expect(f!.title).toBe('modulo-badge.pdf');
      expect(Buffer.from(fake.uploads.get(f!.id)!.bytes!).equals(Buffer.from(pdf))).toBe(true);
      expect(await kept(pdf)).toBe(true);
      await new Promise((r) => setTimeout(r, 300));
      expect(fake.calls.filter(after(n)((c) => c.method === 'files.completeUploadExternal' && c.args.channel_id === TRIAGE))).toEqual([]);

      // A note whose file is refused: the note is kept (and marked so), the agent alone hears why the file was not.
      n = fake.calls.length;
      const note = messageEvent({ user: ANNA, text: 'provo con questo strumento', channel: TRIAGE, channelType: 'channel', threadTs: cardTs, files: [fake.host({ name: 'strumento.pdf', bytes: exeBytes(), mimetype: 'application/pdf' })] });
      await postToSlackEndpoint(server.base, note, 'application/json');
      const told = await fake.waitFor(after(n)((c) => c.method === 'chat.postEphemeral' && c.args.user === ANNA && String(c.args.text).includes('strumento.pdf')), 'the refusal to the agent');
      expect(told.args).toMatchObject({ channel: TRIAGE, thread_ts: cardTs });
      expect(String(told.args.text)).toMatch(/^"strumento\.pdf" was not kept: its content is application\/x-msdownload/);
      const mark = await fake.waitFor(after(n)((c) => c.method === 'reactions.add' && c.args.timestamp === (JSON.parse(note) as { event: { ts: string } }).event.ts), 'the kept-internal mark');
      expect(mark.args.name).toBe('lock');
      const events = await store.events(code);
      expect(events.filter((e) => e.kind === 'note').map((e) => e.text)).toContain('provo con questo strumento');
    });

    it("puts an agent's PDF from the card's thread on a web chat requester's ticket, with the answer", async () => {
      const stream = await openStream(server.base, 'giulia');
      try {
        const n = fake.calls.length;
        const opened = await post(server.base, '/web/api/messages', { user: { id: 'giulia', name: 'Giulia', locale: 'it' }, text: 'ticket new --no-faq il pc non si avvia dopo l aggiornamento' });
        const code = opened.body.replies[0].ticket.code as string;
        const card = await fake.waitFor(after(n)((c) => c.method === 'chat.postMessage' && c.args.channel === TRIAGE && !c.args.thread_ts && String(c.args.text).includes(code)), 'the card');
        const pdf = pdfBytes('Procedura di ripristino');
        await postToSlackEndpoint(
          server.base,
          messageEvent({ user: ANNA, text: '&gt;&gt; Segui questa procedura', channel: TRIAGE, channelType: 'channel', threadTs: card.result.ts as string, files: [fake.host({ name: 'ripristino.pdf', bytes: pdf, mimetype: 'application/pdf' })] }),
          'application/json',
        );
        let pushed = await stream.next();
        while (!String(pushed.text).includes('Segui questa procedura')) pushed = await stream.next();
        expect(await kept(pdf)).toBe(true);
        // On the ticket as Anna's, for the requester to see (how the web chat shows it is the web chat's part).
        const ticket = await store.get(code);
        expect(ticket?.files?.map((f) => ({ id: f.id, name: f.name, by: f.by.userId, internal: f.internal ?? false }))).toEqual([{ id: sha256(pdf), name: 'ripristino.pdf', by: ANNA, internal: false }]);
      } finally {
        stream.close();
      }
    });

    it('offers a file field with /ticket new and keeps what is submitted there', async () => {
      const n = fake.calls.length;
      await postToSlackEndpoint(server.base, slashCommand({ user: MARIO, text: 'new', responseUrl: fake.respondUrl('mario-new') }), 'application/x-www-form-urlencoded');
      const opened = await fake.waitFor(after(n)((c) => c.method === 'views.open'), 'the new-ticket form');
      const blocks = (opened.args.view as { blocks: { block_id: string; optional?: boolean; label: { text: string }; element: { type: string } }[] }).blocks;
      const field = blocks.find((b) => b.element.type === 'file_input');
      expect(field).toMatchObject({ optional: true, label: { text: 'File' } });

      const pdf = pdfBytes('Modulo firmato');
      const file = fake.host({ name: 'modulo.pdf', bytes: pdf, mimetype: 'application/pdf' });
      const privateMetadata = (opened.args.view as { private_metadata: string }).private_metadata;
      const m = fake.calls.length;
      await postToSlackEndpoint(
        server.base,
        viewSubmission({
          user: MARIO,
          callbackId: 'sportello_form',
          privateMetadata,
          values: {
            title: { value: { type: 'plain_text_input', value: 'Modulo VPN da approvare' } },
            description: { value: { type: 'plain_text_input', value: 'In allegato il modulo' } },
            [field!.block_id]: { files: { type: 'file_input', files: [file] } },
          },
        }),
        'application/x-www-form-urlencoded',
      );
      const answer = await dmTo(MARIO, m, 'the answer to the form', (t) => /IT-\d+/.test(t));
      expect(await kept(pdf)).toBe(true);
      const ticket = await store.get(/IT-\d+/.exec(String(answer.args.text))![0]);
      expect(ticket?.title).toBe('Modulo VPN da approvare');
      expect(ticket?.files?.map((f) => f.name)).toEqual(['modulo.pdf']);
      expect(downloadsOf(file)[0]!.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    });
  });
}

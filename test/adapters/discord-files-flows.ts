// Files on Discord end to end: a real server on a real store, the real
// discord.js client against the fake Discord, whose CDN serves what people
// attach and whose REST reads discord.js's multipart uploads byte for byte.
// The web side's files are handed to the server's desk as the web chat hands
// them (accepted by a FileKeeper, then an event carrying them).
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FILE_LIMITS, createFileKeeper, type Attachment, type FileKeeper, type Participant, type Store } from '../../src/index.js';
import { APP, SUPPORT, TRIAGE, discordServerEnv, startFakeDiscord, type DiscordCall, type FakeDiscord } from '../support/fake-discord.js';
import { buttonPress, messageCreate, slashCommand, type DiscordPerson } from '../support/discord-events.js';
import { bigPngBytes, exeBytes, pngBytes } from '../support/sample-files.js';
import { startServer, type RunningServer } from '../support/server.js';
import type { StoreEnv } from '../support/server-stores.js';

const MARIO: DiscordPerson = { id: '100000000000000003', name: 'Mario', locale: 'it' };
const ANNA: DiscordPerson = { id: '100000000000000006', name: 'Anna', locale: 'en-US', agent: true };
const OTTO: DiscordPerson = { id: '100000000000000007', name: 'Otto', locale: 'en-GB' };
const WENDY: Participant = { platform: 'web', userId: 'wendy', name: 'Wendy', locale: 'it' };
const GIULIA: Participant = { platform: 'web', userId: 'giulia', name: 'Giulia', locale: 'it' };

/** Where the bot answers a DM (the channel the message came in on) and where it writes first (the channel it opens). */
const dmIn = (p: DiscordPerson) => `8${p.id.slice(1)}`;
const dmOut = (p: DiscordPerson) => `9${p.id.slice(1)}`;
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const text = (c: DiscordCall) => String(c.body?.content ?? '');
const MB = 1024 * 1024;

export function runDiscordFileFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe(`Files on Discord through discord.js on ${name}`, () => {
    let fake: FakeDiscord;
    let server: RunningServer;
    let storage: StoreEnv;
    let store: Store;
    let keeper: FileKeeper;

    beforeAll(async () => {
      fake = await startFakeDiscord();
      storage = await storeEnv();
      server = await startServer({ ...storage.env, ...discordServerEnv(fake), FILES_MAX_MB: '1', DISCORD_MAX_UPLOAD_MB: '0.25' });
      store = await storage.open(server.dataDir);
      await store.saveAgent({ platform: 'web', userId: 'wendy', name: 'Wendy', departments: ['it'], tier: 1, role: 'agent' });
      // What the web chat does with an upload: the same checks, the same store.
      keeper = createFileKeeper(store, { ...DEFAULT_FILE_LIMITS, maxFileBytes: MB });
      // A DM carries no language: Discord tells it with interactions, so each person runs a command first.
      for (const p of [MARIO, OTTO]) {
        const d = slashCommand(p, 'list');
        fake.dispatch('INTERACTION_CREATE', d);
        await fake.waitFor((c) => c.method === 'PATCH' && c.path === `/webhooks/${APP}/${d.token}/messages/@original`, `${p.name}'s /ticket list`);
      }
    });
    afterAll(async () => {
      await server?.stop();
      await store?.close();
      await fake?.close();
      await storage?.cleanup();
    });

    const after = (n: number) => (pred: (c: DiscordCall) => boolean) => (c: DiscordCall) => fake.calls.indexOf(c) >= n && pred(c);
    const postIn = (channel: string) => (c: DiscordCall) => c.method === 'POST' && c.path === `/channels/${channel}/messages`;

    async function kept(fileName: string, bytes: Uint8Array): Promise<Attachment> {
      const accepted = await keeper.accept({ name: fileName, bytes });
      if (!accepted.ok) throw new Error(`not kept: ${JSON.stringify(accepted.refused)}`);
      return accepted.file;
    }

    /** A DM to the bot, with files on the fake's CDN; resolves with the bot's first answer in that DM that says `expected`. */
    async function dm(p: DiscordPerson, words: string, files: { name: string; bytes: Uint8Array; declaredSize?: number }[], expected: RegExp | string = '') {
      const n = fake.calls.length;
      const attachments = files.map((f) => fake.host(f.name, f.bytes, f.declaredSize ? { declaredSize: f.declaredSize } : {}));
      fake.dispatch('MESSAGE_CREATE', messageCreate(p, words, 'dm', attachments));
      const says = (c: DiscordCall) => (typeof expected === 'string' ? text(c).includes(expected) : expected.test(text(c)));
      return fake.waitFor(after(n)((c) => postIn(dmIn(p))(c) && says(c)), `the answer to ${p.name}'s DM`);
    }

    async function threadOf(code: string): Promise<string> {
      const made = await fake.waitFor((c) => c.method === 'POST' && c.path === `/channels/${SUPPORT}/threads` && String(c.body?.name).startsWith(`${code} `), `the thread of ${code}`);
      return made.result.id as string;
    }

    let marioCode = '';

    it('keeps a screenshot a requester sends in a DM, byte for byte, on the ticket it opens', async () => {
      const png = pngBytes(8, 8, 21);
      const answer = await dm(MARIO, 'la stampante del secondo piano stampa tutto sbiadito', [{ name: 'stampa.png', bytes: png }]);
      marioCode = /IT-\d+/.exec(text(answer))![0];
      const ticket = (await store.get(marioCode))!;
      expect(ticket.files).toMatchObject([{ id: sha256(png), name: 'stampa.png', mime: 'image/png', size: png.length, by: { platform: 'discord', userId: MARIO.id } }]);
      expect(Buffer.from((await store.readFile(sha256(png)))!).equals(png)).toBe(true);
    });

    it('refuses, without fetching it, a file Discord says is too big, and a program named like a PDF, in the sender\'s language', async () => {
      const inItalian = await dm(
        MARIO,
        '',
        [
          { name: 'video-errore.png', bytes: pngBytes(8, 8, 22), declaredSize: 3 * MB },
          { name: 'fattura.pdf', bytes: exeBytes() },
        ],
        'video-errore.png',
      );
      expect(text(inItalian)).toContain('"video-errore.png" non è stato tenuto: è di 3.0 MB e i file possono essere al massimo di 1.0 MB.');
      expect(text(inItalian)).toContain('"fattura.pdf" non è stato tenuto: il suo contenuto è application/x-msdownload');
      const en = await dm(OTTO, '', [{ name: 'capture.png', bytes: pngBytes(8, 8, 23), declaredSize: 3 * MB }], 'capture.png');
      expect(text(en)).toContain('"capture.png" was not kept: it is 3.0 MB, and files may be at most 1.0 MB.');
      expect(fake.downloads.filter((p) => p.includes('video-errore.png') || p.includes('capture.png'))).toEqual([]);
      expect(fake.downloads.filter((p) => p.includes('fattura.pdf'))).toHaveLength(1);
      // Nothing of either was kept on Mario's ticket.
      expect((await store.get(marioCode))!.files).toHaveLength(1);
    });

    it("keeps a screenshot posted alone in the ticket's thread on that ticket", async () => {
      const thread = await threadOf(marioCode);
      const png = pngBytes(8, 8, 28);
      fake.dispatch('MESSAGE_CREATE', messageCreate(MARIO, '', { channelId: thread }, [fake.host('dopo.png', png)]));
      await expect.poll(async () => (await store.get(marioCode))!.files?.map((f) => f.name)).toEqual(['stampa.png', 'dopo.png']);
      expect(Buffer.from((await store.readFile(sha256(png)))!).equals(png)).toBe(true);
    });

    it("delivers an agent's file to the Discord requester as an attachment of the message, once", async () => {
      const thread = await threadOf(marioCode);
      const handle = server.desk.handle;
      await handle({ kind: 'command', channel: 'web', from: WENDY, command: { verb: 'claim', code: marioCode } });
      const png = pngBytes(8, 8, 24);
      const file = await kept('driver-stampante.png', png);
      const n = fake.calls.length;
      const before = fake.created.length;
      // Discord makes the message but its answer is lost: the upload is sent again, and Mario still gets one message.
      fake.loseAnswers(1);
      await handle({ kind: 'command', channel: 'web', from: WENDY, command: { verb: 'reply', code: marioCode, text: 'Installa questo driver' }, files: [file] });
      const upload = await fake.waitFor(after(n)((c) => postIn(thread)(c) && (c.files?.length ?? 0) > 0 && c.result !== null), 'the reply with its file in the thread');
      expect(text(upload)).toContain('Installa questo driver');
      expect(upload.files!.map((f) => [f.key, f.name, f.contentType])).toEqual([['files[0]', 'driver-stampante.png', 'image/png']]);
      expect(upload.files![0]!.bytes.equals(png)).toBe(true);
      const made = fake.created.slice(before).filter((c) => c.channelId === thread && c.files.length > 0);
      expect(made).toHaveLength(1);
    });

    it("keeps an internal note's file among Discord's agents: under the ticket's card, never in the requester's thread", async () => {
      const thread = await threadOf(marioCode);
      const card = await fake.waitFor((c) => postIn(TRIAGE)(c) && c.body?.embeds?.[0]?.title === marioCode, 'the card');
      const png = pngBytes(8, 8, 29);
      const file = await kept('config-interna.png', png);
      const n = fake.calls.length;
      await server.desk.handle({ kind: 'command', channel: 'web', from: WENDY, command: { verb: 'note', code: marioCode, text: 'la configurazione del server di stampa' }, files: [file] });
      const note = await fake.waitFor(after(n)((c) => postIn(TRIAGE)(c) && text(c).includes('internal note')), 'the note under the card');
      expect(note.body.message_reference.message_id).toBe(card.result.id);
      expect(note.files!.map((f) => f.name)).toEqual(['config-interna.png']);
      expect(note.files![0]!.bytes.equals(png)).toBe(true);
      await new Promise((r) => setTimeout(r, 200));
      expect(fake.calls.slice(n).filter((c) => postIn(thread)(c))).toEqual([]);
    });

    it("brings a web requester's screenshot to the Discord triage channel, then to the Discord agent who claims it", async () => {
      const handle = server.desk.handle;
      const png = pngBytes(8, 8, 25);
      const file = await kept('vpn.png', png);
      let n = fake.calls.length;
      const replies = await handle({ kind: 'message', channel: 'web', from: GIULIA, text: 'ticket new --no-faq la VPN si disconnette ogni 5 minuti', files: [file] });
      const code = /IT-\d+/.exec(replies.map((r) => r.text).join(' '))![0];
      const card = await fake.waitFor(after(n)((c) => postIn(TRIAGE)(c) && c.body?.embeds?.[0]?.title === code), 'the triage card');
      expect(card.files?.map((f) => f.name)).toEqual(['vpn.png']);
      expect(card.files![0]!.bytes.equals(png)).toBe(true);

      // Anna claims it from the card; Giulia's next screenshot reaches her by DM.
      n = fake.calls.length;
      fake.dispatch('INTERACTION_CREATE', buttonPress(ANNA, `sportello:claim:${code}`, card.result.id, TRIAGE));
      await expect.poll(async () => (await store.get(code))?.assignee?.userId).toBe(ANNA.id);
      const second = pngBytes(8, 8, 26);
      const more = await kept('vpn-log.png', second);
      n = fake.calls.length;
      await handle({ kind: 'message', channel: 'web', from: GIULIA, text: 'ecco il log', files: [more] });
      const toAnna = await fake.waitFor(after(n)((c) => postIn(dmOut(ANNA))(c) && (c.files?.length ?? 0) > 0), "Giulia's file in Anna's DM");
      expect(toAnna.files![0]!.bytes.equals(second)).toBe(true);
    });

    it("names, in the reader's language, a file the desk keeps but Discord would not take", async () => {
      const thread = await threadOf(marioCode);
      const png = bigPngBytes(300 * 1024, 27);
      expect(png.length).toBeGreaterThan(MB / 4);
      const file = await kept('schermo-intero.png', png);
      const n = fake.calls.length;
      await server.desk.handle({ kind: 'command', channel: 'web', from: WENDY, command: { verb: 'reply', code: marioCode, text: 'Lo schermo completo' }, files: [file] });
      const post = await fake.waitFor(after(n)((c) => postIn(thread)(c) && text(c).includes('Lo schermo completo')), 'the reply in the thread');
      expect(post.files ?? []).toEqual([]);
      expect(text(post)).toMatch(/📎 schermo\\-intero\.png \(\d+ KB\) è troppo grande per Discord: aprilo dal web\./);
    });
  });
}

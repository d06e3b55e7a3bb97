// Teams and files, both ways, through botbuilder's real CloudAdapter against
// the connector stand-in: a pasted image is fetched from the Bot Framework
// service with the bot's token, a file from the compose box through the link
// OneDrive signed; both are kept by the store. Files an agent sends reach a
// Teams person inline (small images) or through Teams' file consent card, and
// only the person the file is for gets it uploaded to their OneDrive.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_TOKEN, startFakeConnector, shown, type ConnectorCall, type FakeConnector } from '../support/fake-teams.js';
import { startServer, type RunningServer } from '../support/server.js';
import type { StoreEnv } from '../support/server-stores.js';
import { sizeWords } from '../../src/index.js';
import { bigPngBytes, exeBytes, pdfBytes, pngBytes } from '../support/sample-files.js';
import { TRIAGE, botAddedToTeam, channelMention, personalConversation, personalMessage, postActivity, type TeamsPerson } from '../support/teams-activities.js';

const APP_ID = '00000000-0000-0000-0000-0000000000b0';
const MARIO: TeamsPerson = { aad: '00000000-0000-0000-0000-0000000000f1', name: 'Mario', locale: 'it-IT' };
const OTTO: TeamsPerson = { aad: '00000000-0000-0000-0000-0000000000f2', name: 'Otto', locale: 'en-GB' };
const ANNA: TeamsPerson = { aad: '00000000-0000-0000-0000-0000000000f3', name: 'Anna', locale: 'en-US' };

const bytesOf = (u: Uint8Array | null | undefined) => (u ? Buffer.from(u).toString('hex') : null);

export function runTeamsFilesFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe(`Teams files both ways, on ${name}`, () => {
    let fake: FakeConnector;
    let server: RunningServer;
    let storage: StoreEnv;
    let url: string;
    let dataDir: string;
    let start: () => Promise<RunningServer>;

    beforeAll(async () => {
      fake = await startFakeConnector();
      url = fake.serviceUrl;
      storage = await storeEnv();
      // Offline, Azure AD cannot issue the bot's outbound token: the test credentials sign with BOT_TOKEN.
      const teamsCredentials = {
        isValidAppId: async (id: string) => id === APP_ID,
        isAuthenticationDisabled: async () => false,
        createCredentials: async () => ({ signRequest: async (req: { headers: { set(k: string, v: string): void } }) => (req.headers.set('authorization', `Bearer ${BOT_TOKEN}`), req) }),
      };
      dataDir = mkdtempSync(join(tmpdir(), 'sportello-teams-files-'));
      start = () =>
        startServer(
          { ...storage.env, DATA_DIR: dataDir, MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'not-used-offline', TEAMS_OPENID_METADATA_URL: fake.openIdUrl, TEAMS_TRIAGE_CONVERSATION_ID: TRIAGE, FILES_MAX_MB: '0.1' },
          { teamsCredentials: teamsCredentials as never },
        );
      server = await start();
      const store = await storage.open(server.dataDir);
      await store.saveAgent({ platform: 'teams', userId: ANNA.aad, name: ANNA.name, departments: ['it'], tier: 1, role: 'agent' });
      await store.close();
      expect((await send(botAddedToTeam(url))).status).toBe(200);
    });
    afterAll(async () => {
      await server?.stop();
      await fake?.close();
      await storage?.cleanup();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    const now = () => Math.floor(Date.now() / 1000);
    const token = () => fake.token({ iss: 'https://api.botframework.com', aud: APP_ID, serviceurl: url, nbf: now() - 60, exp: now() + 3600 });
    const send = (activity: unknown) => postActivity(server.base, activity, { authorization: `Bearer ${token()}` });
    /** A personal message with files, as Teams sends it (a pasted image comes with a text/html attachment placing it). */
    const say = (p: TeamsPerson, text: string, attachments: unknown[]) => send({ ...personalMessage(url, p, text), attachments });
    const after = (n: number) => (pred: (c: ConnectorCall) => boolean) => (c: ConnectorCall) => fake.calls.indexOf(c) >= n && pred(c);
    const toPerson = (p: TeamsPerson) => (c: ConnectorCall) => c.method === 'POST' && c.conversationId === personalConversation(p);
    const withAttachment = (type: string) => (c: ConnectorCall) => (c.body?.attachments ?? []).some((x: any) => x.contentType === type);
    const ticketOf = async (code: string) => {
      const store = await storage.open(server.dataDir);
      try {
        const ticket = await store.get(code);
        const files = await Promise.all((ticket?.files ?? []).map(async (f) => ({ ...f, bytes: bytesOf(await store.readFile(f.id)) })));
        return { ticket, files };
      } finally {
        await store.close();
      }
    };

    const screenshot = pngBytes(64, 48, 1);
    const form = pdfBytes('Modulo VPN compilato');
    let code = '';
    let card: ConnectorCall;

    it('keeps an image a requester pastes: fetched with the bot token, the same bytes on the ticket, listed on the agents\' card', async () => {
      const n = fake.calls.length;
      const image = fake.pastedImage(screenshot, 'image/png');
      const placing = { contentType: 'text/html', content: `<p>la stampante mostra questo errore <img src="${image.contentUrl}" itemtype="http://schema.skype.com/AMSImage"></p>` };
      expect((await say(MARIO, 'ticket nuovo --no-faq la stampante mostra questo errore', [image, placing])).status).toBe(200);
      const opened = await fake.waitFor(after(n)((c) => toPerson(MARIO)(c) && shown(c).includes('Ho aperto il ticket')), 'the new ticket');
      code = /IT-\d+/.exec(shown(opened))![0];
      // The connector's file opened only with the bot's own token; nothing fetched the text/html copy.
      expect(fake.downloads.map((d) => [d.url, d.auth, d.status])).toEqual([[image.contentUrl, `Bearer ${BOT_TOKEN}`, 200]]);
      const { files } = await ticketOf(code);
      expect(files).toMatchObject([{ name: 'image-1.png', mime: 'image/png', size: screenshot.length, by: { platform: 'teams', userId: MARIO.aad } }]);
      expect(files[0]!.bytes).toBe(bytesOf(screenshot));
      card = await fake.waitFor(after(n)((c) => c.method === 'POST' && c.conversationId === TRIAGE && shown(c).includes(code)), 'the triage card');
      expect(shown(card)).toContain('image-1.png');
      // Under the card, the agents see the screenshot itself.
      const under = await fake.waitFor(after(n)((c) => c.conversationId === `${TRIAGE};messageid=${card.id}` && withAttachment('image/png')(c)), 'the image under the card');
      expect(under.body.attachments[0].contentUrl).toBe(`data:image/png;base64,${Buffer.from(screenshot).toString('base64')}`);
    });

    it('keeps a file sent from the compose box without words, on the ticket under way, fetched through OneDrive\'s signed link with no token', async () => {
      const n = fake.calls.length;
      const d = fake.downloads.length;
      const shared = fake.sharedFile(form, 'modulo vpn.pdf');
      expect((await say(MARIO, '', [shared])).status).toBe(200);
      await fake.waitFor(after(n)(toPerson(MARIO)), 'the answer to the file');
      expect(fake.downloads.slice(d).map((x) => [x.url, x.auth, x.status])).toEqual([[shared.content.downloadUrl, undefined, 200]]);
      const { files } = await ticketOf(code);
      expect(files.map((f) => [f.name, f.mime, f.bytes])).toEqual([
        ['image-1.png', 'image/png', bytesOf(screenshot)],
        ['modulo vpn.pdf', 'application/pdf', bytesOf(form)],
      ]);
      // The ticket's transcript lists what each message brought.
      const asked = fake.calls.length;
      await say(MARIO, `ticket stato ${code}`, []);
      const status = await fake.waitFor(after(asked)((c) => toPerson(MARIO)(c) && shown(c).includes('modulo vpn.pdf')), 'the status');
      expect(shown(status)).toContain(`📎 image-1.png (${sizeWords(screenshot.length)})`);
      expect(shown(status)).toContain(`📎 modulo vpn.pdf (${sizeWords(form.length)})`);
      // Teams gives bots no upload in a channel: the agents read its name and size under the card.
      const under = await fake.waitFor(after(n)((c) => c.conversationId === `${TRIAGE};messageid=${card.id}` && shown(c).includes('📎 modulo vpn.pdf')), 'the file named under the card');
      expect(under.body.text).toBe(`**Mario**:\n\n📎 modulo vpn.pdf (${sizeWords(form.length)}): it is on ${code}, where the help desk console shows it.`);
    });

    it('refuses a file over FILES_MAX_MB, or an executable named .pdf, in the sender\'s language and keeps nothing of it', async () => {
      const big = bigPngBytes(200_000);
      let n = fake.calls.length;
      await say(MARIO, '', [fake.sharedFile(big, 'scansione.png')]);
      const it = await fake.waitFor(after(n)((c) => toPerson(MARIO)(c) && shown(c).includes('scansione.png')), 'the refusal in Italian');
      expect(it.body.text).toContain(`"scansione.png" non è stato tenuto: è di ${sizeWords(big.length)} e i file possono essere al massimo di 102 KB.`);
      // An executable named like a PDF is read for what it is.
      n = fake.calls.length;
      await say(MARIO, '', [fake.sharedFile(exeBytes(), 'fattura.pdf')]);
      const disguised = await fake.waitFor(after(n)((c) => toPerson(MARIO)(c) && shown(c).includes('fattura.pdf')), 'the refusal of the executable');
      expect(disguised.body.text).toMatch(/^"fattura\.pdf" non è stato tenuto: il suo contenuto è application\/[\w.-]+, che l'help desk non accetta/);
      n = fake.calls.length;
      await say(OTTO, 'ticket new --no-faq the scanner makes huge files', [fake.pastedImage(big, 'image/png')]);
      const en = await fake.waitFor(after(n)((c) => toPerson(OTTO)(c) && shown(c).includes('image-1.png')), 'the refusal in English');
      expect(en.body.text).toContain(`"image-1.png" was not kept: it is ${sizeWords(big.length)}, and files may be at most 102 KB.`);
      expect((await ticketOf(code)).files).toHaveLength(2);
    });

    it('gives a requester an agent\'s small image inline and a PDF through file consent: the stand-in\'s OneDrive gets the exact bytes', async () => {
      // An image pasted in the ticket's thread with no words stays among agents, on the ticket as an internal note's file.
      let n = fake.calls.length;
      const internal = pngBytes(20, 20, 3);
      await send({ ...channelMention(url, ANNA, '', card.id), attachments: [fake.pastedImage(internal, 'image/png')] });
      await expect.poll(async () => (await ticketOf(code)).files.find((f) => f.bytes === bytesOf(internal))).toMatchObject({ internal: true, by: { userId: ANNA.aad } });
      expect(fake.calls.slice(n).filter(toPerson(MARIO))).toEqual([]);

      // Anna answers from the ticket's thread with a screenshot pasted in.
      n = fake.calls.length;
      const tip = pngBytes(40, 30, 2);
      await send({ ...channelMention(url, ANNA, '&gt;&gt; fai come in questa schermata', card.id), attachments: [fake.pastedImage(tip, 'image/png')] });
      const inline = await fake.waitFor(after(n)((c) => toPerson(MARIO)(c) && shown(c).includes('fai come in questa schermata')), 'the reply with the image');
      expect(inline.body.attachments).toContainEqual({ contentType: 'image/png', contentUrl: `data:image/png;base64,${Buffer.from(tip).toString('base64')}`, name: 'image-1.png' });

      // Then the signed form, from her own chat with the bot.
      n = fake.calls.length;
      const signed = pdfBytes('Modulo VPN firmato');
      await say(ANNA, `ticket reply ${code} ecco il modulo firmato`, [fake.sharedFile(signed, 'modulo firmato.pdf')]);
      const consent = await fake.waitFor(after(n)((c) => toPerson(MARIO)(c) && withAttachment('application/vnd.microsoft.teams.card.file.consent')(c)), 'the consent card');
      const offered = consent.body.attachments[0];
      expect(offered).toMatchObject({ name: 'modulo firmato.pdf', content: { sizeInBytes: signed.length } });
      expect(offered.content.description).toBe(`modulo firmato.pdf (${sizeWords(signed.length)}), inviato su ${code}`);

      n = fake.calls.length;
      const accepted = await fake.answerConsent(server.base, MARIO, consent, 'accept', { appId: APP_ID });
      expect(accepted.status).toBe(200);
      const info = await fake.waitFor(after(n)((c) => toPerson(MARIO)(c) && withAttachment('application/vnd.microsoft.teams.card.file.info')(c)), 'the file card');
      const upload = fake.uploads.get(accepted.session!)!;
      expect(bytesOf(upload.bytes)).toBe(bytesOf(signed));
      expect(upload.pieces).toEqual([{ range: `bytes 0-${signed.length - 1}/${signed.length}`, length: signed.length }]);
      expect(info.body.attachments[0]).toMatchObject({ name: 'modulo firmato.pdf', content: { uniqueId: `unique-${accepted.session}`, fileType: 'pdf' } });
    });

    it('uploads nothing and says nothing when the requester declines', async () => {
      let n = fake.calls.length;
      await say(ANNA, `ticket reply ${code} anche la guida`, [fake.sharedFile(pdfBytes('Guida VPN'), 'guida.pdf')]);
      const consent = await fake.waitFor(after(n)((c) => toPerson(MARIO)(c) && withAttachment('application/vnd.microsoft.teams.card.file.consent')(c)), 'the consent card');
      const sessions = fake.uploads.size;
      n = fake.calls.length;
      expect((await fake.answerConsent(server.base, MARIO, consent, 'decline', { appId: APP_ID })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 400));
      expect(fake.uploads.size).toBe(sessions);
      expect(fake.calls.slice(n).filter(toPerson(MARIO))).toEqual([]);
    });

    it('gives nothing to someone who answers with the consent of a file on another person\'s ticket', async () => {
      const consent = fake.calls.find((c) => toPerson(MARIO)(c) && withAttachment('application/vnd.microsoft.teams.card.file.consent')(c))!;
      const n = fake.calls.length;
      // Otto's client sends Mario's card's context as if it were his.
      const forged = await fake.answerConsent(server.base, OTTO, consent, 'accept', { appId: APP_ID, context: consent.body.attachments[0].content.acceptContext });
      expect(forged.status).toBe(200);
      await new Promise((r) => setTimeout(r, 400));
      expect(fake.uploads.get(forged.session!)).toMatchObject({ pieces: [], bytes: null });
      expect(fake.calls.slice(n).filter(toPerson(OTTO))).toEqual([]);
    });

    it('tells the requester, in their language, when their OneDrive refuses the file they accepted', async () => {
      let n = fake.calls.length;
      await say(ANNA, `ticket reply ${code} il certificato`, [fake.sharedFile(pdfBytes('Certificato'), 'certificato.pdf')]);
      const consent = await fake.waitFor(after(n)((c) => toPerson(MARIO)(c) && withAttachment('application/vnd.microsoft.teams.card.file.consent')(c)), 'the consent card');
      fake.failNextUpload(507);
      n = fake.calls.length;
      await fake.answerConsent(server.base, MARIO, consent, 'accept', { appId: APP_ID });
      const told = await fake.waitFor(after(n)(toPerson(MARIO)), 'the failure');
      expect(told.body.text).toBe(`Non sono riuscito a consegnare certificato.pdf nel tuo OneDrive: chiedilo di nuovo su ${code}.`);
    });

    it('uploads a file accepted after a restart: the card itself says which file of which ticket', async () => {
      let n = fake.calls.length;
      const later = pdfBytes('Istruzioni finali');
      await say(ANNA, `ticket reply ${code} le istruzioni finali`, [fake.sharedFile(later, 'istruzioni.pdf')]);
      const consent = await fake.waitFor(after(n)((c) => toPerson(MARIO)(c) && withAttachment('application/vnd.microsoft.teams.card.file.consent')(c)), 'the consent card');
      await server.stop();
      server = await start();
      n = fake.calls.length;
      const accepted = await fake.answerConsent(server.base, MARIO, consent, 'accept', { appId: APP_ID });
      expect(accepted.status).toBe(200);
      await fake.waitFor(after(n)((c) => toPerson(MARIO)(c) && withAttachment('application/vnd.microsoft.teams.card.file.info')(c)), 'the file card');
      expect(bytesOf(fake.uploads.get(accepted.session!)!.bytes)).toBe(bytesOf(later));
    });
  });
}

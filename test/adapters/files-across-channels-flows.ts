// Files across every channel at once, end to end: one server with Slack, Teams,
// Discord and the web chat configured together, each platform a stand-in
// speaking its real wire format. A web requester's screenshot reaches the three
// platforms' agents byte for byte; a Slack agent's PDF reaches the web
// requester, who alone can download it; what is too big or not what it claims
// is refused in words; a restart keeps every file and every link.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sizeWords, translate } from '../../src/index.js';
import { TRIAGE as DISCORD_TRIAGE, discordServerEnv, startFakeDiscord, type FakeDiscord } from '../support/fake-discord.js';
import { slackServerEnv, startFakeSlack, type FakeSlack, type SlackCall } from '../support/fake-slack.js';
import { BOT_TOKEN as TEAMS_BOT_TOKEN, shown, startFakeConnector, type ConnectorCall, type FakeConnector } from '../support/fake-teams.js';
import { bigPngBytes, exeBytes, pdfBytes, pngBytes } from '../support/sample-files.js';
import { openStream, startServer, type RunningServer, type Stream } from '../support/server.js';
import type { StoreEnv } from '../support/server-stores.js';
import { messageEvent, postToSlackEndpoint } from '../support/slack-requests.js';
import { TRIAGE as TEAMS_TRIAGE, botAddedToTeam, postActivity } from '../support/teams-activities.js';

const SLACK_TRIAGE = 'C0TRIAGE01';
const SLACK_ANNA = 'U0AGENT001';
const TEAMS_APP_ID = '00000000-0000-0000-0000-0000000000b0';
const GIULIA = { id: 'giulia', name: 'Giulia', locale: 'it' };
const MB = 1024 * 1024;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export function runFilesAcrossChannelsFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe(`files across web, Slack, Teams and Discord at once, on ${name}`, () => {
    let slack: FakeSlack;
    let teams: FakeConnector;
    let discord: FakeDiscord;
    let storage: StoreEnv;
    let dataDir: string;
    let server: RunningServer;
    let start: () => Promise<RunningServer>;
    let stream: Stream | undefined;

    beforeAll(async () => {
      slack = await startFakeSlack({ [SLACK_ANNA]: { name: 'Anna', locale: 'en-US' } });
      teams = await startFakeConnector();
      discord = await startFakeDiscord();
      storage = await storeEnv();
      // Offline, Azure AD cannot issue the Teams bot's outbound token: these credentials sign with the stand-in's.
      const teamsCredentials = {
        isValidAppId: async (id: string) => id === TEAMS_APP_ID,
        isAuthenticationDisabled: async () => false,
        createCredentials: async () => ({ signRequest: async (req: { headers: { set(k: string, v: string): void } }) => (req.headers.set('authorization', `Bearer ${TEAMS_BOT_TOKEN}`), req) }),
      };
      // A data dir of the test's own, so a restart finds the same files (SQLite) and the same database (Mongo, by its URI).
      dataDir = mkdtempSync(join(tmpdir(), 'sportello-files-across-'));
      start = () =>
        startServer(
          {
            ...storage.env,
            DATA_DIR: dataDir,
            ...slackServerEnv(slack, SLACK_TRIAGE),
            ...discordServerEnv(discord),
            MICROSOFT_APP_ID: TEAMS_APP_ID,
            MICROSOFT_APP_PASSWORD: 'not-used-offline',
            TEAMS_OPENID_METADATA_URL: teams.openIdUrl,
            TEAMS_TRIAGE_CONVERSATION_ID: TEAMS_TRIAGE,
            FILES_MAX_MB: '1',
          },
          { teamsCredentials: teamsCredentials as never },
        );
      server = await start();
      await discord.ready();
      const store = await storage.open(dataDir);
      await store.saveAgent({ platform: 'slack', userId: SLACK_ANNA, name: 'Anna', departments: ['it'], tier: 1, role: 'agent' });
      await store.close();
      const now = Math.floor(Date.now() / 1000);
      const token = teams.token({ iss: 'https://api.botframework.com', aud: TEAMS_APP_ID, serviceurl: teams.serviceUrl, nbf: now - 60, exp: now + 3600 });
      expect((await postActivity(server.base, botAddedToTeam(teams.serviceUrl), { authorization: `Bearer ${token}` })).status).toBe(200);
      stream = await openStream(server.base, GIULIA.id);
    }, 30_000);
    afterAll(async () => {
      stream?.close();
      await server?.stop();
      await slack?.close();
      await teams?.close();
      await discord?.close();
      await storage?.cleanup();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    const afterSlack = (n: number) => (pred: (c: SlackCall) => boolean) => (c: SlackCall) => slack.calls.indexOf(c) >= n && pred(c);
    const afterTeams = (n: number) => (pred: (c: ConnectorCall) => boolean) => (c: ConnectorCall) => teams.calls.indexOf(c) >= n && pred(c);
        const counts = () => ({ slack: slack.calls.length, teams: teams.calls.length, discord: discord.calls.length });

    /** `POST /web/api/uploads` as the web chat's page sends it: the person, the words, the files. */
    async function upload(user: { id: string; name: string; locale: string }, text: string, files: { name: string; bytes: Uint8Array; type: string }[]) {
      const form = new FormData();
      form.append('user', JSON.stringify(user));
      form.append('text', text);
      for (const f of files) form.append('files', new Blob([Buffer.from(f.bytes)], { type: f.type }), f.name);
      const res = await fetch(`${server.base}/web/api/uploads`, { method: 'POST', body: form });
      return { status: res.status, body: (await res.json()) as any };
    }
    const words = (body: { replies: { text: string }[] }) => body.replies.map((r) => r.text).join('\n');
    /** A link to a file for `user` (WEB_AUTH=none names them in the query), then what it serves. */
    async function download(user: string, code: string, fileId: string) {
      const link = await fetch(`${server.base}/web/api/files/${code}/${fileId}/link?user=${encodeURIComponent(user)}`);
      expect(link.status).toBe(200);
      const { url } = (await link.json()) as { url: string };
      return { url, ...(await fetchFile(url)) };
    }
    async function fetchFile(path: string) {
      const res = await fetch(server.base + path);
      return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
    }

    const screenshot = pngBytes(48, 32, 7);
    const payslip = pdfBytes('Modulo rimborso spese');
    let code = '';
    let requesterLink = '';

    it("carries a web requester's screenshot to Slack's upload API and under Teams' card, the exact bytes each time", async () => {
      const n = counts();
      const sent = await upload(GIULIA, 'la stampante del terzo piano mostra questo errore', [{ name: 'errore-stampante.png', bytes: screenshot, type: 'image/png' }]);
      expect(sent.status).toBe(200);
      expect(sent.body.refused).toEqual([]);
      code = /IT-\d+/.exec(words(sent.body))![0];
      expect(sent.body.sent.files).toEqual([{ id: sha256(screenshot), name: 'errore-stampante.png', mime: 'image/png', size: screenshot.length, code }]);

      // Slack: the card, then the screenshot in its thread through the external upload: URL asked, bytes posted, upload completed.
      const card = await slack.waitFor(afterSlack(n.slack)((c) => c.method === 'chat.postMessage' && c.args.channel === SLACK_TRIAGE && !c.args.thread_ts && String(c.args.text).includes(code)), 'the Slack card');
      const asked = await slack.waitFor(afterSlack(n.slack)((c) => c.method === 'files.getUploadURLExternal' && c.args.filename === 'errore-stampante.png'), 'the Slack upload URL');
      expect(Number(asked.args.length)).toBe(screenshot.length);
      const done = await slack.waitFor(afterSlack(n.slack)((c) => c.method === 'files.completeUploadExternal' && c.args.channel_id === SLACK_TRIAGE), 'the Slack upload under the card');
      expect(done.args.thread_ts).toBe(card.result.ts);
      const [slackFile] = done.args.files as { id: string }[];
      expect(slackFile!.id).toBe(asked.result.file_id);
      expect(sha256(slack.uploads.get(slackFile!.id)!.bytes!)).toBe(sha256(screenshot));

      // Teams: the card in the triage channel, the screenshot itself under it.
      const teamsCard = await teams.waitFor(afterTeams(n.teams)((c) => c.method === 'POST' && c.conversationId === TEAMS_TRIAGE && shown(c).includes(code)), 'the Teams card');
      const underCard = await teams.waitFor(
        afterTeams(n.teams)((c) => c.conversationId === `${TEAMS_TRIAGE};messageid=${teamsCard.id}` && (c.body?.attachments ?? []).some((a: any) => a.contentType === 'image/png')),
        'the image under the Teams card',
      );
      const dataUrl = String(underCard.body.attachments.find((a: any) => a.contentType === 'image/png').contentUrl);
      expect(dataUrl.startsWith('data:image/png;base64,')).toBe(true);
      expect(sha256(Buffer.from(dataUrl.slice('data:image/png;base64,'.length), 'base64'))).toBe(sha256(screenshot));
    });

    it("uploads the same web screenshot with Discord's card in the triage channel, as a multipart part", async () => {
      expect(code).not.toBe('');
      const discordCard = await discord.waitFor(
        (c) => c.method === 'POST' && c.path === `/channels/${DISCORD_TRIAGE}/messages` && c.body?.embeds?.[0]?.title === code && (c.files?.length ?? 0) > 0,
        'the Discord card with its file',
      );
      expect(discordCard.files!.map((f) => [f.name, f.contentType])).toEqual([['errore-stampante.png', 'image/png']]);
      expect(sha256(discordCard.files![0]!.bytes)).toBe(sha256(screenshot));
    });

    it("brings a Slack agent's PDF from the card's thread to the web requester, who alone can download it", async () => {
      expect(code).not.toBe('');
      const card = slack.calls.find((c) => c.method === 'chat.postMessage' && c.args.channel === SLACK_TRIAGE && !c.args.thread_ts && String(c.args.text).includes(code))!;
      const ack = await postToSlackEndpoint(
        server.base,
        messageEvent({
          user: SLACK_ANNA,
          text: '&gt;&gt; Compila questo modulo e rimandalo firmato',
          channel: SLACK_TRIAGE,
          channelType: 'channel',
          threadTs: card.result.ts as string,
          files: [slack.host({ name: 'modulo-rimborso.pdf', bytes: payslip, mimetype: 'application/pdf' })],
        }),
        'application/json',
      );
      expect(ack.status).toBe(200);

      // Giulia's open chat is told, with the file.
      let pushed = await stream!.next(5000);
      while (!String(pushed.text).includes('Compila questo modulo')) pushed = await stream!.next(5000);
      expect(pushed.files).toEqual([{ id: sha256(payslip), name: 'modulo-rimborso.pdf', mime: 'application/pdf', size: payslip.length, code }]);

      // Her link serves exactly the PDF.
      const mine = await download(GIULIA.id, code, sha256(payslip));
      expect(mine.status).toBe(200);
      expect(mine.type).toBe('application/pdf');
      expect(sha256(mine.bytes)).toBe(sha256(payslip));
      requesterLink = mine.url;

      // Someone else gets a link that opens nothing, and a guessed address without a link is nothing too.
      const theirs = await download('curioso', code, sha256(payslip));
      expect(theirs.status).toBe(404);
      expect(theirs.bytes.includes(Buffer.from('Modulo rimborso'))).toBe(false);
      const guessed = await fetchFile(`/files/${code}/${sha256(payslip)}`);
      expect(guessed.status).toBe(404);
      // Her own link, for another file id, opens nothing either.
      expect((await fetchFile(requesterLink.replace(sha256(payslip), sha256(screenshot)))).status).toBe(404);
    });

    it('refuses an oversize screenshot and an executable dressed as invoice.pdf, saying why in the sender\'s language, and sends the agents nothing', async () => {
      const big = bigPngBytes(1.5 * MB, 9);
      expect(big.length).toBeGreaterThan(MB);
      const n = counts();
      const tooBig = await upload({ id: 'sara', name: 'Sara', locale: 'en' }, '', [{ name: 'whole-screen.png', bytes: big, type: 'image/png' }]);
      expect(tooBig.status).toBe(200);
      expect(tooBig.body.refused).toEqual([{ name: 'whole-screen.png', reason: 'too_big' }]);
      expect(words(tooBig.body)).toContain(translate('en', 'files.refused.too_big', { name: 'whole-screen.png', detail: `> ${sizeWords(MB)}`, max: sizeWords(MB) }));
      expect(words(tooBig.body)).toContain('"whole-screen.png" was not kept');

      const exe = exeBytes();
      const disguised = await upload(GIULIA, 'ecco la fattura', [{ name: 'invoice.pdf', bytes: exe, type: 'application/pdf' }]);
      expect(disguised.status).toBe(200);
      expect(disguised.body.refused).toEqual([{ name: 'invoice.pdf', reason: 'type' }]);
      expect(words(disguised.body)).toContain('"invoice.pdf" non è stato tenuto: il suo contenuto è application/x-msdownload, che l\'help desk non accetta.');
      expect(words(disguised.body)).toContain(translate('it', 'files.refused.type', { name: 'invoice.pdf', detail: 'application/x-msdownload' }));

      const store = await storage.open(dataDir);
      try {
        expect(await store.readFile(sha256(exe))).toBeNull();
        expect(await store.readFile(sha256(big))).toBeNull();
        expect((await store.get(code))!.files!.map((f) => f.name)).toEqual(['errore-stampante.png', 'modulo-rimborso.pdf']);
      } finally {
        await store.close();
      }
      await new Promise((r) => setTimeout(r, 500));
      expect(slack.calls.slice(n.slack).filter((c) => c.method.startsWith('files.'))).toEqual([]);
      expect(discord.calls.slice(n.discord).filter((c) => (c.files?.length ?? 0) > 0)).toEqual([]);
      expect(teams.calls.slice(n.teams).filter((c) => (c.body?.attachments ?? []).some((a: any) => String(a.contentUrl ?? '').startsWith('data:')))).toEqual([]);
    });

    it('still serves the requester the same bytes after a restart, through the link she already had and a new one', async () => {
      expect(requesterLink).not.toBe('');
      await server.stop();
      server = await start();
      const old = await fetchFile(requesterLink);
      expect(old.status).toBe(200);
      expect(sha256(old.bytes)).toBe(sha256(payslip));
      const fresh = await download(GIULIA.id, code, sha256(screenshot));
      expect(fresh.status).toBe(200);
      expect(fresh.type).toBe('image/png');
      expect(sha256(fresh.bytes)).toBe(sha256(screenshot));
      expect((await download('curioso', code, sha256(screenshot))).status).toBe(404);
    }, 30_000);
  });
}

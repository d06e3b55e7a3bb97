// Files on the web chat and the console, in real Chromium against a real
// server signed in through a real OpenID provider, once per store: a
// requester attaches a screenshot (file input, then paste) and sees it in
// the conversation; the agent sees it on the console and downloads it;
// another person is told it does not exist; signed links work until they
// expire and for nothing else; an oversize file and a disguised executable
// are refused in the person's language; a photo comes back without its GPS.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileLinks } from '../../adapters/http/file-links.js';
import { seriousViolations } from '../support/axe.js';
import { freePort } from '../support/bot-process.js';
import { CHROMIUM_ARGS, chromiumPath, requireChromiumInCi } from '../support/chromium.js';
import { GPS_LATITUDE_BYTES, includes, jpeg, png, windowsExe } from '../support/file-fixtures.js';
import { oidcServerEnv, passProviderPages, startOidcProvider, type TestProvider } from '../support/oidc-provider.js';
import type { StoreEnv } from '../support/server-stores.js';
import { startServer, type RunningServer } from '../support/server.js';

requireChromiumInCi();

const LINK_SECRET = 'file-link-secret-for-the-browser-tests-0123456789';

const accounts = () => ({
  mario: { name: 'Mario Rossi', email: 'mario@example.com', locale: 'it-IT', groups: [] },
  sara: { name: 'Sara Verdi', email: 'sara@example.com', locale: 'en', groups: [] },
  anna: { name: 'Anna Bianchi', email: 'anna@example.com', locale: 'en', groups: ['helpdesk-it'] },
});

export function runWebFilesFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe.runIf(chromiumPath)(`files on the web chat and the console on ${name}`, { timeout: 90_000 }, () => {
    let storage: StoreEnv;
    let provider: TestProvider;
    let s: RunningServer;
    let browser: Browser;
    const contexts: BrowserContext[] = [];

    beforeAll(async () => {
      storage = await storeEnv();
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      provider = await startOidcProvider({ redirectUri: `${base}/auth/callback`, accounts: accounts() });
      s = await startServer({ ...storage.env, PORT: String(port), ...oidcServerEnv(provider, base), FILES_MAX_MB: '1', FILE_LINK_SECRET: LINK_SECRET });
      browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
    }, 60_000);
    afterAll(async () => {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser?.close();
      await s?.stop();
      await provider?.stop();
      await storage?.cleanup();
    });

    async function chat(login: string, locale: string, axe = false): Promise<Page> {
      const context = await browser.newContext({ locale, bypassCSP: axe, acceptDownloads: true });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(s.base);
      await page.click('#signin');
      await passProviderPages(page, login);
      await page.waitForSelector('#send');
      await page.locator('#attach').waitFor();
      return page;
    }

    async function consoleFor(login: string): Promise<Page> {
      const context = await browser.newContext({ locale: 'en-GB', acceptDownloads: true });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(`${s.base}/console`);
      await page.click('a[href="/auth/login?next=/console"]');
      await passProviderPages(page, login);
      await page.waitForURL(`${s.base}/console`);
      return page;
    }

    async function say(page: Page, text: string): Promise<string> {
      const before = await page.locator('.msg.bot').count();
      await page.fill('#text', text);
      await page.press('#text', 'Enter');
      await expect.poll(() => page.locator('.msg.bot').count()).toBeGreaterThan(before);
      return (await page.locator('.msg.bot').last().textContent()) ?? '';
    }

    async function sendPending(page: Page, text = ''): Promise<void> {
      const before = await page.locator('.msg.bot, .msg.error').count();
      await page.fill('#text', text);
      await page.press('#text', 'Enter');
      await expect.poll(() => page.locator('.msg.bot, .msg.error').count()).toBeGreaterThan(before);
    }

    /** The picture in the person's latest message, once the browser has decoded it. */
    async function lastPictureWidth(page: Page, where = '.msg.me'): Promise<number> {
      const img = page.locator(`${where} .files img`).last();
      await img.waitFor();
      await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBeGreaterThan(0);
      return img.evaluate((el: HTMLImageElement) => el.naturalWidth);
    }

    let code = '';
    let mario: Page;
    let screenshotUrl = '';
    const screenshot = Buffer.from(png(4, 3));

    it('shows a screenshot attached with the file input, and one pasted from the clipboard, in the conversation', async () => {
      mario = await chat('mario', 'it-IT', true);
      expect(await mario.getAttribute('#attach', 'aria-label')).toBe('Allega file');
      expect(await seriousViolations(mario)).toEqual([]);
      const opened = await say(mario, 'ticket new --no-faq La VPN dà errore 809 da stamattina');
      code = /IT-\d+/.exec(opened)![0];

      await mario.setInputFiles('#attach-input', { name: 'errore-vpn.png', mimeType: 'image/png', buffer: screenshot });
      await expect.poll(() => mario.locator('#pending li').count()).toBe(1);
      expect(await mario.locator('#pending .remove').getAttribute('aria-label')).toBe('Togli errore-vpn.png');
      expect(await seriousViolations(mario)).toEqual([]);
      await sendPending(mario, 'ecco lo screenshot');
      expect(await lastPictureWidth(mario)).toBe(4);
      screenshotUrl = (await mario.locator('.msg.me .files img').last().getAttribute('src'))!;
      expect(screenshotUrl).toMatch(new RegExp(`^/files/${code}/[0-9a-f]{64}\\?link=`));

      // A screenshot pasted into the page, as Ctrl+V does.
      const pasted = [...png(6, 5, [], [20, 120, 220])];
      await mario.evaluate((bytes) => {
        const data = new DataTransfer();
        data.items.add(new File([new Uint8Array(bytes)], 'image.png', { type: 'image/png' }));
        document.getElementById('text')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      }, pasted);
      await expect.poll(() => mario.locator('#pending li').count()).toBe(1);
      await sendPending(mario);
      expect(await lastPictureWidth(mario)).toBe(6);

      // After a reload the history shows both again.
      await mario.reload();
      await mario.waitForSelector('#send');
      await expect.poll(() => mario.locator('.msg.me .files img').count()).toBe(2);
      expect(await seriousViolations(mario)).toEqual([]);
    });

    it('lets the agent see the screenshot on the console and download it; nobody else gets it', async () => {
      const anna = await consoleFor('anna');
      await anna.goto(`${s.base}/console/tickets/${code}`);
      const img = anna.locator('.transcript .files img').first();
      await img.waitFor();
      await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(4);
      const [download] = await Promise.all([anna.waitForEvent('download'), anna.locator('.transcript .files a[download]').first().click()]);
      expect(download.suggestedFilename()).toBe('errore-vpn.png');
      const saved = await download.createReadStream();
      const chunks: Buffer[] = [];
      for await (const c of saved) chunks.push(c as Buffer);
      expect(Buffer.concat(chunks).equals(screenshot)).toBe(true);

      // Sara, signed in to the chat, is told there is no such file, with or without a link of her own.
      const sara = await chat('sara', 'en-GB');
      const path = screenshotUrl.split('?')[0]!;
      expect((await sara.request.get(`${s.base}${path}`)).status()).toBe(404);
      const hers = await sara.request.get(`${s.base}/web/api/files/${path.split('/').slice(2).join('/')}/link`);
      expect(hers.status()).toBe(200);
      expect((await sara.request.get(`${s.base}${(await hers.json()).url}`)).status()).toBe(404);
      // And nobody signed in at all.
      expect((await fetch(`${s.base}${path}`)).status).toBe(404);
    });

    it('serves a signed link as a download that cannot run, until it expires, and for that file of that ticket only', async () => {
      const res = await fetch(`${s.base}${screenshotUrl}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toContain('sandbox');
      expect(res.headers.get('cache-control')).toContain('private');
      expect(res.headers.get('content-disposition')).toBe(`inline; filename="errore-vpn.png"; filename*=UTF-8''errore-vpn.png`);
      expect(Buffer.from(await res.arrayBuffer()).equals(screenshot)).toBe(true);

      const [, , , fileId] = screenshotUrl.split('?')[0]!.split('/');
      const mine = { platform: 'web', userId: 'mario' };
      const made = (ttlMs: number, now = Date.now()) => createFileLinks({ secret: LINK_SECRET, ttlMs, base: () => s.base, now: () => now });
      expect((await fetch(made(60_000).url(mine, code, fileId!))).status).toBe(200);
      expect((await fetch(made(60_000, Date.now() - 120_000).url(mine, code, fileId!))).status).toBe(404);
      const token = new URL(screenshotUrl, s.base).searchParams.get('link')!;
      const other = `IT-${Number(code.split('-')[1]) + 1}`;
      expect((await fetch(`${s.base}/files/${other}/${fileId}?link=${token}`)).status).toBe(404);
      expect((await fetch(`${s.base}/files/${code}/${'0'.repeat(64)}?link=${token}`)).status).toBe(404);
      expect((await fetch(`${s.base}/files/${code}/${fileId}?link=${token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))}`)).status).toBe(404);
    });

    it('refuses an oversize file and a disguised executable, saying why in Italian and in English', async () => {
      const big = Buffer.alloc(1.5 * 1024 * 1024, 65);
      await mario.setInputFiles('#attach-input', { name: 'dump.log', mimeType: 'text/plain', buffer: big });
      await expect.poll(async () => (await mario.locator('.msg.error').last().textContent()) ?? '').toContain('dump.log non è stato inviato: pesa 1.5 MB, e un file può pesare al massimo 1.0 MB');
      expect(await mario.locator('#pending li').count()).toBe(0);

      await mario.setInputFiles('#attach-input', { name: 'fattura.pdf', mimeType: 'application/pdf', buffer: Buffer.from(windowsExe()) });
      await sendPending(mario);
      await expect.poll(async () => (await mario.locator('.msg').allTextContents()).join('\n')).toContain('"fattura.pdf" non è stato tenuto: il suo contenuto è application/x-msdownload');

      const sara = await chat('sara', 'en-GB');
      await sara.setInputFiles('#attach-input', { name: 'dump.log', mimeType: 'text/plain', buffer: big });
      await expect.poll(async () => (await sara.locator('.msg.error').last().textContent()) ?? '').toContain('dump.log was not sent: it is 1.5 MB, and files may be 1.0 MB at most.');
      await sara.setInputFiles('#attach-input', { name: 'invoice.pdf', mimeType: 'application/pdf', buffer: Buffer.from(windowsExe()) });
      await sendPending(sara);
      await expect.poll(async () => (await sara.locator('.msg').allTextContents()).join('\n')).toContain('"invoice.pdf" was not kept: its content is application/x-msdownload, which the help desk does not accept.');
    });

    it('keeps a photo without its GPS block: the browser shows it and the bytes downloaded back have no location', async () => {
      const photo = Buffer.from(jpeg(true));
      expect(includes(photo, GPS_LATITUDE_BYTES)).toBe(true);
      await mario.setInputFiles('#attach-input', { name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: photo });
      await sendPending(mario, 'la foto del cavo');
      expect(await lastPictureWidth(mario)).toBe(16);
      const url = (await mario.locator('.msg.me .files img').last().getAttribute('src'))!;
      const back = Buffer.from(await (await fetch(`${s.base}${url}`)).arrayBuffer());
      expect(back.subarray(0, 2).equals(Buffer.from([0xff, 0xd8]))).toBe(true);
      expect(includes(back, GPS_LATITUDE_BYTES)).toBe(false);
      expect(includes(back, 'Exif')).toBe(false);
    });

    it('lets the agent send a file from the console, which the requester sees with its name and size', async () => {
      const anna = await consoleFor('anna');
      await anna.goto(`${s.base}/console/tickets/${code}`);
      await anna.setInputFiles('#files-pick', { name: 'istruzioni vpn.txt', mimeType: 'text/plain', buffer: Buffer.from('1. Apri il client\n2. Scegli il profilo ACME\n') });
      await anna.fill('#files-text', 'Segui questi passi');
      await anna.click('#form-files button[type=submit]');
      await anna.waitForLoadState();
      await expect.poll(() => anna.locator('.transcript .files a[download]').allTextContents()).toContain('Download istruzioni vpn.txt (44 B)');
      await expect.poll(() => mario.locator('.msg.push .files a.download').allTextContents()).toContain('Scarica istruzioni vpn.txt (44 B)');
    });
  });
}

// Screenshots of the employee chat and the widget: a desk on a temporary data
// dir, an employee who asked a question and opened a ticket, on a desktop and a
// phone; then the widget on an intranet page (WEB_AUTH=jwt, a signed token).
// Run: node --import tsx scripts/screenshots-chat.ts  (PNGs in docs/screenshots/)
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SignJWT } from 'jose';
import { chromium, type Page } from 'playwright-core';
import { pino } from 'pino';
import { loadConfig } from '../app/config.js';
import { serve } from '../app/serve.js';

const OUT = resolve('docs/screenshots');
const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(Boolean)!;
const SECRET = 'a-screenshot-secret-that-is-long-enough-123';

async function desk(env: Record<string, string>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'sportello-shots-'));
  const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', TICKET_INTAKE: 'direct', WEB_BRAND_NAME: 'Sportello IT', ...env });
  const server = await serve(config, pino({ level: 'silent' }));
  return { base: server.address, stop: async () => (await server.stop(), rmSync(dataDir, { recursive: true, force: true })) };
}

async function ask(page: Page, text: string) {
  const replies = await page.locator('.msg.bot').count();
  await page.fill('#text', text);
  await page.press('#text', 'Enter');
  await page.locator('.msg.bot').nth(replies).waitFor();
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const chat = await desk({});
  try {
    for (const [name, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]] as const) {
      const page = await (await browser.newContext({ viewport, locale: 'it-IT', deviceScaleFactor: 1 })).newPage();
      await page.goto(chat.base);
      await page.fill('#uid', `giulia-${name}`);
      await page.fill('#uname', 'Giulia Verdi');
      await page.click('#login button[type=submit]');
      await page.waitForSelector('#send');
      await ask(page, 'ho dimenticato la password');
      await ask(page, 'ticket new --no-faq la stampante del 2° piano non stampa');
      await page.locator('#tickets-toggle .count').waitFor();
      if (name === 'desktop') await page.click('#tickets-toggle');
      await page.screenshot({ path: join(OUT, `chat-${name}.png`) });
      await page.context().close();
    }
  } finally {
    await chat.stop();
  }

  // The widget: an intranet page on another port, the desk trusting its tokens and allowing it to frame the chat.
  const intranet = createServer();
  await new Promise<void>((ok) => intranet.listen(0, '127.0.0.1', ok));
  const hostOrigin = `http://127.0.0.1:${(intranet.address() as { port: number }).port}`;
  const port = await new Promise<number>((ok) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const p = (probe.address() as { port: number }).port;
      probe.close(() => ok(p));
    });
  });
  const base = `http://127.0.0.1:${port}`;
  const jwtDesk = await desk({ PORT: String(port), WEB_AUTH: 'jwt', PUBLIC_URL: base, WEB_IDENTITY_SECRET: SECRET, WEB_FRAME_ANCESTORS: hostOrigin, WEB_BRAND_COLOUR: '#0f766e' });
  const token = await new SignJWT({ name: 'Marco Neri', locale: 'en' }).setProtectedHeader({ alg: 'HS256' }).setSubject('marco').setExpirationTime('10m').sign(new TextEncoder().encode(SECRET));
  intranet.on('request', (_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Intranet</title>
<style>body{font:16px system-ui;margin:0;background:#eef1f4}header{background:#243447;color:#fff;padding:1rem 2rem}main{padding:2rem;max-width:40rem}</style></head>
<body><header><h1>ACME intranet</h1></header><main><h2>News</h2><p>The canteen opens at 12:00 from Monday.</p><p>New printers on the 2nd floor.</p></main>
<script src="${base}/widget.js" data-token="${token}"></script></body></html>`);
  });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' })).newPage();
    await page.goto(hostOrigin);
    await page.locator('[data-sportello-widget] >> .launcher').click();
    const frame = page.frameLocator('[data-sportello-widget] >> iframe');
    await frame.locator('#send').waitFor();
    await frame.locator('#text').fill('my account is locked');
    await frame.locator('#text').press('Enter');
    await frame.locator('.msg.bot').first().waitFor();
    await page.screenshot({ path: join(OUT, 'widget-desktop.png') });
  } finally {
    await jwtDesk.stop();
    intranet.close();
    await browser.close();
  }
}

await main();

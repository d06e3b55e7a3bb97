// The chat as a widget on an intranet page (another origin, a tiny server on
// 127.0.0.1): one <script> tag adds a launcher and a panel holding the chat in a
// frame; the person is the one the intranet's signed token names (WEB_AUTH=jwt),
// handed to the frame by postMessage. A page WEB_FRAME_ANCESTORS does not name
// cannot frame the chat. axe-core on the host page and the frame, desktop and phone.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/bot-process.js';
import { seriousViolations } from '../support/axe.js';
import { CHROMIUM_ARGS, chromiumPath, requireChromiumInCi } from '../support/chromium.js';
import { startServer, type RunningServer } from '../support/server.js';

requireChromiumInCi();

const SECRET = 'the-intranet-and-the-desk-share-this-secret';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

function token(sub: string, name: string, locale: string): Promise<string> {
  return new SignJWT({ name, locale }).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuedAt().setExpirationTime('5m').sign(new TextEncoder().encode(SECRET));
}

/** An intranet: each path a page that loads the widget as its owner would. */
async function intranet(pages: Record<string, () => Promise<string>>): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    const page = pages[req.url ?? ''];
    if (!page) return void res.writeHead(404).end();
    void page().then((html) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const shell = (lang: string, body: string) =>
  `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Intranet</title></head><body><main><h1>Intranet</h1><p>News of the week.</p></main>${body}</body></html>`;

describe.runIf(chromiumPath)('the chat widget on an intranet page', () => {
  let s: RunningServer;
  let host: { origin: string; server: Server };
  let stranger: { origin: string; server: Server };
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const script = (attrs: string) => `<script src="${base}/widget.js" ${attrs}></script>`;
    host = await intranet({
      '/': async () => shell('en', script(`data-token="${await token('luca', 'Luca Gialli', 'en')}"`)),
      '/portale': async () =>
        shell('it', `<script>window.tokenIntranet = () => new Promise((ok) => setTimeout(() => ok(${JSON.stringify(await token('giulia', 'Giulia Neri', 'it'))}), 50));</script>${script('data-token-function="tokenIntranet"')}`),
    });
    stranger = await intranet({ '/': async () => shell('en', script(`data-token="${await token('luca', 'Luca Gialli', 'en')}"`)) });
    s = await startServer({
      PORT: String(port),
      WEB_AUTH: 'jwt',
      PUBLIC_URL: base,
      WEB_IDENTITY_SECRET: SECRET,
      WEB_FRAME_ANCESTORS: host.origin,
      WEB_BRAND_NAME: 'Help ACME',
      WEB_BRAND_COLOUR: '#ffd33d',
      WEB_WELCOME_TEXT_EN: 'Welcome to ACME support: ask about laptops, badges and payslips.',
    });
    browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
  }, 60_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await s?.stop();
    host?.server.close();
    stranger?.server.close();
  });

  async function open(url: string, opts: { viewport?: { width: number; height: number }; axe?: boolean } = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: opts.viewport ?? DESKTOP, bypassCSP: opts.axe ?? false });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(url);
    return page;
  }
  const launcher = (page: Page) => page.locator('[data-sportello-widget] >> .launcher');
  const chat = (page: Page) => page.frameLocator('[data-sportello-widget] >> iframe');

  it('opens a panel from the launcher where the token\'s person chats, and closes with Escape', async () => {
    const page = await open(host.origin + '/');
    expect(await launcher(page).textContent()).toBe('Help desk');
    expect(await launcher(page).getAttribute('aria-expanded')).toBe('false');
    await launcher(page).click();
    await expect.poll(() => launcher(page).getAttribute('aria-expanded')).toBe('true');
    const frame = chat(page);
    await frame.locator('#send').waitFor();
    expect(await frame.locator('.greeting p').textContent()).toBe('Welcome to ACME support: ask about laptops, badges and payslips.');
    expect(await frame.locator('#desk-name').textContent()).toBe('Help ACME');
    // A light brand colour: dark text on it, on the launcher and in the frame.
    expect(await launcher(page).evaluate((b) => getComputedStyle(b).color)).toBe('rgb(17, 17, 17)');
    await frame.locator('#text').fill('my laptop wont turn on, what do i do??');
    await frame.locator('#text').press('Enter');
    await expect.poll(() => frame.locator('.msg.bot').count()).toBeGreaterThan(0);
    await frame.locator('#text').fill('ticket new --no-faq laptop dead since this morning');
    await frame.locator('#text').press('Enter');
    await expect.poll(async () => (await frame.locator('.msg.bot').last().textContent()) ?? '').toMatch(/Ticket IT-\d+ opened/);
    expect(await frame.locator('.msg.bot').last().locator('dl.facts').textContent()).toContain('RequesterLuca Gialli');
    await frame.locator('#text').press('Escape');
    await expect.poll(() => launcher(page).getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.querySelector('[data-sportello-widget]')!.shadowRoot!.activeElement?.className)).toBe('launcher');
    expect(page.url()).toBe(host.origin + '/');
  });

  it('asks the host page for the token through its function, in the page\'s language', async () => {
    const page = await open(host.origin + '/portale');
    expect(await launcher(page).textContent()).toBe('Assistenza');
    await launcher(page).click();
    const frame = chat(page);
    await frame.locator('#send').waitFor();
    expect(await frame.locator('#who').textContent()).toBe('Giulia Neri (giulia)');
    await frame.locator('#text').fill('ticket nuovo --no-faq il badge non apre la porta del magazzino');
    await frame.locator('#text').press('Enter');
    await expect.poll(async () => (await frame.locator('.msg.bot').last().textContent()) ?? '').toMatch(/Ho aperto il ticket [A-Z]+-\d+/);
    await frame.locator('#tickets-toggle').click();
    await expect.poll(() => frame.locator('#tickets-panel .my-ticket .status').first().textContent()).toBe('aperto');
  });

  it('cannot be framed by a page WEB_FRAME_ANCESTORS does not name', async () => {
    const page = await open(stranger.origin + '/');
    await launcher(page).click();
    await new Promise((r) => setTimeout(r, 1000));
    expect(await chat(page).locator('#send').count()).toBe(0);
  });

  it('passes axe-core with the panel open and inside the frame, on a desktop and a phone', async () => {
    const found: string[] = [];
    for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
      const page = await open(host.origin + '/', { viewport, axe: true });
      await launcher(page).click();
      await chat(page).locator('#send').waitFor();
      for (const v of await seriousViolations(page)) found.push(`${size} host page: ${v.id} ${v.help} at ${v.targets.join(', ')}`);
      const framed = await open(`${s.base}/?embed=1#token=${await token('luca', 'Luca Gialli', 'en')}`, { viewport: { width: Math.min(viewport.width, 400), height: 620 }, axe: true });
      await framed.locator('#send').waitFor();
      for (const v of await seriousViolations(framed)) found.push(`${size} frame: ${v.id} ${v.help} at ${v.targets.join(', ')}`);
    }
    expect(found).toEqual([]);
  }, 60_000);
});

describe('the history and "my tickets" over HTTP', () => {
  it('with WEB_AUTH=jwt: the token in Authorization names whose, never the query', async () => {
    const port = await freePort();
    const s = await startServer({ PORT: String(port), WEB_AUTH: 'jwt', PUBLIC_URL: `http://127.0.0.1:${port}`, WEB_IDENTITY_SECRET: SECRET });
    try {
      const luca = await token('luca', 'Luca Gialli', 'en');
      const auth = { authorization: `Bearer ${luca}` };
      const said = await fetch(`${s.base}/web/api/messages`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ text: 'ticket new --no-faq mouse not working' }) });
      const code = ((await said.json()) as { replies: { ticket: { code: string } }[] }).replies[0]!.ticket.code;
      const history = await fetch(`${s.base}/web/api/history`, { headers: auth });
      expect(history.headers.get('cache-control')).toBe('no-store');
      const { lines } = (await history.json()) as { lines: { from: string; text?: string; reply?: { ticket?: { code: string } } }[] };
      expect(lines.map((l) => l.from)).toEqual(['person', 'desk']);
      expect(lines[0]!.text).toBe('ticket new --no-faq mouse not working');
      expect(lines[1]!.reply!.ticket!.code).toBe(code);
      const tickets = (await (await fetch(`${s.base}/web/api/tickets?lang=it`, { headers: auth })).json()) as { tickets: unknown[] };
      expect(tickets.tickets).toEqual([{ code, title: 'mouse not working', status: 'open', statusLabel: 'aperto', updatedAt: expect.any(Number) }]);
      for (const path of ['/web/api/history', '/web/api/tickets']) {
        expect((await fetch(`${s.base}${path}`)).status).toBe(401);
        expect((await fetch(`${s.base}${path}?user=luca`)).status).toBe(401);
        expect((await fetch(`${s.base}${path}?token=${luca}`)).status).toBe(400);
      }
      // Someone else's token sees their own (empty) history.
      const other = await fetch(`${s.base}/web/api/history`, { headers: { authorization: `Bearer ${await token('giulia', 'Giulia', 'it')}` } });
      expect(((await other.json()) as { lines: unknown[] }).lines).toEqual([]);
    } finally {
      await s.stop();
    }
  });

  it('serves the page under a CSP with no inline script, images from the logo\'s origin only, and the widget to other sites', async () => {
    const s = await startServer({ WEB_BRAND_LOGO_URL: 'https://cdn.example.com/brand/logo.svg', WEB_BRAND_NAME: 'Help <ACME>' });
    try {
      const page = await fetch(`${s.base}/`);
      const csp = page.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("img-src 'self' data: https://cdn.example.com;");
      expect(csp).toContain("frame-ancestors 'none'");
      const html = await page.text();
      expect(html).toContain('<title>Help &lt;ACME></title>');
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      const widget = await fetch(`${s.base}/widget.js`);
      expect(widget.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(widget.headers.get('content-type')).toContain('text/javascript');
      for (const vendor of ['preact.mjs', 'preact-hooks.mjs', 'htm.mjs']) {
        const res = await fetch(`${s.base}/assets/vendor/${vendor}`);
        expect(res.status).toBe(200);
        // Bare specifiers pointed at our own copy: a browser cannot resolve "preact".
        expect(await res.text()).not.toMatch(/from\s*["']preact["']/);
      }
      expect((await fetch(`${s.base}/assets/chat/../../package.json`)).status).toBe(404);
      expect((await fetch(`${s.base}/assets/chat/nothing.js`)).status).toBe(404);
    } finally {
      await s.stop();
    }
  });

  it('with WEB_AUTH=none on loopback: ?user= names whose, and is required', async () => {
    const s = await startServer();
    try {
      expect((await fetch(`${s.base}/web/api/history`)).status).toBe(400);
      expect(((await (await fetch(`${s.base}/web/api/history?user=__proto__`)).json()) as { lines: unknown[] }).lines).toEqual([]);
      const welcome = (await (await fetch(`${s.base}/web/api/welcome?lang=it`)).json()) as { brand: { name: string }; suggestions: string[] };
      expect(welcome.brand.name).toBe('Sportello');
      expect(welcome.suggestions.length).toBeGreaterThanOrEqual(3);
    } finally {
      await s.stop();
    }
  });
});

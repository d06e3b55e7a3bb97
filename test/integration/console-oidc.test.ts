// The agent console with WEB_AUTH=oidc, in Chromium against a real OpenID
// provider: the web chat's own sign-in lets agents in (here made agents by
// their provider group), and nobody else.
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/bot-process.js';
import { CHROMIUM_ARGS, chromiumPath, requireChromiumInCi } from '../support/chromium.js';
import { oidcServerEnv, passProviderPages, startOidcProvider, type TestProvider } from '../support/oidc-provider.js';
import { startServer, type RunningServer } from '../support/server.js';

requireChromiumInCi();

describe.runIf(chromiumPath)('agent console with WEB_AUTH=oidc', { timeout: 60_000 }, () => {
  let provider: TestProvider;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider({
      redirectUri: `${base}/auth/callback`,
      accounts: {
        anna: { name: 'Anna Bianchi', email: 'anna@example.com', locale: 'it', groups: ['helpdesk-it'] },
        mario: { name: 'Mario Rossi', email: 'mario@example.com', locale: 'it-IT', groups: [] },
      },
    });
    server = await startServer({
      PORT: String(port),
      ...oidcServerEnv(provider, base),
    });
    browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await provider?.stop();
  });

  /** From the console's sign-in page through the provider's login and consent, back to the console. */
  async function signIn(page: Page, login: string) {
    await page.goto(`${server.base}/console`);
    expect(page.url()).toBe(`${server.base}/console/sign-in`);
    await page.click('a[href="/auth/login?next=/console"]');
    await passProviderPages(page, login);
    await page.waitForURL((url) => url.href.startsWith(server.base));
  }

  it('lets in an agent signed in with the company account, in their language', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, 'anna');
    await page.waitForURL(`${server.base}/console`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Coda');
    await expect(page.locator('.who .name').textContent()).resolves.toContain('Anna Bianchi');
    // No magic-link form in this mode: the company's sign-in is the only way in.
    await page.goto(`${server.base}/console/sign-in`);
    expect(page.url()).toBe(`${server.base}/console`);

    // Sign-out ends the chat's session too.
    await page.click('form[action="/console/sign-out"] button');
    await page.waitForURL(/\/console\/sign-in/);
    expect((await context.cookies()).filter((c) => c.name === 'sportello-session')).toEqual([]);
    await context.close();
  });

  it('refuses someone signed in who is not an agent', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, 'mario');
    await page.waitForURL(`${server.base}/console`);
    await expect(page.locator('[role=alert]').textContent()).resolves.toContain('Mario Rossi');
    const res = await page.goto(`${server.base}/console/tickets/IT-1`);
    expect(res!.status()).toBe(403);
    const stream = await context.request.get(`${server.base}/console/stream`, { headers: { accept: 'text/event-stream' } });
    expect(stream.status()).toBe(403);
    await context.close();
  });
});

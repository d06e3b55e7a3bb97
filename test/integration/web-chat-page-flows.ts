// The employee chat page in real Chromium against a real server signed in
// through a real OpenID provider, once per store: the greeting and its
// questions, answers with links, a ticket, the conversation and "my tickets"
// after a reload and on another device, pushes shown once, both languages,
// the keyboard alone, a 390 px phone, and axe-core on every state.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/bot-process.js';
import { seriousViolations } from '../support/axe.js';
import { CHROMIUM_ARGS, chromiumPath, requireChromiumInCi } from '../support/chromium.js';
import { oidcServerEnv, passProviderPages, signIn, startOidcProvider, type TestProvider } from '../support/oidc-provider.js';
import type { StoreEnv } from '../support/server-stores.js';
import { post, startServer, type RunningServer } from '../support/server.js';

requireChromiumInCi();

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/** The shipped knowledge base plus one answer written with marks, a list, links, and markup that must stay text. */
function knowledgeBase(dir: string): string {
  const kb = JSON.parse(readFileSync('kb/sample-kb.json', 'utf8')) as { faqs: unknown[] };
  kb.faqs.push({
    id: 'it-guest-wifi',
    department: 'it',
    questions: ['Come collego il portatile al wifi ospiti?', 'How do I connect my laptop to the guest wifi?'],
    answer: {
      it: '**Wifi ospiti**, in due passi:\n- scegli la rete `ACME-Guest`\n- apri *la pagina di accesso*\nGuida: https://intranet.example.local/wifi?piano=2&lang=it\nDubbi? mailto:helpdesk@example.com <img src=x onerror="window.__pwned=1">',
      en: '**Guest wifi**, in two steps:\n- pick the `ACME-Guest` network\n- open *the sign-in page*\nGuide: https://intranet.example.local/wifi?floor=2&lang=en\nQuestions? mailto:helpdesk@example.com <img src=x onerror="window.__pwned=1">',
    },
  });
  const file = join(dir, 'kb.json');
  writeFileSync(file, JSON.stringify(kb));
  return file;
}

const accounts = () => ({
  mario: { name: 'Mario Rossi', email: 'mario@example.com', locale: 'it-IT', groups: [] },
  sara: { name: 'Sara <img src=x onerror="window.__pwned=2">', locale: 'it', groups: [] },
  anna: { name: 'Anna Bianchi', email: 'anna@example.com', locale: 'en', groups: ['helpdesk-it'] },
});

export function runChatPageFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe.runIf(chromiumPath)(`the employee chat page on ${name}`, () => {
    let storage: StoreEnv;
    let provider: TestProvider;
    let s: RunningServer;
    let browser: Browser;
    let kbDir: string;

    beforeAll(async () => {
      storage = await storeEnv();
      kbDir = mkdtempSync(join(tmpdir(), 'sportello-kb-'));
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      provider = await startOidcProvider({ redirectUri: `${base}/auth/callback`, accounts: accounts() });
      s = await startServer({
        ...storage.env,
        PORT: String(port),
        ...oidcServerEnv(provider, base),
        FAQ_FILE: knowledgeBase(kbDir),
        WEB_BRAND_NAME: 'Sportello ACME',
        WEB_BRAND_COLOUR: '#0f766e',
      });
      browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await s?.stop();
      await provider?.stop();
      await storage?.cleanup();
      rmSync(kbDir, { recursive: true, force: true });
    });

    const contexts: BrowserContext[] = [];
    afterAll(async () => {
      for (const c of contexts) await c.close().catch(() => undefined);
    });
    async function freshPage(opts: { locale?: string; viewport?: { width: number; height: number }; axe?: boolean } = {}): Promise<Page> {
      const context = await browser.newContext({ locale: opts.locale ?? 'it-IT', viewport: opts.viewport ?? DESKTOP, bypassCSP: opts.axe ?? false });
      contexts.push(context);
      const page = await context.newPage();
      // Any script the page did not ship would have to run to set this.
      await page.addInitScript(() => ((window as unknown as { __pwned?: number }).__pwned = undefined));
      return page;
    }

    /** Through the provider's own login and consent pages, as a person would. */
    async function signInPage(page: Page, login: string): Promise<void> {
      await page.goto(s.base);
      await page.click('#signin');
      await passProviderPages(page, login);
      await page.waitForSelector('#send');
      await page.locator('.greeting').waitFor();
    }

    async function say(page: Page, text: string): Promise<void> {
      const before = await page.locator('.msg.bot').count();
      await page.fill('#text', text);
      await page.press('#text', 'Enter');
      await expect.poll(() => page.locator('.msg.bot').count()).toBeGreaterThan(before);
    }

    const texts = (page: Page) => page.locator('.messages .msg').allTextContents();
    const pwned = (page: Page) => page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned);

    it('greets by the desk\'s name with questions, answers, opens a ticket, and keeps both after a reload and on another device', async () => {
      const page = await freshPage();
      await page.goto(s.base);
      expect(await page.textContent('#desk-name')).toBe('Sportello ACME');
      expect(await page.isVisible('#uid')).toBe(false);
      expect(await page.textContent('#signin')).toBe('Accedi');

      await signInPage(page, 'mario');
      const greeting = (await page.textContent('.greeting p'))!;
      expect(greeting).toContain('Sportello ACME');
      expect(greeting).toContain('Mario Rossi');
      const asked = await page.locator('.suggestion').allTextContents();
      expect(asked.length).toBeGreaterThanOrEqual(3);
      expect(asked.length).toBeLessThanOrEqual(6);

      // A typo, as people type.
      await say(page, 'il mio acount è bloccato');
      const answer = page.locator('.msg.bot').last();
      const link = answer.locator('a[href="https://password.example.local/"]');
      expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
      expect(await link.getAttribute('target')).toBe('_blank');
      await answer.locator('button', { hasText: 'No, apri un ticket' }).click();
      await expect.poll(async () => (await page.locator('.msg.bot').last().textContent()) ?? '').toMatch(/Ho aperto il ticket IT-\d+/);
      const code = /IT-\d+/.exec((await page.locator('.msg.bot').last().textContent())!)![0];

      const toggle = page.locator('#tickets-toggle');
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      await toggle.click();
      await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
      const mine = page.locator(`#tickets-panel .my-ticket[data-code="${code}"]`);
      await mine.waitFor();
      expect(await mine.locator('.status').textContent()).toBe('aperto');
      expect(await mine.locator('.since').textContent()).toBe('aggiornato ora');

      const before = await texts(page);
      await page.reload();
      await page.waitForSelector('#send');
      await expect.poll(() => texts(page)).toEqual(before);
      expect(before).toContain('▸ No, apri un ticket');
      // The answer just given is now the question most asked in Italian (the suggestions are read again every few seconds).
      await expect
        .poll(
          async () => {
            await page.reload();
            await page.locator('.suggestion').first().waitFor();
            return page.locator('.suggestion').first().textContent();
          },
          { timeout: 15_000, interval: 1_000 },
        )
        .toBe('Il mio account è bloccato');
      await expect.poll(() => texts(page)).toEqual(before);
      await page.click('#tickets-toggle');
      await page.locator(`#tickets-panel .my-ticket[data-code="${code}"]`).waitFor();

      const laptop = await freshPage();
      await signInPage(laptop, 'mario');
      await expect.poll(() => texts(laptop)).toEqual(await texts(page));
      await laptop.close();
    });

    it('shows what an agent did live, and once only after a reload, also what came while the page was closed; "my tickets" follows', async () => {
      const page = await freshPage();
      await signInPage(page, 'mario');
      await say(page, 'ticket new --no-faq lo schermo del portatile sfarfalla');
      const code = /IT-\d+/.exec((await page.locator('.msg.bot').last().textContent())!)![0];
      await page.click('#tickets-toggle');
      const status = page.locator(`#tickets-panel .my-ticket[data-code="${code}"] .status`);
      await expect.poll(() => status.textContent()).toBe('aperto');

      const anna = await signIn(s.base, 'anna');
      await post(s.base, '/web/api/actions', { actionId: `claim:${code}` }, anna.headers);
      await expect.poll(async () => (await page.locator('.msg.push').last().textContent()) ?? '').toContain(`Anna Bianchi sta lavorando al tuo ticket ${code}`);
      await expect.poll(() => status.textContent()).toBe('in lavorazione');

      await page.close();
      await post(s.base, '/web/api/messages', { text: `ticket reply ${code} Can you send a photo of the screen?` }, anna.headers);
      const back = await freshPage();
      await signInPage(back, 'mario');
      const pushed = back.locator('.messages .msg', { hasText: 'Can you send a photo of the screen?' });
      await pushed.first().waitFor();
      // Both in the history and held for the stream: shown once.
      await new Promise((r) => setTimeout(r, 500));
      expect(await pushed.count()).toBe(1);
      expect(await back.locator('.messages .msg', { hasText: `Anna Bianchi sta lavorando al tuo ticket ${code}` }).count()).toBe(1);
    });

    it('draws marks, lists and links from an answer, and keeps <script> and <img onerror> as text wherever they come from', async () => {
      const page = await freshPage();
      await signInPage(page, 'sara');
      expect(await page.textContent('#who')).toBe('Sara <img src=x onerror="window.__pwned=2"> (sara)');
      await say(page, 'Come collego il portatile al wifi ospiti?');
      const answer = page.locator('.msg.bot').last();
      expect(await answer.locator('strong').first().textContent()).toBe('Wifi ospiti');
      expect(await answer.locator('ul li').allTextContents()).toEqual(['scegli la rete ACME-Guest', 'apri la pagina di accesso']);
      expect(await answer.locator('code').textContent()).toBe('ACME-Guest');
      expect(await answer.locator('em').textContent()).toBe('la pagina di accesso');
      const guide = answer.locator('a[href="https://intranet.example.local/wifi?piano=2&lang=it"]');
      expect(await guide.getAttribute('rel')).toBe('noopener noreferrer');
      expect(await answer.locator('a[href="mailto:helpdesk@example.com"]').count()).toBe(1);
      expect(await answer.textContent()).toContain('<img src=x onerror="window.__pwned=1">');

      await say(page, 'ticket new --no-faq <script>window.__pwned=3</script> il badge <img src=x onerror="window.__pwned=4"> non va javascript:alert(1)');
      expect(await page.locator('.msg.me').last().textContent()).toContain('<script>window.__pwned=3</script> il badge <img src=x onerror="window.__pwned=4">');
      expect(await page.locator('.msg.bot').last().locator('dl.facts').textContent()).toContain('<script>window.__pwned=3</script> il badge <img');
      expect(await page.locator('#log img, #log script, #log a[href^="javascript:"]').count()).toBe(0);
      await page.reload();
      await page.waitForSelector('#send');
      await expect.poll(() => page.locator('.messages .msg').count()).toBeGreaterThan(2);
      expect(await page.locator('#log img, #log script').count()).toBe(0);
      expect(await pwned(page)).toBeUndefined();
    });

    it('shows the desk at work while a request is under way, and keeps a filled-in form in the conversation', async () => {
      const page = await freshPage();
      await signInPage(page, 'mario');
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      await page.route('**/web/api/messages', async (route) => {
        await held;
        await route.continue();
      });
      await page.fill('#text', 'ticket nuovo');
      await page.press('#text', 'Enter');
      const typing = page.locator('.typing[role=status]');
      await typing.waitFor();
      expect(await typing.textContent()).toBe('Sportello ACME sta scrivendo…');
      release();
      await typing.waitFor({ state: 'detached' });
      const form = page.locator('.msg.bot').last().locator('form.reply-form');
      await form.locator('input[name=title]').fill('Cuffie rotte');
      await form.locator('select[name=department]').selectOption('it');
      await form.locator('button[type=submit]').click();
      await expect.poll(async () => (await page.locator('.msg.bot').last().textContent()) ?? '').toMatch(/Ho aperto il ticket IT-\d+/);
      const before = await texts(page);
      expect(before).toContain('Titolo: Cuffie rotte\nReparto: IT');
      await page.reload();
      await page.waitForSelector('#send');
      await expect.poll(() => texts(page)).toEqual(before);
    });

    it('speaks the browser\'s language, switches on request, and keeps the choice', async () => {
      const page = await freshPage({ locale: 'it-IT' });
      await signInPage(page, 'mario');
      expect(await page.getAttribute('html', 'lang')).toBe('it');
      expect(await page.getAttribute('#text', 'placeholder')).toBe('Scrivi la tua domanda…');
      expect(await page.textContent('#send button[type=submit]')).toBe('Invia');
      expect(await page.textContent('#tickets-toggle .label')).toBe('I miei ticket');
      expect(await page.textContent('#signout')).toBe('Esci');
      await page.click('#lang');
      await expect.poll(() => page.getAttribute('html', 'lang')).toBe('en');
      expect(await page.getAttribute('#text', 'placeholder')).toBe('Type your question…');
      expect(await page.textContent('#send button[type=submit]')).toBe('Send');
      await expect.poll(() => page.textContent('.greeting p')).toContain('Hello Mario Rossi!');
      // The desk answers in the language chosen too.
      await say(page, 'ticket list');
      const list = (await page.locator('.messages').textContent())!.split('ticket list')[1]!;
      expect(list).toMatch(/You have no tickets\.| · open · /);
      expect(list).not.toMatch(/Non hai ticket|aperto/);
      await page.reload();
      await page.waitForSelector('#send');
      expect(await page.textContent('#send button[type=submit]')).toBe('Send');
    });

    it('works with the keyboard alone: Enter sends, the panel opens and closes, focus is visible', async () => {
      const page = await freshPage({ locale: 'en-GB' });
      await signInPage(page, 'mario');
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('text');
      await page.keyboard.type('where do I find the guest wifi password?');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('.msg.me').last().textContent()).toBe('where do I find the guest wifi password?');
      await expect.poll(() => page.locator('.msg.bot').count()).toBeGreaterThan(0);
      // Tab from the address bar's side: the toggle is reached, and opens with Enter.
      await page.focus('#desk-name').catch(() => undefined);
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      let reached = false;
      for (let i = 0; i < 10 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await page.evaluate(() => document.activeElement?.id === 'tickets-toggle');
      }
      expect(reached).toBe(true);
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
      expect(outline).not.toBe('none');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getAttribute('#tickets-toggle', 'aria-expanded')).toBe('true');
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('tickets-heading');
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getAttribute('#tickets-toggle', 'aria-expanded')).toBe('false');
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('tickets-toggle');
    });

    it('fits a 390 px phone: the header stays one row and the placeholder is not cut off, in both languages', async () => {
      const page = await freshPage({ viewport: PHONE });
      await signInPage(page, 'mario');
      for (const lang of ['it', 'en']) {
        if ((await page.getAttribute('html', 'lang')) !== lang) await page.click('#lang');
        await expect.poll(() => page.getAttribute('html', 'lang')).toBe(lang);
        const header = (await page.locator('header.bar').boundingBox())!;
        expect(header.height).toBeLessThan(64);
        for (const box of await page.locator('header.bar > *:visible').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()))) {
          expect(box.top).toBeGreaterThanOrEqual(header.y);
          expect(box.bottom).toBeLessThanOrEqual(header.y + header.height);
          expect(box.right).toBeLessThanOrEqual(PHONE.width);
        }
        const fits = await page.$eval('#text', (input: HTMLInputElement) => {
          const style = getComputedStyle(input);
          const ctx = document.createElement('canvas').getContext('2d')!;
          ctx.font = `${style.fontSize} ${style.fontFamily}`;
          const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
          return ctx.measureText(input.placeholder).width <= room;
        });
        expect(fits).toBe(true);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      }
    });

    it('passes axe-core (no serious or critical violations) signed out, chatting and with the panel open, on a desktop and a phone, in both languages', async () => {
      const found: string[] = [];
      const check = async (page: Page, state: string) => {
        for (const v of await seriousViolations(page)) found.push(`${state}: ${v.id} (${v.impact}) ${v.help} at ${v.targets.join(', ')}`);
      };
      for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
        for (const locale of ['it-IT', 'en-GB']) {
          const where = `${size} ${locale}`;
          const out = await freshPage({ viewport, locale, axe: true });
          await out.goto(s.base);
          await out.waitForSelector('#signin');
          await check(out, `${where} signed out`);
          const page = await freshPage({ viewport, locale, axe: true });
          await signInPage(page, 'mario');
          await say(page, locale === 'it-IT' ? 'Come collego il portatile al wifi ospiti?' : 'How do I connect my laptop to the guest wifi?');
          await check(page, `${where} chatting`);
          await page.click('#tickets-toggle');
          await page.locator('#tickets-panel:not([hidden])').waitFor();
          await check(page, `${where} panel open`);
        }
      }
      expect(found).toEqual([]);
    }, 120_000);
  });
}

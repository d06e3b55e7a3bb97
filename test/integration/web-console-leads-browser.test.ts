// The leads' pages in real headless Chromium, at desktop and phone sizes: a lead
// works them with the keyboard alone, and axe-core finds nothing serious on any
// of them, errors shown included.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { CHROMIUM_ARGS, chromiumPath, requireChromiumInCi } from '../support/chromium.js';
import { startLeadServer, type LeadServer } from '../support/lead-console.js';

requireChromiumInCi();

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

async function expectUsable(page: Page, width: number) {
  expect(await seriousViolations(page)).toEqual([]);
  // Nothing wider than the screen: only the agents' table scrolls, inside its own region.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

describe.runIf(chromiumPath)("leads' pages in a browser", () => {
  let s: LeadServer;
  let browser: Browser;
  beforeAll(async () => {
    s = await startLeadServer();
    await s.composition.store.saveAgent({ platform: 'web', userId: 'laura', name: 'Laura', departments: ['it', 'hr'], tier: 2, role: 'lead', locale: 'en' });
    await s.composition.store.saveAgent({ platform: 'web', userId: 'giulia', name: 'Giulia', departments: ['hr'], tier: 1, role: 'lead', locale: 'it' });
    await s.composition.store.saveAgent({ platform: 'slack', userId: 'U0ALDO', name: 'Aldo Bianchi', departments: ['it', 'facilities'], tier: 1, role: 'agent' });
    s.tokens.set('laura', { platform: 'web', userId: 'laura' });
    s.tokens.set('giulia', { platform: 'web', userId: 'giulia' });
    browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await s?.stop();
  });

  const open = (token: string, viewport: { width: number; height: number }): Promise<BrowserContext> =>
    browser.newContext({ viewport, bypassCSP: true, extraHTTPHeaders: { authorization: `Bearer ${token}` } });

  it('lets a lead add an agent with the keyboard alone, a wrong field first', async () => {
    const context = await open('laura', { width: 1280, height: 800 });
    const page = await context.newPage();
    await page.goto(`${s.base}/console/agents`);
    await page.focus('#agent-user');
    await page.keyboard.type('U0NEW');
    await page.keyboard.press('Tab');
    // No name yet: the form comes back with the error under the field.
    await page.keyboard.press('Enter');
    await page.waitForSelector('#agent-name-error');
    expect(await page.textContent('#agent-name-error')).toBe('Enter a name.');
    expect(await page.inputValue('#agent-user')).toBe('U0NEW');
    await page.focus('#agent-name');
    await page.keyboard.type('Nina Verdi');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.focus('#agent-name');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.leads-notice');
    expect(await page.textContent('.leads-notice')).toBe('web:U0NEW saved.');
    expect(await page.textContent('table')).toContain('Nina Verdi');
    expect(await s.composition.store.getAgent('web', 'U0NEW')).toMatchObject({ name: 'Nina Verdi', departments: ['it'] });
    await context.close();
  });

  for (const viewport of VIEWPORTS) {
    it(`keeps the agents pages usable and axe-clean at ${viewport.width}×${viewport.height}`, async () => {
      const context = await open('giulia', viewport);
      const page = await context.newPage();
      await page.goto(`${s.base}/console/agents`);
      expect(await page.textContent('h1')).toBe('Operatori');
      await expectUsable(page, viewport.width);
      await page.fill('#agent-user', 'U0X');
      await page.click('#agent-form button[type=submit]');
      await page.waitForSelector('#form-errors');
      expect(await page.textContent('#agent-name-error')).toBe('Inserisci un nome.');
      await expectUsable(page, viewport.width);
      await page.goto(`${s.base}/console/agents/edit?platform=slack&user=U0ALDO`);
      await expectUsable(page, viewport.width);
      await page.goto(`${s.base}/console/agents/remove?platform=slack&user=U0ALDO`);
      expect(await page.textContent('h1')).toBe('Rimuovere Aldo Bianchi?');
      await expectUsable(page, viewport.width);
      await context.close();
    });

    it(`keeps the FAQ pages usable and axe-clean at ${viewport.width}×${viewport.height}`, async () => {
      const context = await open('laura', viewport);
      const page = await context.newPage();
      await page.goto(`${s.base}/console/faq`);
      await expectUsable(page, viewport.width);
      await page.fill('#faq-q', 'password');
      await page.press('#faq-q', 'Enter');
      await page.waitForURL(/q=password/);
      expect(await page.textContent('.leads-entries')).toContain('it-password-reset');
      await expectUsable(page, viewport.width);
      await page.click('a[aria-label="Edit it-password-reset"]');
      await page.fill('#faq-questions', '');
      await page.fill('#faq-answer-it', '');
      await page.fill('#faq-answer-en', '');
      await page.click('#faq-form button[type=submit]');
      await page.waitForSelector('#form-errors');
      expect(await page.textContent('#faq-questions-error')).toBe('Write at least one question.');
      await expectUsable(page, viewport.width);
      await page.goto(`${s.base}/console/faq/import`);
      // With its script the page offers a file as well as the box.
      await page.waitForSelector('#faq-file-field:not([hidden])');
      await page.fill('#faq-kb', JSON.stringify({ faqs: [{ id: 'x', department: 'it', questions: [], answer: { it: 'ok' } }] }));
      await page.click('form button[type=submit]');
      await page.waitForSelector('#import-errors');
      expect(await page.textContent('#import-errors')).toContain('Entry 1 (id "x"), questions: Write at least one question.');
      await expectUsable(page, viewport.width);
      await context.close();
    });

    it(`keeps the FAQ drafts page usable and axe-clean at ${viewport.width}×${viewport.height}`, async () => {
      const id = `d-it-${viewport.width}`;
      await s.composition.store.proposeDraft({
        id, department: 'it', locale: 'it', status: 'pending', entryId: `it-it-${viewport.width}`, createdAt: 1, updatedAt: 1, version: 1,
        questions: ['il wifi della sala 3 cade ogni 10 minuti', 'in sala tre la rete wireless si disconnette di continuo'],
        answer: { it: 'Collegati a "Sportello-5G": la rete 2,4 GHz della sala 3 è satura.' },
        sources: [`IT-${viewport.width}`, `IT-${viewport.width + 1}`, `IT-${viewport.width + 2}`, `IT-${viewport.width + 3}`, `IT-${viewport.width + 4}`],
      });
      const context = await open('laura', viewport);
      const page = await context.newPage();
      await page.goto(`${s.base}/console/faq`);
      await page.click('a[href="/console/faq/drafts"]');
      expect(await page.textContent('.leads-entries')).toContain('il wifi della sala 3 cade ogni 10 minuti');
      await expectUsable(page, viewport.width);
      await page.click(`a[aria-label="Edit draft ${id}"]`);
      await page.fill('#draft-questions', '');
      await page.click('form button[type=submit]');
      await page.waitForSelector('#draft-problem');
      expect(await page.textContent('#draft-problem')).toContain('it needs at least one question');
      await expectUsable(page, viewport.width);
      await page.goto(`${s.base}/console/faq/drafts`);
      await page.click(`button[aria-label="Approve draft ${id}"]`);
      await page.waitForSelector('.leads-notice');
      expect(await page.textContent('.leads-notice')).toContain(`Draft ${id} approved`);
      await expectUsable(page, viewport.width);
      await context.close();
    });

    it(`keeps the on-call page usable and axe-clean at ${viewport.width}×${viewport.height}`, async () => {
      const { store } = s.composition;
      await store.setWeeklyRota('it', 1, { shifts: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: 0, to: 24 * 60, people: ['slack:U0ALDO'] }], setBy: 'web:laura', setAt: Date.now() });
      const context = await open('laura', viewport);
      const page = await context.newPage();
      await page.goto(`${s.base}/console/oncall`);
      expect(await page.textContent('[data-testid="duty-it-1"]')).toContain('Aldo Bianchi');
      await expectUsable(page, viewport.width);
      await page.fill('#oncall-from', 'tomorrow');
      await page.fill('#oncall-to', '2099-01-01 09:00');
      await page.fill('#oncall-people', 'web:laura');
      await page.click('#oncall-form button[type=submit]');
      await page.waitForSelector('#form-errors');
      expect(await page.textContent('#oncall-from-error')).toBe('Enter a date and time like 2026-12-24 18:00.');
      await expectUsable(page, viewport.width);
      await page.fill('#oncall-from', '2098-12-31 18:00');
      await page.fill('#oncall-off', 'slack:U0ALDO');
      await page.click('#oncall-form button[type=submit]');
      await page.waitForSelector('.leads-notice');
      expect(await page.textContent('.leads-notice')).toBe('Override added: 2098-12-31 18:00 to 2099-01-01 09:00.');
      await expectUsable(page, viewport.width);
      await page.click('button[aria-label="Remove the override from 2098-12-31 18:00 to 2099-01-01 09:00"]');
      await page.waitForSelector('.leads-notice');
      expect(await page.textContent('.leads-notice')).toBe('Override removed.');
      expect(await store.onCallOverrides('it', 1, 0)).toEqual([]);
      await context.close();
    });
  }

  it('reads a chosen file into the import box and imports it', async () => {
    const context = await open('laura', { width: 1280, height: 800 });
    const page = await context.newPage();
    await page.goto(`${s.base}/console/faq/import`);
    const kb = { faqs: [{ id: 'hr-ferie', department: 'hr', questions: ['quanti giorni di ferie ho?'], answer: { it: 'Li vedi nel portale HR, alla voce Assenze.' } }] };
    await page.setInputFiles('#faq-file', { name: 'kb.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(kb)) });
    await expect.poll(() => page.inputValue('#faq-kb')).toContain('hr-ferie');
    await page.click('form button[type=submit]');
    await page.waitForSelector('.leads-notice');
    expect(await page.textContent('.leads-notice')).toBe('Imported 1 entry (1 new, 0 replaced).');
    expect((await s.composition.store.listFaqs()).some((e) => e.id === 'hr-ferie')).toBe(true);
    await context.close();
  });
});

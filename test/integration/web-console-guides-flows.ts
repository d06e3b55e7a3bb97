// The leads' guides page in headless Chromium, on the desk `npm start` composes:
// a scripted set of runs marked through the store as the chat flow marks them,
// and the figures a lead reads off the page, step by step. Run once per store.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKnowledgeBase } from '../../src/index.js';
import { seriousViolations } from '../support/axe.js';
import { CHROMIUM_ARGS, chromiumPath, requireChromiumInCi } from '../support/chromium.js';
import { GUIDED_KB, HOSTILE_TITLE, markScriptedRuns, SCRIPTED_STEPS } from '../support/guide-runs.js';
import { startLeadServer, type LeadServer } from '../support/lead-console.js';
import type { StoreEnv } from '../support/server-stores.js';

const DAY = 86_400_000;

export function runGuidesConsoleFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  requireChromiumInCi();
  describe.runIf(chromiumPath)(`the leads' guides page in a browser, on ${name}`, () => {
    let storage: StoreEnv;
    let s: LeadServer;
    let browser: Browser;

    beforeAll(async () => {
      storage = await storeEnv();
      s = await startLeadServer(storage.env);
      const { store } = s.composition;
      await store.saveAgent({ platform: 'web', userId: 'laura', name: 'Laura', departments: ['it', 'hr'], tier: 2, role: 'lead', locale: 'en' });
      await store.saveAgent({ platform: 'web', userId: 'giulia', name: 'Giulia', departments: ['it'], tier: 1, role: 'admin', locale: 'it' });
      await store.saveAgent({ platform: 'web', userId: 'aldo', name: 'Aldo', departments: ['it'], tier: 1, role: 'agent', locale: 'it' });
      for (const who of ['laura', 'giulia', 'aldo']) s.tokens.set(who, { platform: 'web', userId: who });
      await store.upsertFaqs(parseKnowledgeBase(GUIDED_KB, ['it', 'hr']));
      await markScriptedRuns(store, Date.now() - 3_600_000);
      // Six older runs of the VPN guide, all stuck at its first step: outside "the last 7 days".
      for (let i = 0; i < 6; i++) {
        await store.markGuideStep({ run: `old-${i}`, seq: 1, entryId: 'vpn', stepId: 'wifi', kind: 'reached', at: Date.now() - 20 * DAY });
        await store.markGuideStep({ run: `old-${i}`, seq: 1, entryId: 'vpn', stepId: 'wifi', kind: 'stuck', at: Date.now() - 20 * DAY });
      }
      browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await s?.stop();
      await storage?.cleanup();
    });

    const open = (token: string, bypassCSP = false, viewport = { width: 1280, height: 900 }): Promise<BrowserContext> =>
      browser.newContext({ viewport, bypassCSP, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
    const rowsOf = (page: Page, entry: string) =>
      page.$$eval(`section[data-entry="${entry}"] tbody tr`, (rows) => rows.map((r) => [...r.children].map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim())));
    const totalsOf = (page: Page, entry: string) =>
      page.$$eval(`section[data-entry="${entry}"] .guides-totals div`, (items) => items.map((d) => [d.querySelector('dt')!.textContent, d.querySelector('dd')!.textContent]));

    it('shows a lead, from the FAQ page, each guide\'s steps with how many reached, solved, gave up, ended and left, and the step that fails most', async () => {
      const context = await open('laura');
      const page = await context.newPage();
      await page.goto(`${s.base}/console/faq`);
      await page.click('text=Guides: where people give up');
      await page.waitForURL(/\/console\/faq\/guides$/);
      expect(await page.textContent('h1')).toBe('Guided fixes, step by step');
      // Guides only, in the knowledge base's order: the HR answer has no steps.
      // (The sample KB's eight guides come first: their ids sort before these.)
      const guides = await page.$$eval('section.guides-guide h2', (h) => h.map((x) => x.textContent));
      expect(guides).toHaveLength(10);
      expect(guides.slice(-2)).toEqual(['The printer does not print', 'The VPN does not connect']);
      expect(await page.$$eval('section[data-entry="printer"] thead th', (h) => h.map((x) => x.textContent))).toEqual([
        '#', 'Step', 'Reached', 'Solved here', 'Gave up', 'Ended in a ticket', 'Left', 'Fails',
      ]);
      const printer = await rowsOf(page, 'printer');
      expect(printer.map((r) => r.slice(2))).toEqual(SCRIPTED_STEPS.map((r) => r.slice(2)));
      expect(printer.map((r) => r[0])).toEqual(['1', '2', '3']);
      expect(await totalsOf(page, 'printer')).toEqual([['Started', '10'], ['Solved', '4 (40%)'], ['Tickets opened', '3'], ['Left without finishing', '3']]);
      // The worst step is said in words, in its row and under the table; not by colour alone.
      expect(printer[0]![1]).toBe('Restart (fails most)');
      expect(await page.$$eval('tr.guides-worst th', (t) => t.map((x) => x.textContent))).toEqual(['Restart (fails most)', expect.stringContaining('Check that the Wi-Fi works')]);
      expect(await page.textContent('section[data-entry="printer"] .guides-worst-line')).toBe('Fails most in this guide: step 1 «Restart» (3 of 10).');
      // Across every guide, the older VPN runs (6 stuck at its first step) fail most.
      expect(await page.textContent('#guides-worst')).toBe('Fails most: step 1 «Check that the Wi-Fi works» of «The VPN does not connect» (6 of 6 stopped there without a fix).');
      // A step's title is text from the knowledge base: shown as written, never run.
      expect(printer[1]![1]).toBe(HOSTILE_TITLE);
      expect(await page.$$('section.guides-guide img')).toEqual([]);
      expect(await page.title()).not.toBe('1');
      await context.close();
    });

    it('counts only the window asked: in the last 7 days the VPN guide has no runs', async () => {
      const context = await open('laura');
      const page = await context.newPage();
      await page.goto(`${s.base}/console/faq/guides`);
      await page.selectOption('#guides-since', '7d');
      await page.click('button:has-text("Show")');
      await page.waitForURL(/since=7d/);
      expect((await rowsOf(page, 'vpn')).map((r) => r.slice(2))).toEqual([['0', '0', '0', '0', '0', '–'], ['0', '0', '0', '0', '0', '–']]);
      expect(await totalsOf(page, 'vpn')).toEqual([['Started', '0'], ['Solved', '0 (–)'], ['Tickets opened', '0'], ['Left without finishing', '0']]);
      expect(await page.textContent('#guides-worst')).toBe('Fails most: step 1 «Restart» of «The printer does not print» (3 of 10 stopped there without a fix).');
      expect((await rowsOf(page, 'printer')).map((r) => r.slice(2))).toEqual(SCRIPTED_STEPS.map((r) => r.slice(2)));
      await context.close();
    });

    it('speaks Italian to an Italian admin, on a phone, with nothing serious for axe-core', async () => {
      const viewport = { width: 390, height: 844 };
      const context = await open('giulia', true, viewport);
      const page = await context.newPage();
      await page.goto(`${s.base}/console/faq/guides?since=7d`);
      expect(await page.textContent('h1')).toBe('Soluzioni guidate, passo per passo');
      const printer = await rowsOf(page, 'printer');
      expect(printer.map((r) => r[1])).toEqual(['Riavvia (non va più spesso)', 'Il cavo', 'Reinstalla il driver']);
      expect(await page.textContent('#guides-worst')).toBe('Non va più spesso: il passo 1 «Riavvia» di «La stampante non stampa» (3 su 10 si sono fermati lì senza soluzione).');
      expect(await seriousViolations(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await context.close();
    });

    it('keeps agents who are not leads out', async () => {
      const res = await fetch(`${s.base}/console/faq/guides`, { redirect: 'manual', headers: { authorization: 'Bearer aldo' } });
      expect(res.status).toBe(403);
      expect(await res.text()).not.toContain('Restart');
      const nobody = await fetch(`${s.base}/console/faq/guides`, { redirect: 'manual' });
      expect(nobody.status).toBe(303);
    });
  });
}

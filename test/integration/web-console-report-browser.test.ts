// The leads' report dashboard in real headless Chromium: the charts are drawn by
// Chart.js served from our own origin under the page's CSP, every chart has its
// table, the figures match the fixture month, and axe-core finds nothing serious.
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { CHROMIUM_ARGS, chromiumPath, requireChromiumInCi } from '../support/chromium.js';
import { startLeadServer, type LeadServer } from '../support/lead-console.js';
import { writeReportFixture } from '../fixtures/report/report-tickets.js';

requireChromiumInCi();

const DAY = 86_400_000;

describe.runIf(chromiumPath)('the report dashboard in a browser', () => {
  let s: LeadServer;
  let browser: Browser;
  beforeAll(async () => {
    s = await startLeadServer();
    const store = s.composition.store;
    await store.saveAgent({ platform: 'web', userId: 'laura', name: 'Laura', departments: ['it', 'hr'], tier: 2, role: 'lead', locale: 'en' });
    await store.saveAgent({ platform: 'web', userId: 'giulia', name: 'Giulia', departments: ['hr'], tier: 1, role: 'lead', locale: 'it' });
    await store.saveAgent({ platform: 'web', userId: 'a1', name: 'Agent One', departments: ['it'], tier: 1, role: 'agent' });
    await store.saveAgent({ platform: 'web', userId: 'aldo', name: 'Aldo', departments: ['it'], tier: 1, role: 'agent' });
    s.tokens.set('laura', { platform: 'web', userId: 'laura' });
    s.tokens.set('giulia', { platform: 'web', userId: 'giulia' });
    s.tokens.set('aldo', { platform: 'web', userId: 'aldo' });
    // The fixture month ending today: its 300 tickets inside "the last 90 days".
    const today = Math.floor(Date.now() / DAY) * DAY;
    await writeReportFixture(store, today - 40 * DAY);
    browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.stop();
  });

  // CSP enforced here (no bypass): Chart.js must come from our own origin. axe is injected in a second context.
  const open = (token: string, viewport = { width: 1280, height: 900 }, bypassCSP = false): Promise<BrowserContext> =>
    browser.newContext({ viewport, bypassCSP, extraHTTPHeaders: { authorization: `Bearer ${token}` } });

  it('draws every chart under the page\'s CSP, each with a table of the same numbers', async () => {
    const context = await open('laura');
    const page = await context.newPage();
    const refused: string[] = [];
    // Script errors and CSP refusals, and any of our own files missing (the browser's own favicon guess aside).
    page.on('pageerror', (e) => refused.push(e.message));
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && refused.push(m.text()));
    page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && refused.push(`${r.status()} ${r.url()}`));
    await page.goto(`${s.base}/console/report?since=90d`);
    await page.waitForFunction(() => document.documentElement.dataset.reportCharts === 'drawn');
    const canvases = await page.$$eval('canvas', (list) => list.map((c) => ({ id: c.id, drawn: c.dataset.rendered === 'true', width: c.width, label: c.getAttribute('aria-label') })));
    expect(canvases.map((c) => c.id)).toEqual(['chart-opened', 'chart-priority', 'chart-channel', 'chart-hours', 'chart-satisfaction', 'chart-agents']);
    for (const c of canvases) {
      expect(c.drawn).toBe(true);
      expect(c.width).toBeGreaterThan(0);
      expect(c.label).toBeTruthy();
    }
    // Something was painted: the opened-by-department canvas is not blank.
    const painted = await page.$eval('#chart-opened', (c) => {
      const ctx = (c as HTMLCanvasElement).getContext('2d')!;
      const px = ctx.getImageData(0, 0, (c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height).data;
      for (let i = 3; i < px.length; i += 4) if (px[i] !== 0) return true;
      return false;
    });
    expect(painted).toBe(true);
    expect(refused).toEqual([]);
    // The tables: one per chart, with the fixture's numbers.
    expect(await page.$$eval('table', (t) => t.length)).toBe(6);
    const opened = await page.$$eval('#table-opened tbody tr', (rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
    expect(opened).toEqual([
      ['Finance', '100', '80'],
      ['Human resources', '100', '80'],
      ['IT', '100', '80'],
    ]);
    const satisfaction = await page.$$eval('#table-satisfaction tbody tr', (rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
    expect(satisfaction).toEqual([['1★', '0'], ['2★', '30'], ['3★', '30'], ['4★', '30'], ['5★', '60']]);
    const kpis = await page.textContent('#report-kpis');
    expect(kpis).toContain('Opened300');
    expect(kpis).toContain('66.7%');
    expect(await page.textContent('#table-agents')).toContain('Agent One');
    await context.close();
  });

  it('narrows to a department with the form, and offers the same figures as CSV', async () => {
    const context = await open('laura');
    const page = await context.newPage();
    await page.goto(`${s.base}/console/report?since=90d`);
    await page.selectOption('#report-department', 'it');
    await page.click('.report-filter button[type=submit]');
    await page.waitForURL(/department=it/);
    expect(await page.$$eval('#table-opened tbody tr', (rows) => rows.map((r) => r.textContent))).toEqual(['IT10080']);
    const csvHref = await page.getAttribute('.report-filter a[download]', 'href');
    const csv = await context.request.get(`${s.base}${csvHref}`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const text = await csv.text();
    expect(text).toContain('opened,total,100\n');
    expect(text).toContain('faq,rate,0.3333333333333333\n');
    await context.close();
  });

  for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
    it(`is axe-clean and fits the screen at ${viewport.width}×${viewport.height}, in Italian too`, async () => {
      const context = await open('giulia', viewport, true);
      const page = await context.newPage();
      await page.goto(`${s.base}/console/report?since=90d`);
      await page.waitForFunction(() => document.documentElement.dataset.reportCharts === 'drawn');
      expect(await page.textContent('h1')).toBe('Report');
      expect(await page.textContent('#chart-opened-title')).toBe('Ticket aperti e chiusi per reparto');
      expect(await seriousViolations(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await context.close();
    });
  }

  it('keeps agents who are not leads out', async () => {
    const res = await fetch(`${s.base}/console/report`, { headers: { authorization: 'Bearer aldo' } });
    expect(res.status).toBe(403);
  });
});

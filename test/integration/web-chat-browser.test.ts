// The web chat page in real headless Chromium: a person types, reads, and clicks.
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import { CHROMIUM_ARGS, chromiumPath, requireChromiumInCi } from '../support/chromium.js';
import { startServer, type RunningServer } from '../support/server.js';

requireChromiumInCi();

async function login(page: Page, base: string, id: string, name: string, locale: 'it' | 'en') {
  await page.goto(base);
  await page.fill('#uid', id);
  await page.fill('#uname', name);
  await page.selectOption('#ulocale', locale);
  await page.click('#login button[type=submit]');
  await page.waitForSelector('#send:not([hidden])');
}

async function send(page: Page, text: string) {
  await page.fill('#text', text);
  await page.press('#text', 'Enter');
}

const lastReply = (page: Page) => page.locator('.msg.bot').last();

describe.runIf(chromiumPath)('web chat in a browser', () => {
  let s: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    s = await startServer();
    const store = createSqliteStore({ file: join(s.dataDir, 'sportello.db') });
    await store.saveAgent({ platform: 'web', userId: 'anna', name: 'Anna', departments: ['it'], tier: 1, role: 'agent' });
    await store.close();
    browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await s?.stop();
  });

  it('lets an employee open a ticket, an agent claim and resolve it, and the employee confirm with a button', async () => {
    const employee = await browser.newPage();
    const agent = await browser.newPage();
    await login(employee, s.base, 'mario', 'Mario', 'it');
    await login(agent, s.base, 'anna', 'Anna', 'en');

    await send(employee, 'ticket new la stampante del 2° piano non stampa');
    await expect.poll(() => lastReply(employee).textContent()).toMatch(/Ho aperto il ticket IT-\d+/);
    const code = /IT-\d+/.exec((await lastReply(employee).textContent())!)![0];

    // The agent's page receives the new ticket live, with its buttons.
    const claim = agent.locator(`button[data-action="claim:${code}"]`);
    await claim.waitFor();
    await claim.click();
    await expect.poll(() => lastReply(agent).textContent()).toContain(`You claimed ${code}`);
    await expect.poll(() => lastReply(employee).textContent()).toContain(`Anna sta lavorando al tuo ticket ${code}`);

    await send(agent, `ticket resolve ${code} Driver reinstalled`);
    const yes = employee.locator(`button[data-action="confirm:${code}"]`);
    await yes.waitFor();
    expect(await yes.textContent()).toBe('Sì, è risolto');
    await employee.screenshot({ path: process.env.SCREENSHOT_DIR ? join(process.env.SCREENSHOT_DIR, 'web-chat.png') : join(s.dataDir, 'web-chat.png') });
    await yes.click();
    await expect.poll(() => employee.locator('.msg.bot').nth(-2).textContent()).toContain(`Grazie! ${code} è chiuso.`);
    expect(await yes.isDisabled()).toBe(true);
    // Then the rating question, with a button per score.
    const four = employee.locator(`button[data-action="rate:${code}_4"]`);
    await four.waitFor();
    await four.click();
    await expect.poll(() => lastReply(employee).textContent()).toContain(`Grazie per aver dato 4/5 a ${code}!`);
  });

  it('shows a ticket\'s facts under its message: title, requester, SLA and channel, as text', async () => {
    const employee = await browser.newPage();
    await login(employee, s.base, 'giulia', 'Giulia <img src=x onerror=alert(1)>', 'it');
    await send(employee, 'ticket new --no-faq il monitor <b>lampeggia</b>');
    await expect.poll(() => lastReply(employee).textContent()).toMatch(/Ho aperto il ticket IT-\d+/);
    const facts = lastReply(employee).locator('dl.facts');
    const text = (await facts.textContent())!;
    expect(text).toContain('il monitor <b>lampeggia</b>');
    expect(text).toContain('RichiedenteGiulia <img src=x onerror=alert(1)>');
    // Where it stands against its SLA target, the due moment in the reader's own zone and language.
    expect(text).toMatch(/SLAprima risposta: scade \d{1,2} [a-z]{3} 20\d\d, \d\d:\d\d/);
    expect(text).toContain('Aperto dachat web');
    // Written as text: nothing the requester typed became markup.
    expect(await facts.locator('b, img').count()).toBe(0);
  });

  it('shows a clear error for input the API refuses', async () => {
    const page = await browser.newPage();
    await login(page, s.base, 'luca', 'Luca', 'en');
    await send(page, 'x'.repeat(4000));
    await expect.poll(() => lastReply(page).textContent()).toContain('Ticket');
    await page.evaluate(() => ((document.getElementById('text') as HTMLInputElement).maxLength = 5000));
    await send(page, 'y'.repeat(4001));
    await expect.poll(() => page.locator('.msg.error').last().textContent()).toBe('text is too long (4000 characters at most)');
  });
});

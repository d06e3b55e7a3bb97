// The desk's own forms on the web chat: `ticket new` alone offers the new-ticket
// form with department and urgency as menus; what is wrong in a sent form comes
// back field by field with the form as it was filled in; the page draws the menus.
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium.js';
import { post, startServer, type RunningServer } from '../support/server.js';

const mario = { id: 'mario-forms', name: 'Mario', locale: 'it' };
const anna = { id: 'anna-forms', name: 'Anna', locale: 'en' };

describe('the desk\'s forms on the web chat', () => {
  let s: RunningServer;
  beforeAll(async () => {
    s = await startServer({});
  });
  afterAll(() => s?.stop());

  async function ticket(code: string) {
    const store = createSqliteStore({ file: join(s.dataDir, 'sportello.db') });
    try {
      return (await store.get(code))!;
    } finally {
      await store.close();
    }
  }

  it('offers the new-ticket form for "ticket nuovo", refuses it blank or off the list, and files it when right', async () => {
    const asked = await post(s.base, '/web/api/messages', { user: mario, text: 'ticket nuovo' });
    const [offer] = asked.body.replies;
    expect(offer.form).toMatchObject({ id: 'new-ticket:_', title: 'Nuovo ticket' });
    const dept = offer.form.fields.find((f: { id: string }) => f.id === 'department');
    expect(dept).toMatchObject({ kind: 'select', optional: true, label: 'Reparto' });
    expect(dept.options).toContainEqual({ value: 'hr', label: 'Risorse umane' });

    const bad = await post(s.base, '/web/api/actions', { user: mario, form: 'new-ticket:_', values: { title: ' ', description: 'dal portale', department: 'legal' } });
    expect(bad.status).toBe(200);
    const [refusal] = bad.body.replies;
    expect(refusal.text).toContain('Titolo: compila questo campo.');
    expect(refusal.text).toContain("Reparto: scegli una delle voci dell'elenco.");
    expect(refusal.form.fields.find((f: { id: string }) => f.id === 'description').value).toBe('dal portale');
    expect(refusal.ticket).toBeUndefined();

    const good = await post(s.base, '/web/api/actions', { user: mario, form: 'new-ticket:_', values: { title: 'Cedolino mancante', description: 'dal portale', department: 'hr', urgency: 'high' } });
    const code = good.body.replies[0].ticket.code as string;
    expect(await ticket(code)).toMatchObject({ department: 'hr', priority: 'P2', requester: { platform: 'web', userId: mario.id } });
  });

  describe.runIf(chromiumPath)('in a browser', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
    }, 60_000);
    afterAll(() => browser?.close());

    it('draws department and urgency as menus, and opens the ticket under the department chosen', async () => {
      const page = await browser.newPage();
      await page.goto(s.base);
      await page.fill('#uid', anna.id);
      await page.fill('#uname', anna.name);
      await page.selectOption('#ulocale', 'en');
      await page.click('#login button[type=submit]');
      await page.waitForSelector('#send:not([hidden])');
      await page.fill('#text', 'ticket new');
      await page.press('#text', 'Enter');

      const form = page.locator('form.reply-form');
      await form.waitFor();
      const menu = form.locator('select[name=department]');
      expect(await menu.locator('option').allTextContents()).toEqual(['Choose a department', 'IT', 'Human resources', 'Finance', 'Facilities']);
      expect(await form.locator('input[name=title]').getAttribute('required')).not.toBeNull();
      await form.locator('input[name=title]').fill('Badge reader dead');
      await menu.selectOption('facilities');
      await form.locator('select[name=urgency]').selectOption('low');
      await form.locator('button[type=submit]').click();

      await expect.poll(() => page.locator('.msg.bot').last().textContent()).toMatch(/Ticket FAC-\d+ opened/);
      expect(await page.locator('.msg.me').last().textContent()).toContain('Department: Facilities');
      const code = /FAC-\d+/.exec((await page.locator('.msg.bot').last().textContent())!)![0];
      expect(await ticket(code)).toMatchObject({ department: 'facilities', title: 'Badge reader dead' });
      await page.close();
    });
  });
});

// The clarifying form on the web chat: the API carries it as data and takes it
// back as `{ form, values }`; the page shows it under the message and sends it.
// "scanner guasto" / "scanner dead": short, and no FAQ entry comes close, so the
// desk asks for details at once ("pc rotto" first offers FAQ entries).
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium.js';
import { post, startServer, type RunningServer } from '../support/server.js';

const mario = { id: 'mario', name: 'Mario', locale: 'it' };
const anna = { id: 'anna-web', name: 'Anna', locale: 'en' };

describe('the clarifying form on the web chat', () => {
  let s: RunningServer;
  beforeAll(async () => {
    s = await startServer({ TICKET_INTAKE: 'confirm' });
  });
  afterAll(() => s?.stop());

  async function description(code: string): Promise<string> {
    const store = createSqliteStore({ file: join(s.dataDir, 'sportello.db') });
    try {
      return (await store.get(code))!.description;
    } finally {
      await store.close();
    }
  }

  it('asks a vague request for details with a form, and files the ticket with what the form says', async () => {
    const asked = await post(s.base, '/web/api/messages', { user: mario, text: 'scanner guasto' });
    expect(asked.status).toBe(200);
    const [question] = asked.body.replies;
    expect(question.text).toMatch(/^Prima di aprire un ticket/);
    expect(question.form).toMatchObject({
      id: expect.stringMatching(/^intake-details:/),
      submitLabel: 'Invia',
      fields: [
        { id: 'affected', label: 'Che cosa è coinvolto?', placeholder: expect.any(String) },
        { id: 'since', label: 'Da quando?', optional: true },
      ],
    });
    expect(question.actions.map((a: { label: string }) => a.label)).toEqual(['Aprilo così', 'No, grazie']);

    const sent = await post(s.base, '/web/api/actions', { user: mario, form: question.form.id, values: { affected: 'il mio portatile', since: 'da stamattina' } });
    expect(sent.status).toBe(200);
    const offer = sent.body.replies[0];
    expect(offer.text).toMatch(/^Non ho trovato/);
    const open = offer.actions.find((a: { id: string }) => /^intake-(open|to):/.test(a.id));
    const opened = await post(s.base, '/web/api/actions', { user: mario, actionId: open.id });
    const code = opened.body.replies[0].ticket.code as string;
    expect(await description(code)).toContain('il mio portatile');
    expect(await description(code)).toContain('da stamattina');

    // The form is used up: sent again, the desk says the offer is gone, and no second ticket opens.
    const again = await post(s.base, '/web/api/actions', { user: mario, form: question.form.id, values: { affected: 'il mio portatile' } });
    expect(again.status).toBe(200);
    expect(again.body.replies[0].ticket).toBeUndefined();
  });

  it('refuses a form body that is not one, and answers a form it did not make in words', async () => {
    const bad = async (body: unknown) => post(s.base, '/web/api/actions', body);
    expect((await bad({ user: mario, form: 'intake-details:x', values: 'my laptop' })).body.error).toBe('values must be an object of field id to text');
    expect((await bad({ user: mario, form: 'intake-details:x', values: { affected: 'x'.repeat(2001) } })).body.error).toBe('a value is too long (2000 characters at most)');
    expect((await bad({ user: mario, form: 'intake-details:x', values: JSON.parse('{"__proto__": "x"}') })).status).toBe(400);
    const many = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`f${i}`, 'x']));
    expect((await bad({ user: mario, form: 'intake-details:x', values: many })).body.error).toBe('values has too many fields (10 at most)');
    expect((await bad({ user: mario, form: '', values: {} })).body.error).toBe('form must not be empty');
    const unknown = await bad({ user: mario, form: 'what-is-this:x', values: {} });
    expect(unknown.status).toBe(200);
    expect(unknown.body.replies[0].text).toBeTruthy();
    expect(unknown.body.replies[0].ticket).toBeUndefined();
  });

  describe.runIf(chromiumPath)('in a browser', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
    }, 60_000);
    afterAll(() => browser?.close());

    it('shows the form under the question, sends what is typed, and shows the offer', async () => {
      const page = await browser.newPage();
      await page.goto(s.base);
      await page.fill('#uid', anna.id);
      await page.fill('#uname', anna.name);
      await page.selectOption('#ulocale', 'en');
      await page.click('#login button[type=submit]');
      await page.waitForSelector('#send:not([hidden])');
      await page.fill('#text', 'scanner dead');
      await page.press('#text', 'Enter');

      const form = page.locator('form.reply-form');
      await form.waitFor();
      await expect.poll(() => form.locator('label').first().textContent()).toBe('What is affected?');
      expect(await form.locator('input[name=affected]').getAttribute('required')).not.toBeNull();
      expect(await form.locator('input[name=since]').getAttribute('placeholder')).toMatch(/^e\.g\. this morning/);
      await form.locator('input[name=affected]').fill('my laptop <b>now</b>');
      await form.locator('input[name=since]').fill('since this morning');
      await form.locator('button[type=submit]').click();

      const last = page.locator('.msg.bot').last();
      await expect.poll(() => last.textContent()).toMatch(/^I found no answer/);
      // What was typed is shown as text, never as markup.
      expect(await page.locator('.msg.me b').count()).toBe(0);
      expect(await page.locator('.msg.me').last().textContent()).toContain('What is affected?: my laptop <b>now</b>');
      expect(await form.locator('button[type=submit]').isDisabled()).toBe(true);

      const open = last.locator('button[data-action^="intake-open:"], button[data-action^="intake-to:"]').first();
      await open.click();
      await expect.poll(() => page.locator('.msg.bot').last().textContent()).toMatch(/Ticket [A-Z]+-\d+ opened/);
      const code = /[A-Z]+-\d+/.exec((await page.locator('.msg.bot').last().textContent())!)![0];
      expect(await description(code)).toContain('my laptop <b>now</b>');
      expect(await description(code)).toContain('since this morning');
      await page.close();
    });
  });
});

// Guided fixes in the web chat, in real Chromium against a real server, once
// per store: a person types a question of a guided entry the way people type,
// walks its steps with the buttons (and in words), takes a branch, solves it
// (a deflection, no ticket); another leaves half way, comes back after a
// reload, and gives up into a ticket that the agent's console shows with what
// was tried. The agent signs in to the console with a link sent on Slack (the
// Slack stand-in records it), as the console's own tests do.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/i18n.js';
import type { Store } from '../../src/index.js';
import { seriousViolations } from '../support/axe.js';
import { CHROMIUM_ARGS, chromiumPath, requireChromiumInCi } from '../support/chromium.js';
import { DOCK_GUIDE, knowledgeBaseWith } from '../support/guides.js';
import { slackServerEnv, startFakeSlack, type FakeSlack, type SlackCall } from '../support/fake-slack.js';
import type { StoreEnv } from '../support/server-stores.js';
import { startServer, type RunningServer } from '../support/server.js';
import { LABEL_GUIDE } from './guided-fix-flows.js';

requireChromiumInCi();

const TRIAGE = 'C0TRIAGE01';
/** An agent of the guide's department, who reads the console. */
const FRANCA = 'U0FACAGNT1';

/** One FerretDB serves every suite, and two cores run them: an answer may take seconds. */
const WAIT = { timeout: 10_000 };

const linkIn = (c: SlackCall) => /https?:\/\/[^\s>|]+\/console\/link\?token=[\w-]+/.exec(String(c.args.text ?? ''))?.[0] ?? null;

export function runGuidedFixWebFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe.runIf(chromiumPath)(`guided fixes in the web chat on ${name}`, { timeout: 60_000 }, () => {
    let storage: StoreEnv;
    let fake: FakeSlack;
    let s: RunningServer;
    let store: Store;
    let browser: Browser;
    let kbDir: string;
    const contexts: BrowserContext[] = [];

    beforeAll(async () => {
      storage = await storeEnv();
      kbDir = mkdtempSync(join(tmpdir(), 'sportello-guide-kb-'));
      fake = await startFakeSlack({ [FRANCA]: { name: 'Franca', locale: 'it-IT' } });
      s = await startServer({ ...storage.env, ...slackServerEnv(fake, TRIAGE), FAQ_FILE: knowledgeBaseWith(kbDir, [LABEL_GUIDE, DOCK_GUIDE]), LIMIT_CONSOLE_LINKS_PER_ADDRESS: '0' });
      store = await storage.open(s.dataDir);
      await store.saveAgent({ platform: 'slack', userId: FRANCA, name: 'Franca', departments: ['facilities'], tier: 1, role: 'agent', locale: 'en' });
      browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
    }, 60_000);
    afterAll(async () => {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser?.close();
      await store?.close();
      await s?.stop();
      await fake?.close();
      await storage?.cleanup();
      if (kbDir) rmSync(kbDir, { recursive: true, force: true });
    });

    /** `axe`: the page's CSP lets axe-core's script in (as the page flows do), nothing else changes. */
    async function freshPage(locale: string, axe = false): Promise<Page> {
      const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 }, bypassCSP: axe });
      contexts.push(context);
      return context.newPage();
    }

    /** The chat's own sign-in as WEB_AUTH=none has it on a loopback server. */
    async function chatAs(page: Page, id: string, name: string, locale: 'it' | 'en'): Promise<void> {
      await page.goto(s.base);
      await page.fill('#uid', id);
      await page.fill('#uname', name);
      await page.selectOption('#ulocale', locale);
      await page.click('#login button[type=submit]');
      await page.waitForSelector('#send:not([hidden])');
    }

    const lastBot = (page: Page) => page.locator('.msg.bot').last();
    const lastText = async (page: Page) => (await lastBot(page).textContent()) ?? '';
    const buttonsOf = (page: Page) => lastBot(page).locator('button').allTextContents();

    /** Types and sends, then waits for the desk's answer to show. */
    async function say(page: Page, text: string): Promise<void> {
      const before = await page.locator('.msg.bot').count();
      await page.fill('#text', text);
      await page.press('#text', 'Enter');
      await expect.poll(() => page.locator('.msg.bot').count(), WAIT).toBeGreaterThan(before);
    }

    /** Clicks a button of the last answer by its words, then waits for the next answer. */
    async function click(page: Page, label: string): Promise<void> {
      const before = await page.locator('.msg.bot').count();
      await lastBot(page).getByRole('button', { name: label, exact: true }).click();
      await expect.poll(() => page.locator('.msg.bot').count(), WAIT).toBeGreaterThan(before);
    }

    /** `sportello_faq_deflections_total` as /metrics shows it now. */
    async function deflections(): Promise<number> {
      const text = await fetch(`${s.base}/metrics`).then((r) => r.text());
      const line = text.split('\n').find((l) => l.startsWith('sportello_faq_deflections_total '));
      return line ? Number(line.split(' ').pop()) : 0;
    }

    const stepCounts = async () =>
      Object.fromEntries((await store.guideStepCounts({ entryId: LABEL_GUIDE.id })).map((c) => [c.stepId, { reached: c.reached, solved: c.solved, moved: c.moved, stuck: c.stuck }]));

    it('walks a person through the guide the way people write: a typo, "no non va", a button for the branch, solved with no ticket and counted as a deflection; then English in the same chat', async () => {
      const before = await deflections();
      const page = await freshPage('it-IT');
      await chatAs(page, 'mario.web', 'Mario Rossi', 'it');

      // Typos, as people type: the guide's first step, with its three buttons.
      await say(page, 'etichetatrice stampa etichete vuote');
      expect(await lastText(page)).toContain('Passo 1: Spegni l\'etichettatrice, attendi 10 secondi e riaccendila.');
      expect(await buttonsOf(page)).toEqual([t('it', 'guide.action.done'), t('it', 'guide.action.next'), t('it', 'guide.action.stuck')]);

      // Typed instead of pressed: the next step, a question with its answers as buttons.
      await say(page, 'no non va');
      expect(await lastText(page)).toContain('Passo 2: Guarda la spia accanto al tasto di accensione.');
      expect(await lastText(page)).toContain('La spia è rossa?');
      expect(await buttonsOf(page)).toEqual(['Sì', 'No', t('it', 'guide.action.stuck')]);

      // The branch: "No" leads to the driver, not the ribbon.
      await click(page, 'No');
      expect(await lastText(page)).toContain('Passo 3: Reinstalla il driver dal Portale Software.');
      expect(await lastText(page)).not.toContain('nastro è finito');
      expect(await buttonsOf(page)).toEqual([t('it', 'guide.action.done'), t('it', 'guide.action.lastNo')]);
      await click(page, t('it', 'guide.action.done'));
      expect(await lastText(page)).toBe(t('it', 'guide.solved', { n: 3 }));
      // A button already used cannot be pressed again.
      expect(await page.getByRole('button', { name: 'No', exact: true }).first().isDisabled()).toBe(true);

      // Thanks afterwards is just thanks: no guide offered again, no ticket.
      await say(page, 'grazie!!');
      expect(await lastText(page)).not.toMatch(/Passo|Stavi risolvendo/);
      expect(await store.byRequester('web', 'mario.web', { limit: 10 })).toEqual([]);
      await expect.poll(deflections, WAIT).toBe(before + 1);

      // Then English, in the same chat: understood, and answered in the language the person chose (Italian).
      await say(page, 'the label printer prints blank labels again');
      expect(await lastText(page)).toContain('Passo 1: Spegni l\'etichettatrice');
      await say(page, 'it works now, thanks');
      expect(await lastText(page)).toBe(t('it', 'guide.solved', { n: 1 }));
      await expect.poll(deflections, WAIT).toBe(before + 2);
      // Switched to English on the page, the guide speaks English.
      await page.click('#lang');
      await expect.poll(() => page.getAttribute('html', 'lang')).toBe('en');
      await say(page, 'label maker gives out empty white labels');
      expect(await lastText(page)).toContain('Step 1: Switch the label printer off, wait 10 seconds and switch it on.');
      expect(await buttonsOf(page)).toEqual([t('en', 'guide.action.done'), t('en', 'guide.action.next'), t('en', 'guide.action.stuck')]);
      await click(page, t('en', 'guide.action.done'));
      expect(await lastText(page)).toBe(t('en', 'guide.solved', { n: 1 }));
      await expect.poll(deflections, WAIT).toBe(before + 3);
      expect(await store.byRequester('web', 'mario.web', { limit: 10 })).toEqual([]);
      expect(await stepCounts()).toMatchObject({ restart: { reached: 3, moved: 1, solved: 2 }, ribbon: { reached: 1, moved: 1 }, driver: { reached: 1, solved: 1 } });
    });

    it('solved at step 2: "Done, it works" on the second thing to try ends the guide, counted as a deflection, with no ticket', async () => {
      const before = await deflections();
      const page = await freshPage('en-GB');
      await chatAs(page, 'lin.web', 'Lin', 'en');
      await say(page, 'my docking station doesnt show the external screens');
      expect(await lastText(page)).toContain('Step 1: Unplug the dock\'s USB-C cable and plug it back in.');
      await click(page, t('en', 'guide.action.next'));
      expect(await lastText(page)).toContain('Step 2: Press Windows+P and choose "Extend".');
      expect(await buttonsOf(page)).toEqual([t('en', 'guide.action.done'), t('en', 'guide.action.next'), t('en', 'guide.action.stuck')]);
      await click(page, t('en', 'guide.action.done'));
      expect(await lastText(page)).toBe(t('en', 'guide.solved', { n: 2 }));
      await expect.poll(deflections, WAIT).toBe(before + 1);
      expect(await store.byRequester('web', 'lin.web', { limit: 10 })).toEqual([]);
      const [extend] = (await store.guideStepCounts({ entryId: DOCK_GUIDE.id })).filter((c) => c.stepId === 'extend');
      expect(extend).toMatchObject({ reached: 1, solved: 1, moved: 0 });
    });

    it('leaving half way and coming back: a reload, then "ciao" or ticket help offer the guide; Continue shows the same step; stuck opens a ticket the console shows with what was tried', async () => {
      const page = await freshPage('en-GB', true);
      await chatAs(page, 'ada.web', 'Ada Lovelace', 'en');
      await say(page, 'my label printer prints blank labels');
      expect(await lastText(page)).toContain('Step 1');
      await click(page, t('en', 'guide.action.next'));
      expect(await lastText(page)).toContain('Step 2: Look at the light next to the power button.');
      expect(await seriousViolations(page)).toEqual([]);
      // On a 390 px phone the step's buttons wrap inside the screen.
      await page.setViewportSize({ width: 390, height: 844 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      for (const box of await lastBot(page).locator('button').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right))) expect(box).toBeLessThanOrEqual(390);
      await page.setViewportSize({ width: 1280, height: 800 });

      // Leaves: the page is reloaded, the conversation is back, and the guide waits.
      const shown = await page.locator('.messages .msg').allTextContents();
      await page.reload();
      await page.waitForSelector('#send:not([hidden])');
      await expect.poll(() => page.locator('.messages .msg').allTextContents(), WAIT).toEqual(shown);

      await say(page, 'ciao');
      expect(await lastText(page)).toMatch(/You were fixing “.+”: step 2, Ribbon light\./);
      expect(await buttonsOf(page)).toEqual([t('en', 'guide.action.resume'), t('en', 'guide.action.restart'), t('en', 'guide.action.ticket')]);
      // `ticket help` says the same before the commands.
      await say(page, 'ticket help');
      const help = page.locator('.msg.bot').filter({ hasText: 'You were fixing' });
      await expect.poll(() => help.count(), WAIT).toBe(2);
      expect(await page.locator('.messages').textContent()).toContain('ticket new');

      await page.locator('.msg.bot').filter({ hasText: 'You were fixing' }).last().getByRole('button', { name: t('en', 'guide.action.resume'), exact: true }).click();
      await expect.poll(() => lastText(page), WAIT).toContain('Step 2: Look at the light next to the power button.');
      expect(await buttonsOf(page)).toEqual(['Yes', 'No', t('en', 'guide.action.stuck')]);

      await click(page, t('en', 'guide.action.stuck'));
      const opened = await lastText(page);
      expect(opened).toMatch(/Ticket FAC-\d+ opened \(P3/);
      expect(opened).toContain(t('en', 'guide.ticketCarries', { n: 2 }));
      const code = /FAC-\d+/.exec(opened)![0];
      const [ticket] = await store.byRequester('web', 'ada.web', { limit: 10 });
      expect(ticket).toMatchObject({ code, department: 'facilities', faqTried: LABEL_GUIDE.id, guide: { entryId: LABEL_GUIDE.id, how: 'stuck' } });
      expect(ticket!.guide!.steps.map((st) => st.id)).toEqual(['restart', 'ribbon']);
      expect(await stepCounts()).toMatchObject({ ribbon: { stuck: 1 } });

      // The agent's console: the ticket says what was tried, so nobody asks again.
      const agent = await freshPage('en-GB', true);
      await agent.goto(`${s.base}/console`);
      await agent.selectOption('#platform', 'slack');
      await agent.fill('#userId', FRANCA);
      const n = fake.calls.length;
      await agent.click('form[action="/console/sign-in"] button[type=submit]');
      const sent = await fake.waitFor((c) => fake.calls.indexOf(c) >= n && c.method === 'chat.postMessage' && linkIn(c) !== null, 'the sign-in link on Slack');
      await agent.goto(linkIn(sent)!);
      await agent.click('form[action="/console/link"] button[type=submit]');
      await agent.waitForURL(`${s.base}/console`);
      await agent.goto(`${s.base}/console/tickets/${code}`);
      const tried = agent.locator('.facts .guide-tried');
      expect(await tried.locator('dt').textContent()).toBe('Guided fix');
      expect(await tried.locator('dd').textContent()).toBe('Tried with the guide “the label printer prints blank labels”: Restart — stuck at step 2 (Ribbon light)');
      expect(await seriousViolations(agent)).toEqual([]);
    });
  });
}

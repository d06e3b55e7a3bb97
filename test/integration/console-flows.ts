// The agent console in real Chromium against a real server: sign-in by a link
// the desk sends on Slack (the Slack stand-in records it), the queue and a
// ticket updated live by what happens in the web chat and on Slack, every
// action going through the desk. Run once per store.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { CHROMIUM_ARGS, chromiumPath, requireChromiumInCi } from '../support/chromium.js';
import { slackServerEnv, startFakeSlack, type FakeSlack, type SlackCall } from '../support/fake-slack.js';
import type { StoreEnv } from '../support/server-stores.js';
import { openStream, post, startServer, type RunningServer } from '../support/server.js';
import { buttonPress, postToSlackEndpoint } from '../support/slack-requests.js';

requireChromiumInCi();

const TRIAGE = 'C0TRIAGE01';
const ANNA = 'U0AGENT001';
const LUCA = 'U0AGENT002';
const OTTO = 'U0OTHER001';
const LEA = 'U0LEAD0001';

const linkIn = (c: SlackCall) => /https?:\/\/[^\s>|]+\/console\/link\?token=[\w-]+/.exec(String(c.args.text ?? ''))?.[0] ?? null;

const root = new URL('../..', import.meta.url).pathname;
const run = promisify(execFile);

/** The CLI is pointed at the suite's store by the suite alone. */
function withoutStoreVariables(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && !/^(MONGODB_URI|DATA_DIR|PUBLIC_URL|PORT|HOST|WEB_AUTH)$/.test(e[0])));
}

/** Asks for a link from a chosen loopback address (another machine, as the server sees it); resolves with the status. */
function askFrom(base: string, localAddress: string, userId: string): Promise<number> {
  const body = new URLSearchParams({ platform: 'slack', userId }).toString();
  return new Promise((resolve, reject) => {
    const req = request(`${base}/console/sign-in`, { method: 'POST', localAddress, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export function runConsoleFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe.runIf(chromiumPath)(`agent console on ${name}`, { timeout: 60_000 }, () => {
    let fake: FakeSlack;
    let server: RunningServer;
    let storage: StoreEnv;
    let browser: Browser;

    beforeAll(async () => {
      fake = await startFakeSlack({
        [ANNA]: { name: 'Anna', locale: 'en-US' },
        [LUCA]: { name: 'Luca', locale: 'it-IT' },
        [OTTO]: { name: 'Otto', locale: 'en-GB' },
        [LEA]: { name: 'Lea', locale: 'en-GB' },
      });
      storage = await storeEnv();
      server = await startServer({ ...storage.env, ...slackServerEnv(fake, TRIAGE), LIMIT_CONSOLE_LINKS_PER_ADDRESS: '0' });
      const store = await storage.open(server.dataDir);
      await store.saveAgent({ platform: 'slack', userId: ANNA, name: 'Anna', departments: ['it'], tier: 1, role: 'agent', locale: 'en' });
      await store.saveAgent({ platform: 'slack', userId: LUCA, name: 'Luca', departments: ['it', 'hr'], tier: 1, role: 'agent', locale: 'it' });
      await store.saveAgent({ platform: 'slack', userId: LEA, name: 'Lea', departments: ['it'], tier: 2, role: 'lead', locale: 'en' });
      await store.saveAgent({ platform: 'web', userId: 'wendy', name: 'Wendy', departments: ['it'], tier: 1, role: 'lead', locale: 'it' });
      await store.close();
      browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      await fake?.close();
      await storage?.cleanup();
    });

    /** Asks for a link on the sign-in page as the agent would, and returns what Slack was asked to post. */
    async function askForLink(page: Page, userId: string): Promise<string> {
      await page.goto(`${server.base}/console`);
      await expect(page.url()).toContain('/console/sign-in');
      await page.selectOption('#platform', 'slack');
      await page.fill('#userId', userId);
      const n = fake.calls.length;
      await page.click('form[action="/console/sign-in"] button[type=submit]');
      await page.locator('p[role=status]').waitFor();
      const sent = await fake.waitFor((c) => fake.calls.indexOf(c) >= n && c.method === 'chat.postMessage' && linkIn(c) !== null, 'the sign-in link on Slack');
      return linkIn(sent)!;
    }

    async function signedInAs(userId: string, viewport = { width: 1280, height: 800 }): Promise<{ context: BrowserContext; page: Page }> {
      const context = await browser.newContext({ viewport, bypassCSP: true });
      const page = await context.newPage();
      const link = await askForLink(page, userId);
      await page.goto(link);
      await page.click('form[action="/console/link"] button[type=submit]');
      await page.waitForURL(`${server.base}/console`);
      return { context, page };
    }

    it('signs an agent in with a one-time link sent to them on Slack, which works once', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const link = await askForLink(page, ANNA);
      // The link points at this server's own address, whatever Host the request named.
      expect(link.startsWith(`${server.base}/console/link?token=`)).toBe(true);
      const sent = fake.calls.filter((c) => linkIn(c) === link);
      expect(sent).toHaveLength(1);
      expect(String(sent[0]!.args.channel)).not.toBe(TRIAGE);

      // Opening it only shows a button: a link preview's GET cannot use it up.
      expect((await fetch(link)).status).toBe(200);
      await page.goto(link);
      await page.click('form[action="/console/link"] button[type=submit]');
      await page.waitForURL(`${server.base}/console`);
      await expect(page.locator('h1').textContent()).resolves.toBe('Queue');
      await expect(page.locator('.who .name').textContent()).resolves.toContain('Anna');
      const [cookie] = (await context.cookies()).filter((c) => c.name === 'sportello-console');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

      // Used: a second press of the same link, in another browser, is refused.
      const other = await browser.newPage();
      await other.goto(link);
      await expect(other.locator('[role=alert]').textContent()).resolves.toContain('used already, has expired');
      const again = await fetch(`${server.base}/console/link`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${new URL(link).searchParams.get('token')}`, redirect: 'manual' });
      expect(again.status).toBe(410);
      await other.close();

      // Signing out ends the session on the server too: the old cookie opens nothing.
      await page.click('form[action="/console/sign-out"] button');
      await page.waitForURL(/\/console\/sign-in\?out=1/);
      const replayed = await fetch(`${server.base}/console`, { headers: { cookie: `sportello-console=${cookie!.value}` }, redirect: 'manual' });
      expect(replayed.status).toBe(303);
      await context.close();
    });

    it("gives a lead signed in by link the agents' and FAQ pages, and an agent a refusal there", async () => {
      const lead = await signedInAs(LEA);
      await lead.page.click('nav a[href="/console/agents"]');
      await lead.page.selectOption('#agent-platform', 'slack');
      await lead.page.fill('#agent-user', 'U0NEWBIE01');
      await lead.page.fill('#agent-name', 'Nico');
      await lead.page.check('input[name=departments][value=it]');
      await lead.page.click('#agent-form button[type=submit]');
      await lead.page.waitForSelector('.leads-notice');
      expect(await lead.page.textContent('table')).toContain('Nico');
      const store = await storage.open(server.dataDir);
      try {
        expect(await store.getAgent('slack', 'U0NEWBIE01')).toMatchObject({ name: 'Nico', departments: ['it'], role: 'agent' });
      } finally {
        await store.close();
      }
      await lead.page.click('nav a[href="/console/faq"]');
      await lead.page.waitForSelector('#faq-q');
      await lead.context.close();

      const agent = await signedInAs(ANNA);
      expect(await agent.page.locator('nav a[href="/console/agents"]').count()).toBe(0);
      const refused = await agent.page.goto(`${server.base}/console/agents`);
      expect(refused!.status()).toBe(403);
      await agent.context.close();
    });

    it('answers the same for someone who is not an agent, and sends them nothing', async () => {
      const ask = (userId: string) =>
        fetch(`${server.base}/console/sign-in`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ platform: 'slack', userId }) }).then(async (r) => ({
          status: r.status,
          text: (await r.text()).replace(new RegExp(`${userId}`, 'g'), 'X'),
        }));
      const n = fake.calls.length;
      const stranger = await ask(OTTO);
      const agent = await ask(LUCA);
      expect(stranger).toEqual(agent);
      await fake.waitFor((c) => fake.calls.indexOf(c) >= n && linkIn(c) !== null, 'the link to Luca');
      await new Promise((r) => setTimeout(r, 300));
      expect(fake.calls.slice(n).filter((c) => linkIn(c) !== null)).toHaveLength(1);

      // A blank id is refused under its field.
      const blank = await fetch(`${server.base}/console/sign-in`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'platform=slack&userId=' });
      expect(blank.status).toBe(400);
      expect(await blank.text()).toContain('id="userId-error"');
    });

    it("offers no web chat link where anyone may read anyone's chat (WEB_AUTH=none); the CLI prints one that signs the agent in", async () => {
      const signInPage = await (await fetch(`${server.base}/console/sign-in`)).text();
      expect(signInPage).toContain('value="slack"');
      expect(signInPage).not.toContain('value="web"');
      const wendy = await openStream(server.base, 'wendy');
      try {
        const crafted = await fetch(`${server.base}/console/sign-in`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'platform=web&userId=wendy' });
        expect(crafted.status).toBe(400);
        expect(await wendy.next(1_000).catch(() => null)).toBeNull();
      } finally {
        wendy.close();
      }
      // The operator, at the server's terminal, prints one for her.
      const env = { ...withoutStoreVariables(process.env), ...storage.env, DATA_DIR: server.dataDir, PUBLIC_URL: server.base, LOG_LEVEL: 'silent' };
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'app/main.ts', 'console', 'link', '--platform', 'web', '--user', 'wendy'], { cwd: root, env });
      const link = stdout.trim();
      expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/console\/link\?token=[\w-]{40,}$/);
      const context = await browser.newContext({ bypassCSP: true });
      const page = await context.newPage();
      await page.goto(link);
      await page.click('form[action="/console/link"] button[type=submit]');
      await page.waitForURL(`${server.base}/console`);
      expect(await page.textContent('header')).toContain('Wendy');
      await context.close();
      // Nobody else is printed one.
      await expect(run(process.execPath, ['--import', 'tsx', 'app/main.ts', 'console', 'link', '--platform', 'web', '--user', 'mallory'], { cwd: root, env })).rejects.toThrow(/No agent web:mallory/);
    });

    it('sends only so many links for one address, and another address still gets one for the same agent', async () => {
      const limited = await startServer({ ...storage.env, DATA_DIR: server.dataDir, ...slackServerEnv(fake, TRIAGE), LIMIT_CONSOLE_LINKS_PER_ADDRESS: '3' });
      try {
        const linksFor = (n: number) => fake.calls.slice(n).filter((c) => c.method === 'chat.postMessage' && linkIn(c) !== null).length;
        const n = fake.calls.length;
        for (let i = 0; i < 5; i++) expect(await askFrom(limited.base, '127.0.0.1', LUCA)).toBe(200);
        await fake.waitFor((c) => fake.calls.indexOf(c) >= n && c.method === 'chat.postMessage' && linkIn(c) !== null, 'the first link');
        await new Promise((r) => setTimeout(r, 500));
        expect(linksFor(n)).toBe(3);
        // Luca, asking from his own machine, is not locked out by whoever asked before.
        expect(await askFrom(limited.base, '127.0.0.2', LUCA)).toBe(200);
        await expect.poll(() => linksFor(n)).toBe(4);
      } finally {
        await limited.stop();
      }
    });

    it('refuses an expired link, and a session whose agent was removed', async () => {
      const token = 'an-expired-token-0123456789abcdefghijklmnopq';
      const store = await storage.open(server.dataDir);
      try {
        await store.saveSignInLink(createHash('sha256').update(token).digest('base64url'), { platform: 'slack', userId: ANNA, expiresAt: Date.now() - 1 });
      } finally {
        await store.close();
      }
      expect((await fetch(`${server.base}/console/link?token=${token}`)).status).toBe(410);
      const post = await fetch(`${server.base}/console/link`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${token}`, redirect: 'manual' });
      expect(post.status).toBe(410);
      expect(post.headers.get('set-cookie')).toBeNull();

      const { context, page } = await signedInAs(LUCA);
      const other = await storage.open(server.dataDir);
      try {
        await other.removeAgent('slack', LUCA);
        // Another process's change to the registry counts within a quarter of a second (the store's agent cache).
        await expect.poll(async () => (await page.goto(`${server.base}/console`))!.status()).toBe(403);
        await expect(page.locator('[role=alert]').textContent()).resolves.toContain('not one of the desk');
        expect(await page.locator('#queue-region').count()).toBe(0);
      } finally {
        await other.saveAgent({ platform: 'slack', userId: LUCA, name: 'Luca', departments: ['it', 'hr'], tier: 1, role: 'agent', locale: 'it' });
        await other.close();
        await context.close();
      }
    });

    it('shows a web chat ticket live; the agent claims and replies from the keyboard and the employee reads it at once', async () => {
      const { context, page } = await signedInAs(ANNA);
      const mario = await openStream(server.base, 'mario');
      try {
        await page.locator('body[data-stream=open]').waitFor();
        const opened = await post(server.base, '/web/api/messages', { user: { id: 'mario', name: 'Mario Rossi', locale: 'it' }, text: 'ticket new il vpn nn si connette da stamattina, grazie' });
        const code = /IT-\d+/.exec(opened.body.replies[0].text)![0];
        // Without reload: the row appears.
        const row = page.locator(`tr[data-code="${code}"]`);
        await row.waitFor({ timeout: 10_000 });

        // j selects the first row (the new one is the only one), Enter opens it, c claims it.
        await page.keyboard.press('j');
        await page.keyboard.press('Enter');
        await page.waitForURL(`${server.base}/console/tickets/${code}`);
        await expect(page.locator('.facts').textContent()).resolves.toContain('Mario Rossi');
        await expect(page.locator('.facts').textContent()).resolves.toMatch(/Requester is on\s*web chat/i);
        await page.keyboard.press('c');
        await expect.poll(() => page.locator('#desk-answer').textContent()).toContain(`You claimed ${code}`);
        // Hers now: nothing left to claim; its due time in her own zone's words, not the server's UTC.
        expect(await page.locator('#form-claim').count()).toBe(0);
        await expect.poll(() => page.locator('.facts time').textContent()).not.toContain('UTC');
        await expect(page.locator('.facts').textContent()).resolves.toContain('Anna');
        const claimed = await mario.next(5_000);
        expect(claimed.text).toContain(code);

        // r puts the cursor in the reply; the employee gets it on their stream.
        await page.keyboard.press('r');
        await page.keyboard.type('Ciao Mario, puoi riavviare il client VPN? thanks');
        // Typing "c" and "e" in the field fired no shortcut.
        expect(await page.locator('#reply').inputValue()).toBe('Ciao Mario, puoi riavviare il client VPN? thanks');
        await page.click('#form-reply button[type=submit]');
        await expect.poll(() => page.locator('.transcript').textContent()).toContain('puoi riavviare il client VPN');
        const reply = await mario.next(5_000);
        expect(reply.text).toContain('puoi riavviare il client VPN');

        // A note is internal: marked as such on the page, never sent to Mario.
        await page.fill('#note-text', 'vpn gateway logs show cert expired');
        const sent = await page.evaluate(() => new URLSearchParams(new FormData(document.getElementById('form-note') as HTMLFormElement) as unknown as Record<string, string>).toString());
        await page.click('#form-note button[type=submit]');
        const note = page.locator('.transcript li.internal', { hasText: 'cert expired' });
        await note.waitFor();
        // The same form sent again (a reload after posting, a double click) is one note, not two.
        const again = await page.evaluate(
          async ([url, body]) => (await fetch(url!, { method: 'POST', body, credentials: 'same-origin', headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' } })).json(),
          [`/console/tickets/${code}`, sent],
        );
        expect(again).toMatchObject({ changed: false, desk: [] });
        await expect(note.locator('.badge').textContent()).resolves.toContain('Internal');

        // A resolution is required: refused under its field, nothing changes.
        await page.click('#form-resolve button[type=submit]');
        await expect(page.locator('#resolve-resolution-error').textContent()).resolves.toContain('cannot be empty');

        // One audit trail: the console's actions are the desk's events, on channel 'console', from Anna's Slack identity.
        const store = await storage.open(server.dataDir);
        try {
          const events = await store.events(code);
          const fromConsole = events.filter((e) => e.channel === 'console');
          expect(fromConsole.map((e) => e.kind)).toEqual(['claimed', 'reply', 'note']);
          expect(fromConsole.every((e) => e.actor.platform === 'slack' && e.actor.userId === ANNA)).toBe(true);
        } finally {
          await store.close();
        }
      } finally {
        mario.close();
        await context.close();
      }
    });

    it('updates the open ticket and the queue when another agent claims it on Slack', async () => {
      const opened = await post(server.base, '/web/api/messages', { user: { id: 'sara', name: 'Sara', locale: 'en' }, text: 'ticket new the laptop fan is sooo loud, pls help' });
      const code = /IT-\d+/.exec(opened.body.replies[0].text)![0];
      const { context, page } = await signedInAs(ANNA);
      const queue = await context.newPage();
      try {
        await queue.goto(`${server.base}/console?who=unassigned`);
        await queue.locator(`tr[data-code="${code}"]`).waitFor();
        await queue.locator('body[data-stream=open]').waitFor();
        await page.goto(`${server.base}/console/tickets/${code}`);
        await page.locator('body[data-stream=open]').waitFor();
        await expect(page.locator('.facts').textContent()).resolves.toContain('nobody');

        const n = fake.calls.length;
        await postToSlackEndpoint(server.base, buttonPress({ user: LUCA, value: `claim:${code}`, responseUrl: fake.respondUrl('luca-claim') }), 'application/x-www-form-urlencoded');
        await fake.waitFor((c) => fake.calls.indexOf(c) >= n && c.method === 'respond/luca-claim', 'the claim on Slack');

        // No reload: the ticket page shows Luca, the unassigned queue drops the ticket.
        await expect.poll(() => page.locator('.facts').textContent(), { timeout: 10_000 }).toContain('Luca');
        await expect.poll(() => queue.locator(`tr[data-code="${code}"]`).count(), { timeout: 10_000 }).toBe(0);
      } finally {
        await context.close();
      }
    });

    it('refuses a state change without the form token or from another site', async () => {
      const { context, page } = await signedInAs(ANNA);
      try {
        const cookie = (await context.cookies()).find((c) => c.name === 'sportello-console')!;
        const csrf = await page.locator('body').getAttribute('data-csrf');
        const opened = await post(server.base, '/web/api/messages', { user: { id: 'mario', name: 'Mario Rossi', locale: 'it' }, text: 'ticket new mouse rotto' });
        const code = /IT-\d+/.exec(opened.body.replies[0].text)![0];
        const claim = (headers: Record<string, string>, body: string) =>
          fetch(`${server.base}/console/tickets/${code}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${cookie.name}=${cookie.value}`, ...headers }, body });
        expect((await claim({}, 'action=claim')).status).toBe(403);
        expect((await claim({}, 'action=claim&csrf=wrong')).status).toBe(403);
        expect((await claim({ origin: 'https://evil.example' }, `action=claim&csrf=${csrf}`)).status).toBe(403);
        const store = await storage.open(server.dataDir);
        try {
          expect((await store.get(code))!.assignee).toBeNull();
        } finally {
          await store.close();
        }
        expect((await claim({ origin: server.base }, `action=claim&csrf=${csrf}`)).status).toBe(200);
      } finally {
        await context.close();
      }
    });

    it('is usable in Italian, on a phone, and passes axe on the queue and ticket pages', async () => {
      const opened = await post(server.base, '/web/api/messages', { user: { id: 'mario', name: 'Mario Rossi', locale: 'it' }, text: 'ticket new stampante inceppata al 3° piano' });
      const code = /IT-\d+/.exec(opened.body.replies[0].text)![0];
      for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
        const { context, page } = await signedInAs(ANNA, viewport);
        try {
          expect(await seriousViolations(page), `queue at ${viewport.width}`).toEqual([]);
          await page.goto(`${server.base}/console/tickets/${code}`);
          expect(await seriousViolations(page), `ticket at ${viewport.width}`).toEqual([]);
          // Nothing wider than the screen.
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
          await Promise.all([page.waitForEvent('load'), page.selectOption('#console-locale', 'it')]);
          expect(page.url()).toBe(`${server.base}/console/tickets/${code}`);
          await expect(page.locator('#actions-title').textContent()).resolves.toBe('Azioni');
          expect(await seriousViolations(page), `ticket in Italian at ${viewport.width}`).toEqual([]);
          await page.keyboard.press('?');
          await expect.poll(() => page.locator('#shortcuts').evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
        } finally {
          await context.close();
        }
      }
      const signIn = await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
      const page = await signIn.newPage();
      await page.goto(`${server.base}/console/sign-in`);
      expect(await seriousViolations(page)).toEqual([]);
      await signIn.close();
    });
  });
}

// The desk's memory, end to end through the web chat: solved tickets are kept,
// an agent who claims a new one like them is shown the three nearest with what
// solved them (and the FAQ entry that covers it), `ticket search` finds closed
// tickets within the agent's departments, and `sportello tickets search` reads
// the same store from the command line.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium.js';
import type { Store } from '../../src/index.js';
import { post, startServer, type RunningServer } from '../support/server.js';
import type { StoreEnv } from '../support/server-stores.js';

const run = promisify(execFile);

const SOLVED = [
  { text: 'The printer on the second floor jams every morning', resolution: 'Replaced the worn fuser unit of the printer' },
  { text: 'Paper keeps jamming in the second floor printer tray', resolution: 'Cleaned the paper feed rollers and reseated the tray' },
  { text: 'The printer jams with thick paper', resolution: 'Set the tray to heavy paper in the printer settings' },
  { text: 'VPN drops every ten minutes from home', resolution: 'Updated the VPN client to the latest version' },
  { text: 'Outlook asks for my password all the time', resolution: 'Cleared the saved credentials and signed in again' },
] as const;

export function runArchiveFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe(`archive search and similar tickets end to end on ${name}`, () => {
    let server: RunningServer;
    let storage: StoreEnv;
    let store: Store;
    let env: Record<string, string>;
    const codes: string[] = [];
    let payslipCode = '';

    const say = async (user: string, text: string) => {
      const res = await post(server.base, '/web/api/messages', { user: { id: user, name: user }, text });
      expect(res.status).toBe(200);
      return (res.body.replies as { text: string }[]).map((r) => r.text);
    };
    const press = async (user: string, actionId: string) => {
      const res = await post(server.base, '/web/api/actions', { user: { id: user, name: user }, actionId });
      expect(res.status).toBe(200);
    };
    async function solve(requester: string, agent: string, dept: string, text: string, resolution: string): Promise<string> {
      const [opened] = await say(requester, `ticket new --no-faq --dept ${dept} ${text}`);
      const code = /[A-Z]+-\d+/.exec(opened!)![0];
      await say(agent, `ticket claim ${code}`);
      await say(agent, `ticket resolve ${code} ${resolution}`);
      await press(requester, `confirm:${code}`);
      expect((await store.get(code))!.status).toBe('closed');
      return code;
    }

    beforeAll(async () => {
      storage = await storeEnv();
      env = { ...storage.env };
      server = await startServer(env);
      store = await storage.open(server.dataDir);
      await store.saveAgent({ platform: 'web', userId: 'anna', name: 'Anna', departments: ['it'], tier: 1, role: 'agent', locale: 'en' });
      await store.saveAgent({ platform: 'web', userId: 'fabio', name: 'Fabio', departments: ['finance'], tier: 1, role: 'agent', locale: 'en' });
      await store.saveAgent({ platform: 'web', userId: 'leo', name: 'Leo', departments: ['it'], tier: 3, role: 'lead', locale: 'en' });
      for (const s of SOLVED) codes.push(await solve('mario', 'anna', 'it', s.text, s.resolution));
      payslipCode = await solve('giulia', 'fabio', 'finance', 'My printed payslip for March is missing', 'Sent the March payslip again by mail');
    }, 60_000);
    afterAll(async () => {
      await store?.close();
      await server?.stop();
      await storage?.cleanup();
    });

    it('shows the agent who claims a new ticket the three solved tickets like it, with their resolutions and the FAQ entry', async () => {
      const [opened] = await say('sara', 'ticket new --no-faq --dept it the printer is jammed again on the second floor');
      const code = /IT-\d+/.exec(opened!)![0];
      const replies = await say('anna', `ticket claim ${code}`);
      const hints = replies.find((r) => r.startsWith(`Solved tickets like ${code}`));
      expect(hints, replies.join('\n---\n')).toBeDefined();
      const shown = [...hints!.matchAll(/^([A-Z]+-\d+) · closed \d{4}-\d{2}-\d{2}/gm)].map((m) => m[1]);
      expect(shown.sort()).toEqual(codes.slice(0, 3).sort());
      for (const s of SOLVED.slice(0, 3)) expect(hints).toContain(s.resolution);
      expect(hints).not.toContain(SOLVED[3].resolution);
      expect(hints).toContain('FAQ entry that covers it: it-printer-jam');
    });

    it('shows them with `next` too, and not a department the agent does not work in', async () => {
      await say('sara', 'ticket new --no-faq --dept it my payslip printer jams');
      const replies = await say('anna', 'ticket next');
      const hints = replies.find((r) => r.startsWith('Solved tickets like'))!;
      expect(hints).toContain(codes[0]!);
      expect(hints).not.toContain(payslipCode);
    });

    it('finds closed tickets with `ticket search`, its filters, and its Italian alias', async () => {
      const [found] = await say('anna', 'ticket search vpn drops');
      expect(found!.split('\n')[1]).toContain(codes[3]!);
      expect(found).toContain(SOLVED[3].resolution);

      const [p3] = await say('anna', `ticket search printer --priority P1`);
      expect(p3).toContain('No closed ticket matches');

      const [byAgent] = await say('leo', 'ticket cerca --operatore fabio');
      expect(byAgent).toContain(payslipCode);
      expect(byAgent).not.toContain(codes[0]!);

      const [range] = await say('anna', 'ticket search printer --from 2000-01-01 --to 2000-12-31');
      expect(range).toContain('No closed ticket matches');

      // Anna works in IT: the finance ticket is not hers to read; the lead reads every department.
      const [mine] = await say('anna', 'ticket search payslip March');
      expect(mine).not.toContain(payslipCode);
      const [lead] = await say('leo', 'ticket search payslip March');
      expect(lead).toContain(payslipCode);
      const [refused] = await say('anna', 'ticket search payslip --dept finance');
      expect(refused).toContain('finance');
      expect(refused).not.toContain(payslipCode);

      const [bad] = await say('anna', 'ticket search printer --from 2026-02-30');
      expect(bad).toContain('--from 2026-02-30 is not a day like 2026-01-31');
      const [requester] = await say('mario', 'ticket search printer');
      expect(requester).toContain('Only help desk agents');
    });

    it.runIf(chromiumPath)('gives signed-in agents an archive page in the console, with filters and links to the tickets', async () => {
      expect((await fetch(`${server.base}/console/archive?q=printer`, { redirect: 'manual' })).status).toBe(303);
      // A one-time link as the desk would send it on Anna's platform, opened in the browser.
      const secret = randomBytes(24).toString('base64url');
      await store.saveSignInLink(createHash('sha256').update(secret).digest('base64url'), { platform: 'web', userId: 'anna', expiresAt: Date.now() + 60_000 });
      const browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
      try {
        const context = await browser.newContext({ bypassCSP: true });
        const page = await context.newPage();
        await page.goto(`${server.base}/console/link?token=${secret}`);
        await page.click('form[action="/console/link"] button[type=submit]');
        await page.waitForURL(`${server.base}/console`);
        await page.click('nav a[href="/console/archive"]');
        await page.fill('#a-q', 'printer jams');
        await page.selectOption('#a-priority', 'P3');
        await page.click('form[role=search] button[type=submit]');
        await page.waitForURL(/\/console\/archive\?q=printer/);
        const rows = await page.locator('table.archive tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-code')));
        expect(rows.slice(0, 3).sort()).toEqual(codes.slice(0, 3).sort());
        expect(rows).not.toContain(payslipCode);
        await expect(page.locator('table.archive').textContent()).resolves.toContain(SOLVED[0].resolution);
        expect(await seriousViolations(page)).toEqual([]);
        await page.click(`a[href="/console/tickets/${codes[0]}"]`);
        await expect(page.locator('h1').textContent()).resolves.toContain(codes[0]!);

        // A department not hers, asked for in the address: said so, nothing shown.
        await page.goto(`${server.base}/console/archive?q=payslip&department=finance`);
        await expect(page.locator('main').textContent()).resolves.toContain('tickets of other departments are not shown');
        expect(await page.locator('table.archive').count()).toBe(0);
        const bad = await page.goto(`${server.base}/console/archive?from=2026-02-30`);
        expect(bad!.status()).toBe(400);
        await expect(page.locator('[role=alert]').textContent()).resolves.toContain('2026-02-30');
        // Text from tickets is shown as text, never as markup.
        const marked = await solve('mario', 'anna', 'it', '<b id="injected">toner</b> smudges on every page', 'Swapped the <i id="injected2">drum</i> unit');
        await page.goto(`${server.base}/console/archive?q=toner+smudges`);
        await expect(page.locator(`tr[data-code="${marked}"]`).textContent()).resolves.toContain('<b id="injected">toner</b>');
        expect(await page.locator('#injected, #injected2').count()).toBe(0);
        await context.close();
      } finally {
        await browser.close();
      }
    }, 60_000);

    it('answers `sportello tickets search` from the same store, as text and as JSON', async () => {
      const childEnv = { ...process.env, ...env, MONGODB_URI: env.MONGODB_URI ?? '', DATA_DIR: server.dataDir, LOG_LEVEL: 'silent' };
      const json = await run(process.execPath, ['--import', 'tsx', 'app/main.ts', 'tickets', 'search', 'printer', 'jams', '--dept', 'it', '--json'], { env: childEnv });
      const hits = JSON.parse(json.stdout) as { code: string; resolution: string; closedAt: string }[];
      expect(hits.slice(0, 3).map((h) => h.code).sort()).toEqual(codes.slice(0, 3).sort());
      expect(hits[0]!.closedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      const text = await run(process.execPath, ['--import', 'tsx', 'app/main.ts', 'tickets', 'search', 'payslip', '--agent', 'fabio'], { env: childEnv });
      expect(text.stdout).toContain(payslipCode);
      expect(text.stdout).toContain('Sent the March payslip again');
      const bad = await run(process.execPath, ['--import', 'tsx', 'app/main.ts', 'tickets', 'search', 'x', '--priority', 'P7'], { env: childEnv }).catch((err: { code: number; stderr: string }) => err);
      expect((bad as { code: number }).code).toBe(1);
      expect((bad as { stderr: string }).stderr).toContain('"P7" is not a priority');
    }, 60_000);
  });
}

// Screenshots of the agent console (queue, ticket, and the leads' agents and FAQ
// pages; desktop and phone) for the README: a server on a temporary directory, a
// few tickets the way people write them, a lead signed in.
// `node --import tsx scripts/screenshots-console.ts`
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createSqliteStore } from '../adapters/storage/sqlite/create-sqlite-store.js';
import { CHROMIUM_ARGS, chromiumPath } from '../test/support/chromium.js';
import { post, startServer } from '../test/support/server.js';

const out = new URL('../docs/screenshots/', import.meta.url).pathname;
mkdirSync(out, { recursive: true });
if (!chromiumPath) throw new Error('no Chromium found (set CHROMIUM_PATH)');

const server = await startServer({});
const say = (id: string, name: string, locale: 'it' | 'en', text: string) => post(server.base, '/web/api/messages', { user: { id, name, locale }, text });
try {
  const store = createSqliteStore({ file: join(server.dataDir, 'sportello.db') });
  await store.saveAgent({ platform: 'web', userId: 'giulia', name: 'Giulia Conti', departments: ['it', 'facilities'], tier: 2, role: 'lead', locale: 'en' });
  await store.saveAgent({ platform: 'slack', userId: 'U0MARCO', name: 'Marco', departments: ['it'], tier: 1, role: 'agent', locale: 'it' });
  await store.saveAgent({ platform: 'teams', userId: '6f1c2b9e-aad', name: 'Marta Rossi', departments: ['facilities'], tier: 2, role: 'agent', locale: 'it' });
  await store.saveAgent({ platform: 'discord', userId: '81234567', name: 'Sam Patel', departments: ['facilities'], tier: 1, role: 'agent', grantedBy: 'discord-role:facilities' });
  const token = randomBytes(32).toString('base64url');
  await store.saveConsoleSession(createHash('sha256').update(token).digest('base64url'), { platform: 'web', userId: 'giulia', csrf: 'shots', expiresAt: Date.now() + 3_600_000 });
  await store.close();

  const opened: string[] = [];
  for (const [id, name, locale, text] of [
    ['mario', 'Mario Rossi', 'it', 'ticket new la vpn non si connette da stamattina, urgente: ho una demo alle 11'],
    ['sara', 'Sara Bianchi', 'en', 'ticket new laptop fan is sooo loud and it gets really hot, pls help'],
    ['luca', 'Luca Ferri', 'it', 'ticket new il proiettore della sala riunioni 2 non trova il segnale HDMI'],
    ['anna', 'Anna Verdi', 'en', 'ticket new cannot print to the 3rd floor printer, says offline'],
    ['paolo', 'Paolo Neri', 'it', 'ticket new aria condizionata rotta in open space, si muore di caldo'],
    ['elena', 'Elena Galli', 'it', 'ticket new outlook chiede la password ogni 5 minuti, grazie'],
  ] as const) {
    const r = await say(id, name, locale, text);
    opened.push(/[A-Z]+-\d+/.exec(r.body.replies[0].text)![0]);
  }
  await say('giulia', 'Giulia Conti', 'en', `ticket claim ${opened[0]}`);
  await say('giulia', 'Giulia Conti', 'en', `ticket reply ${opened[0]} Hi Mario, can you try reconnecting after restarting the VPN client? If it still fails, send me a screenshot.`);
  await say('mario', 'Mario Rossi', 'it', 'fatto, ancora niente :( errore 809');
  await say('giulia', 'Giulia Conti', 'en', `ticket note ${opened[0]} Error 809 = IKE blocked; the hotel wifi probably filters UDP 500. Check with network team.`);
  await say('giulia', 'Giulia Conti', 'en', `ticket priority ${opened[0]} P1`);

  const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  try {
    for (const [kind, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]] as const) {
      const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
      await context.addCookies([{ name: 'sportello-console', value: token, url: server.base }]);
      const page = await context.newPage();
      await page.goto(`${server.base}/console`);
      await page.keyboard.press('j');
      await page.screenshot({ path: join(out, `console-queue-${kind}.png`), fullPage: kind === 'desktop' });
      await page.goto(`${server.base}/console/tickets/${opened[0]}`);
      await page.screenshot({ path: join(out, `console-ticket-${kind}.png`), fullPage: kind === 'desktop' });
      await page.goto(`${server.base}/console/agents`);
      await page.screenshot({ path: join(out, `console-agents-${kind}.png`) });
      await page.goto(`${server.base}/console/faq?q=password`);
      await page.screenshot({ path: join(out, `console-faq-${kind}.png`) });
      await context.close();
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(`screenshots in ${out}\n`);
} finally {
  await server.stop();
}

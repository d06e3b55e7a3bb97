// Screenshots of the leads' pages (agents, FAQ) at desktop and phone sizes:
// `node --import tsx scripts/screenshots-leads.ts`. A throw-away server on a temp
// dir with a few agents and the sample knowledge base; PNGs go to docs/screenshots/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../test/support/chromium.js';
import { startLeadServer } from '../test/support/lead-console.js';

const OUT = join(import.meta.dirname, '..', 'docs', 'screenshots');
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

if (!chromiumPath) throw new Error('Chromium not found: install it (apt-get install chromium) or set CHROMIUM_PATH');
mkdirSync(OUT, { recursive: true });
const server = await startLeadServer();
const { store } = server.composition;
await store.saveAgent({ platform: 'web', userId: 'laura.conti', name: 'Laura Conti', departments: ['it', 'hr'], tier: 3, role: 'lead', locale: 'it' });
await store.saveAgent({ platform: 'slack', userId: 'U04ALDO', name: 'Aldo Bianchi', departments: ['it'], tier: 1, role: 'agent' });
await store.saveAgent({ platform: 'teams', userId: '6f1c2b9e-aad', name: 'Marta Rossi', departments: ['hr'], tier: 2, role: 'agent', locale: 'it' });
await store.saveAgent({ platform: 'discord', userId: '81234567', name: 'Sam Patel', departments: ['facilities'], tier: 1, role: 'agent', grantedBy: 'discord-role:facilities' });
server.tokens.set('laura', { platform: 'web', userId: 'laura.conti' });

const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
try {
  for (const viewport of VIEWPORTS) {
    const context = await browser.newContext({ viewport, extraHTTPHeaders: { authorization: 'Bearer laura' } });
    const page = await context.newPage();
    await page.goto(`${server.base}/console/agents`);
    await page.screenshot({ path: join(OUT, `console-agents-${viewport.name}.png`) });
    await page.goto(`${server.base}/console/faq?q=password`);
    await page.screenshot({ path: join(OUT, `console-faq-${viewport.name}.png`) });
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
console.log(`screenshots in ${OUT}`);

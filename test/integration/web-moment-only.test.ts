// A message meant for this moment only (a console sign-in link) reaches the
// person's open chat pages and is written nowhere: not in their history, not
// held for a later visit.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createWebAdapter } from '../../adapters/channels/web/create-web-adapter.js';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'sportello-moment-'));
const store = createSqliteStore({ file: join(dir, 'sportello.db') });
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('web chat messages for the moment only', () => {
  it('keeps an ordinary message for someone away, and neither keeps nor holds one marked for the moment', async () => {
    const web = createWebAdapter({ handle: async () => [], logger: pino({ level: 'silent' }), inbox: store, records: store, streamLimits: { perPerson: 5, total: 100 } });
    const wendy = { platform: 'web', userId: 'wendy', name: 'Wendy' };
    await web.sendDirect!(wendy, { text: 'IT-4: Anna replied' });
    await web.sendDirect!(wendy, { text: 'Console sign-in link: http://127.0.0.1/console/link?token=secret-part', ephemeral: true });
    const held = await store.heldFor(wendy, 10);
    expect(held.map((m) => m.reply.text)).toEqual(['IT-4: Anna replied']);
    const history = JSON.stringify(await store.historyOf(wendy, 50));
    expect(history).toContain('Anna replied');
    expect(history).not.toContain('secret-part');
    await web.stop?.();
  });
});

import { it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../adapters/storage/sqlite/create-sqlite-store.js';
import { createTestDesk, person } from '../test/support/desk.js';
it('probe', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'probe-'));
  const d = await createTestDesk(createSqliteStore({ file: join(dir, 'x.db') }), { settings: { ticketIntake: 'confirm' } });
  let n = 0;
  for (const [loc, text] of (process.env.PROBE ?? '').split('|').map((s) => s.split('::'))) {
    const p = person(`p${++n}`, 'P', loc as 'it');
    const r = await d.say(p, text!);
    console.log(`\n>> ${text}\n` + r.map((x) => x.text + ' [' + (x.actions ?? []).map((a) => a.label).join(' | ') + ']').join('\n'));
    const g = await d.deps.triage.guess(text!);
    console.log(JSON.stringify(g));
  }
});

// `npx sportello faq import|export|stats` with guided entries, as an operator runs
// them: a process each time, against the store the server would use. Broken
// guides are refused with the entry and step named and nothing imported; a valid
// one round-trips; `faq stats` reads a scripted set of runs marked through the
// store as the chat flow marks them.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/index.js';
import { BROKEN_GUIDES } from '../support/broken-guides.js';
import { GUIDED_KB, HOSTILE_TITLE, markScriptedRuns, SCRIPTED_STEPS } from '../support/guide-runs.js';
import type { StoreEnv } from '../support/server-stores.js';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATA_DIR|MONGODB_URI|DEPARTMENTS|SPORTELLO_CONFIG|LOG_LEVEL|DEFAULT_LOCALE)$/.test(k)));
const DAY = 86_400_000;
const byId = (faqs: { id: string }[]) => [...faqs].sort((a, b) => (a.id < b.id ? -1 : 1));

/** The step rows of `faq stats`' table for one guide: the lines after its heading, split at the column gaps. */
function tableRows(out: string, heading: string): string[][] {
  const lines = out.split('\n');
  const from = lines.indexOf(heading);
  const rows: string[][] = [];
  for (const line of lines.slice(from + 3)) {
    if (!/^\s{2}\S/.test(line)) break;
    rows.push(line.trim().split(/\s{2,}/));
  }
  return rows;
}

/** `refusals`: also spawn the commands that must fail; what they say does not depend on the kind of store, so one store's run is enough (each spawn costs seconds). */
export function runFaqGuideCliFlows(name: string, storeEnv: () => Promise<StoreEnv>, opts: { refusals: boolean }): void {
  describe(`npx sportello faq with guided entries, on ${name}`, () => {
    let storage: StoreEnv;
    let dataDir: string;
    let env: Record<string, string>;
    const cli = async (args: string[], extra: Record<string, string> = {}) =>
      (await run(process.execPath, [join(root, 'bin/sportello.js'), 'faq', ...args], { cwd: root, env: { ...env, ...extra } })).stdout;
    const refusal = async (...args: string[]) => {
      const err = await run(process.execPath, [join(root, 'bin/sportello.js'), 'faq', ...args], { cwd: root, env }).then(() => null, (e: { stdout: string; stderr: string; code: number }) => e);
      expect(err, `faq ${args.join(' ')} should fail`).not.toBeNull();
      expect(err!.code).toBe(1);
      expect(err!.stdout).toBe('');
      return err!.stderr.trim();
    };
    const file = (name: string, content: unknown) => {
      const path = join(dataDir, name);
      writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
      return path;
    };
    const withStore = async (use: (store: Store) => Promise<void>) => {
      const store = await storage.open(dataDir);
      try {
        await use(store);
      } finally {
        await store.close();
      }
    };

    beforeEach(async () => {
      storage = await storeEnv();
      dataDir = mkdtempSync(join(tmpdir(), 'sportello-guides-'));
      env = { ...cleanEnv, DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...storage.env };
    });
    afterEach(async () => {
      await storage.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('imports a valid guided knowledge base and exports it back exactly', { timeout: 120_000 }, async () => {
      expect(await cli(['import', file('kb.json', GUIDED_KB)])).toBe('Imported 3 entries (3 new, 0 replaced).\n');
      const exported = await cli(['export']);
      // The store lists entries by id; each comes back exactly as the file gave it.
      expect(byId(JSON.parse(exported).faqs)).toEqual(byId(GUIDED_KB.faqs));
      expect(await cli(['import', file('exported.json', exported)])).toBe('Imported 3 entries (0 new, 3 replaced).\n');
      expect(await cli(['export'])).toBe(exported);
    });

    if (opts.refusals) it('refuses each broken guide with the entry and step named, and imports none of its file', { timeout: 120_000 }, async () => {
      await cli(['import', file('kb.json', GUIDED_KB)]);
      const before = await cli(['export']);
      // Each broken file also brings a good new entry: refused whole, it brings nothing.
      const extra = { id: 'wifi-guest', department: 'it', questions: ['Guest Wi-Fi password'], answer: { en: 'Ask at the front desk.', it: 'Chiedila alla reception.' } };
      const said = await Promise.all(BROKEN_GUIDES.map((b, i) => refusal('import', file(`broken-${i}.json`, { faqs: [...b.kb.faqs, extra] }))));
      expect(said).toEqual(BROKEN_GUIDES.map((b) => `sportello: ${b.message}`));
      expect(await cli(['export'])).toBe(before);
    });

    it('prints each guide\'s steps with what happened at them and the step that fails most, as text or JSON, for an entry and a window', { timeout: 120_000 }, async () => {
      await cli(['import', file('kb.json', GUIDED_KB)]);
      await withStore(async (store) => {
        await markScriptedRuns(store, Date.now() - 3_600_000);
        // Six older runs of the VPN guide, stuck at its first step.
        for (let i = 0; i < 6; i++) {
          await store.markGuideStep({ run: `old-${i}`, seq: 1, entryId: 'vpn', stepId: 'wifi', kind: 'reached', at: Date.now() - 20 * DAY });
          await store.markGuideStep({ run: `old-${i}`, seq: 1, entryId: 'vpn', stepId: 'wifi', kind: 'stuck', at: Date.now() - 20 * DAY });
        }
      });

      const [text, json, week, vpn, italian] = await Promise.all([
        cli(['stats']),
        cli(['stats', '--json']),
        cli(['stats', '--since', '7d']),
        cli(['stats', '--entry', 'vpn', '--json']),
        cli(['stats', '--entry', 'printer'], { DEFAULT_LOCALE: 'it' }),
      ]);
      expect(text).toContain('The printer does not print (printer)\nStarted 10 · solved 4 (40%) · tickets 3 · left without finishing 3\n');
      expect(tableRows(text, 'The printer does not print (printer)')).toEqual(SCRIPTED_STEPS.map((r, i) => (i === 0 ? [r[0]!, `${r[1]} ← fails most`, ...r.slice(2)] : r)));
      expect(tableRows(text, 'The VPN does not connect (vpn)')).toEqual([
        ['1', 'Check that the Wi-Fi works ← fails most', '6', '0', '6', '0', '0', '100%'],
        ['2', 'Update the VPN client and try again', '0', '0', '0', '0', '0', '–'],
      ]);
      expect(text).not.toContain('hours');
      expect(text.trimEnd().split('\n').at(-1)).toBe('Fails most: vpn step 1 «Check that the Wi-Fi works» (6 of 6)');
      // In the last 7 days only the printer's runs count.
      expect(tableRows(week, 'The VPN does not connect (vpn)').map((r) => r.slice(2))).toEqual([['0', '0', '0', '0', '0', '–'], ['0', '0', '0', '0', '0', '–']]);
      expect(week.trimEnd().split('\n').at(-1)).toBe('Fails most: printer step 1 «Restart» (3 of 10)');
      expect(italian).toContain('Iniziate 10 · risolte 4 (40%) · ticket 3 · lasciate a metà 3');
      expect(italian.trimEnd().split('\n').at(-1)).toBe('Non va più spesso: printer passo 1 «Riavvia» (3 su 10)');

      // JSON: nothing but the figures on stdout.
      const figures = JSON.parse(json);
      expect(figures).toMatchObject({ since: null, minReached: 5, worst: { entryId: 'vpn', step: { stepId: 'wifi', failed: 6, reached: 6 } } });
      expect(figures.guides.map((g: { entryId: string }) => g.entryId)).toEqual(['printer', 'vpn']);
      expect(figures.guides[0]).toMatchObject({ started: 10, solved: 4, tickets: 3, left: 3, deflection: 0.4 });
      expect(figures.guides[0].steps.map((s: Record<string, unknown>) => [s.n, s.stepId, s.reached, s.solved, s.stuck, s.ended, s.left, s.failShare])).toEqual([
        [1, 'restart', 10, 0, 0, 0, 3, 0.3],
        [2, 'cable', 7, 4, 0, 0, 0, 0],
        [3, 'driver', 3, 0, 3, 0, 0, 1],
      ]);
      expect(figures.guides[0].steps[1].title).toEqual({ en: HOSTILE_TITLE, it: 'Il cavo' });
      expect(JSON.parse(vpn).guides.map((g: { entryId: string }) => g.entryId)).toEqual(['vpn']);

      if (!opts.refusals) return;
      const refused = await Promise.all([
        refusal('stats', '--entry', 'toner'),
        refusal('stats', '--entry', 'hours'),
        refusal('stats', '--since', 'last week'),
        refusal('stats', '--since', '2026-02-30'),
        refusal('stats', '--since', '0d'),
      ]);
      expect(refused).toEqual([
        'sportello: no entry "toner" in the knowledge base (see `sportello faq list`)',
        'sportello: the entry "hours" has no steps: it is not a guided fix',
        'sportello: --since "last week" is neither a number of days (7d) nor a date (YYYY-MM-DD)',
        'sportello: --since 2026-02-30 is not a date on the calendar',
        'sportello: --since 0d: give between 1d and 3660d',
      ]);
    });
  });
}

// The console's on-call page over real HTTP on 127.0.0.1, on the desk `npm start`
// composes with a SPORTELLO_CONFIG rota: what a lead sees for their departments, an
// override added and removed with the forms a browser posts, and who the desk would
// page afterwards (whoIsOnDuty, what the sweeper calls). Run once per store.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slaSettingsOf, whoIsOnDuty } from '../../src/index.js';
import { startLeadServer, type LeadServer } from '../support/lead-console.js';
import type { StoreEnv } from '../support/server-stores.js';

const LEAD = 'lead-token';
const AGENT = 'agent-token';
const HR_LEAD = 'hr-lead-token';
const ALDO = 'slack:U0ALDO';
const LAURA = 'web:laura';

// Aldo is on call for IT tier 1 round the clock, so "now" needs no fixed clock.
const CONFIG = `
departments:
  it:
    onCall:
      tier1:
        weekly:
          - { days: mon-sun, from: "00:00", to: "24:00", people: ["${ALDO}"] }
`;

const textOf = (page: string) => page.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
function textById(page: string, id: string): string | null {
  const m = new RegExp(`<(\\w+)[^>]*\\s(?:id|data-testid)="${id}"[^>]*>([\\s\\S]*?)</\\1>`).exec(page);
  return m ? textOf(m[2]!).trim() : null;
}
/** A time in Rome `hours` from now, as a lead types it. */
const romeIn = (hours: number) => DateTime.now().setZone('Europe/Rome').plus({ hours }).toFormat('yyyy-MM-dd HH:mm');

export function runOnCallPageFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe(`the on-call page in the console, on ${name}`, () => {
    let storage: StoreEnv;
    let s: LeadServer;
    let dir: string;
    const get = (path: string, token?: string) => fetch(s.base + path, { redirect: 'manual', headers: token ? { authorization: `Bearer ${token}` } : {} });
    const send = (path: string, token: string, fields: Record<string, string>, csrf = `csrf-${token}`) =>
      fetch(s.base + path, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: s.base, authorization: `Bearer ${token}` },
        body: new URLSearchParams({ csrf, ...fields }).toString(),
      });
    const paged = () => whoIsOnDuty(s.composition.store, slaSettingsOf(s.composition.deps.settings), 'it', 1, Date.now());

    beforeAll(async () => {
      storage = await storeEnv();
      dir = mkdtempSync(join(tmpdir(), 'sportello-oncall-page-'));
      writeFileSync(join(dir, 'sportello.yaml'), CONFIG);
      s = await startLeadServer({ ...storage.env, SPORTELLO_CONFIG: join(dir, 'sportello.yaml') });
      const { store } = s.composition;
      await store.saveAgent({ platform: 'web', userId: 'laura', name: 'Laura', departments: ['it'], tier: 2, role: 'lead', locale: 'en' });
      await store.saveAgent({ platform: 'slack', userId: 'U0ALDO', name: 'Aldo', departments: ['it'], tier: 1, role: 'agent', locale: 'it' });
      await store.saveAgent({ platform: 'web', userId: 'giulia', name: 'Giulia', departments: ['hr'], tier: 1, role: 'lead', locale: 'it' });
      s.tokens.set(LEAD, { platform: 'web', userId: 'laura' });
      s.tokens.set(AGENT, { platform: 'slack', userId: 'U0ALDO' });
      s.tokens.set(HR_LEAD, { platform: 'web', userId: 'giulia' });
    });
    afterAll(async () => {
      await s?.stop();
      await storage?.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    it('is for leads only: sign-in first, an agent refused in their language', async () => {
      const anonymous = await get('/console/oncall');
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.get('location')).toBe('/console/login');
      const agent = await get('/console/oncall', AGENT);
      expect(agent.status).toBe(403);
      expect(textOf(await agent.text())).toContain('Solo i responsabili e gli amministratori');
      const posted = await send('/console/oncall', AGENT, { department: 'it', tier: '1', from: romeIn(-1), to: romeIn(1), people: LAURA });
      expect(posted.status).toBe(403);
      expect(await s.composition.store.onCallOverrides('it', 1, 0)).toEqual([]);
    });

    it("shows the lead's departments only: who is on duty now per tier, the weekly shifts and where they come from", async () => {
      const page = await (await get('/console/oncall', LEAD)).text();
      expect(textById(page, 'duty-it-1')).toBe(`Aldo ${ALDO}`);
      expect(textById(page, 'duty-it-2')).toBe('Nobody is on duty now.');
      expect(textOf(page)).toContain(`Weekly shifts From the configuration file. mon-sun 00:00-24:00 ${ALDO}`);
      expect(page).not.toContain('id="oncall-hr"');
      expect(page).toContain('id="oncall-it"');
      const italian = await (await get('/console/oncall', HR_LEAD)).text();
      expect(italian).toContain('id="oncall-hr"');
      expect(italian).not.toContain('id="oncall-it"');
      expect(textById(italian, 'duty-hr-1')).toBe('Nessuno è reperibile ora.');
    });

    it('adds an override that takes Aldo off and pages Laura first, then removes it', async () => {
      const from = romeIn(-1);
      const to = romeIn(2);
      const added = await send('/console/oncall', LEAD, { department: 'it', tier: '1', from, to, people: LAURA, off: ALDO });
      expect(added.status).toBe(303);
      const page = await (await get(added.headers.get('location')!, LEAD)).text();
      expect(textOf(page)).toContain(`Override added: ${from} to ${to}.`);
      expect(textById(page, 'duty-it-1')).toBe(`Laura ${LAURA}`);
      expect(await paged()).toEqual([LAURA]);
      const [stored] = await s.composition.store.onCallOverrides('it', 1, 0);
      expect(stored).toMatchObject({ department: 'it', tier: 1, people: [LAURA], off: [ALDO], addedBy: LAURA });
      expect(textOf(page)).toContain(`by ${LAURA} on`);

      // Another department's lead cannot remove it, nor can a form without its CSRF token.
      expect((await send('/console/oncall/remove', HR_LEAD, { id: stored!.id })).status).toBe(404);
      expect((await send('/console/oncall/remove', LEAD, { id: stored!.id }, 'forged')).status).toBe(403);
      expect(await paged()).toEqual([LAURA]);

      const removed = await send('/console/oncall/remove', LEAD, { id: stored!.id });
      expect(removed.status).toBe(303);
      const after = await (await get(removed.headers.get('location')!, LEAD)).text();
      expect(textOf(after)).toContain('Override removed.');
      expect(textById(after, 'duty-it-1')).toBe(`Aldo ${ALDO}`);
      expect(await paged()).toEqual([ALDO]);
    });

    it('says under each field what is wrong, in the lead\'s language, keeps what was typed, and saves nothing', async () => {
      const refused = await send('/console/oncall', LEAD, { department: 'it', tier: '4', from: 'christmas', to: romeIn(2), people: 'laura', off: 'web:nobody' });
      expect(refused.status).toBe(422);
      const page = await refused.text();
      expect(textById(page, 'oncall-tier-error')).toBe('The tier must be 1, 2 or 3.');
      expect(textById(page, 'oncall-from-error')).toBe('Enter a date and time like 2026-12-24 18:00.');
      expect(textById(page, 'oncall-people-error')).toBe('laura is not a person as platform:id, e.g. slack:U024BE7LH.');
      expect(textById(page, 'oncall-off-error')).toBe('web:nobody is not an agent of it.');
      expect(page).toContain('value="christmas"');
      expect(page).toMatch(/<input id="oncall-from" name="from" type="text" value="christmas"[^>]*aria-describedby="oncall-from-error" aria-invalid="true"/);

      const backwards = await send('/console/oncall', HR_LEAD, { department: 'it', tier: '1', from: romeIn(3), to: romeIn(1), people: LAURA });
      expect(backwards.status).toBe(422);
      const italian = await backwards.text();
      expect(textById(italian, 'oncall-department-error')).toBe('Scegli uno dei tuoi reparti.');
      expect(textById(italian, 'oncall-to-error')).toBe("La fine deve venire dopo l'inizio.");

      const past = await send('/console/oncall', LEAD, { department: 'it', tier: '1', from: romeIn(-5), to: romeIn(-3), people: LAURA });
      expect(textById(await past.text(), 'oncall-to-error')).toBe('This end is already past: the override would never apply.');
      expect(await s.composition.store.onCallOverrides('it', 1, 0)).toEqual([]);
    });
  });
}

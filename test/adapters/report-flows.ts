// `ticket stats` end to end through the web chat: a requester opens two tickets, one
// on Friday evening and one on Monday morning, an agent answers and resolves them,
// the requester confirms, and the lead's report gives the times in business hours
// (Rome's office hours: the weekend does not count) and the counts, in their language.
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/index.js';
import { post, startServer, type RunningServer } from '../support/server.js';
import type { StoreEnv } from '../support/server-stores.js';

const rome = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Rome' }).toMillis();

export function runReportFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe(`ticket stats through the web chat on ${name}`, () => {
    let server: RunningServer;
    let storage: StoreEnv;
    let store: Store;
    const clock = { at: rome('2026-12-04T17:30') };
    const setTime = (iso: string) => (clock.at = rome(iso));

    beforeAll(async () => {
      storage = await storeEnv();
      server = await startServer(storage.env, { clock: { now: () => clock.at } });
      store = await storage.open(server.dataDir);
      await store.saveAgent({ platform: 'web', userId: 'anna', name: 'Anna', departments: ['it'], tier: 1, role: 'agent' });
      await store.saveAgent({ platform: 'web', userId: 'leo', name: 'Leo', departments: ['it'], tier: 2, role: 'lead' });
      await store.saveAgent({ platform: 'web', userId: 'luca', name: 'Luca', departments: ['it'], tier: 2, role: 'admin', locale: 'it' });
    }, 60_000);
    afterAll(async () => {
      await store?.close();
      await server?.stop();
      await storage?.cleanup();
    });

    const say = async (user: string, text: string): Promise<string> => {
      const res = await post(server.base, '/web/api/messages', { user: { id: user, name: user }, text });
      expect(res.status).toBe(200);
      return JSON.stringify(res.body);
    };
    const press = async (user: string, actionId: string) => {
      const res = await post(server.base, '/web/api/actions', { user: { id: user, name: user }, actionId });
      expect(res.status).toBe(200);
    };
    const codeIn = (said: string) => /IT-\d+/.exec(said)![0];
    /** The report's text as the chat shows it (the reply's text field). */
    const stats = async (user: string, text: string): Promise<string> => {
      const res = await post(server.base, '/web/api/messages', { user: { id: user, name: user }, text });
      expect(res.status).toBe(200);
      return (res.body.replies as { text: string }[]).map((r) => r.text).join('\n');
    };

    it('gives a lead first-response and resolution times in business hours, with the counts', async () => {
      // Friday 17:30: half an hour before the office closes for the weekend.
      const a = codeIn(await say('mario', 'ticket new --no-faq --dept it --urgency low the printer on floor 2 prints blank pages'));
      // Monday 09:30: claimed after one business hour (30 min on Friday, 30 on Monday).
      setTime('2026-12-07T09:30');
      await say('anna', `ticket claim ${a}`);
      setTime('2026-12-07T10:00');
      const b = codeIn(await say('mario', 'ticket new --no-faq --dept it --urgency low the scanner in room 4 jams every sheet'));
      setTime('2026-12-07T10:30');
      await say('anna', `ticket claim ${b}`);
      // A: 30 min on Friday and 2 h 30 on Monday; B: two hours.
      setTime('2026-12-07T11:30');
      await say('anna', `ticket resolve ${a} new toner cartridge`);
      setTime('2026-12-07T12:00');
      await say('anna', `ticket resolve ${b} cleaned the rollers`);
      setTime('2026-12-07T12:05');
      await press('mario', `confirm:${a}`);
      await press('mario', `confirm:${b}`);
      expect((await store.get(a))?.status).toBe('closed');

      setTime('2026-12-07T12:10');
      const report = await stats('leo', 'ticket stats --since 7d');
      expect(report).toContain('Report 2026-12-01 – 2026-12-07');
      expect(report).toContain('Opened: 2 (IT 2)');
      expect(report).toContain('Closed: 2 (closed 2)');
      expect(report).toContain('First response (business time): median 30 min, 90% within 1 h (2 tickets)');
      expect(report).toContain('Resolution (business time): median 2 h, 90% within 3 h (2 tickets)');
      expect(report).toContain('SLA met: first response 100% (2/2), resolution 100% (2/2)');
      expect(report).toContain('Reopened: 0% (0 of 2 closed tickets)');
      expect(report).toContain('Agents (holding now / resolved): Anna 0/2');
      // Only Friday's window: one ticket opened, nothing answered yet that day.
      const friday = await stats('leo', 'ticket stats --from 2026-12-04 --to 2026-12-04 --dept it');
      expect(friday).toContain('Opened: 1 (IT 1)');
      expect(friday).toContain('Closed: 0');
    });

    it('answers in Italian, and keeps the report to leads and admins with clear refusals', async () => {
      const italian = await stats('luca', 'ticket statistiche --since 1w');
      expect(italian).toContain('Aperti: 2 (IT 2)');
      expect(italian).toContain('Prima risposta (tempo lavorativo): mediana 30 min, il 90% entro 1 h (2 ticket)');
      expect(await stats('anna', 'ticket stats')).toBe('Reports are for leads and admins.');
      expect(await stats('mario', 'ticket stats')).toMatch(/agent/i);
      expect(await stats('leo', 'ticket stats --since forever')).toBe('--since wants a number of days or weeks, like 7d or 4w (ten years at most).');
      expect(await stats('leo', 'ticket stats --dept nowhere')).toContain('There is no department "nowhere"');
      expect(await stats('leo', 'ticket stats last week')).toContain('stats [--since 7d');
    });
  });
}

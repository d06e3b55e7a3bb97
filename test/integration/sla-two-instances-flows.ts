// The SLA clocks with two whole instances on one store (two servers, each its
// own sweeper every second, its own relay and Slack connection, one desk clock
// the test moves): each due ticket is reminded once and escalated once, and
// Slack hears of each once, whichever instance swept.
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store, TicketEvent } from '../../src/index.js';
import { slackServerEnv, startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { post, startServer, type RunningServer } from '../support/server.js';
import type { StoreEnv } from '../support/server-stores.js';

const TRIAGE = 'C0TRIAGE21';
const HR_L1 = 'U0HRFIRST1';
const HR_L2 = 'U0HRSECND1';
const rome = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Rome' }).toMillis();
const SLA_KINDS = new Set<TicketEvent['kind']>(['sla_reminder', 'sla_breached', 'paged']);

export function runSlaTwoInstancesFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe(`the SLA sweep with two instances on ${name}`, () => {
    let fake: FakeSlack;
    let storage: StoreEnv;
    let one: RunningServer;
    let two: RunningServer;
    let store: Store;
    // One desk time for both, running as real time does from wherever the test set it.
    const clock = { base: rome('2026-12-07T09:00'), since: Date.now() };
    const now = () => clock.base + (Date.now() - clock.since);
    const setTime = (iso: string) => Object.assign(clock, { base: rome(iso), since: Date.now() });

    beforeAll(async () => {
      fake = await startFakeSlack({ [HR_L1]: { name: 'Hana', locale: 'en-US' }, [HR_L2]: { name: 'Hugo', locale: 'en-GB' } });
      storage = await storeEnv();
      const env = { ...storage.env, ...slackServerEnv(fake, TRIAGE), SLA_SWEEP_SECONDS: '1' };
      one = await startServer({ ...env, INSTANCE_ID: 'one' }, { clock: { now } });
      // SQLite's file is the first server's; a MongoDB database is named in the environment.
      two = await startServer({ ...env, INSTANCE_ID: 'two', ...(storage.env.MONGODB_URI ? {} : { DATA_DIR: one.dataDir }) }, { clock: { now } });
      store = await storage.open(one.dataDir);
      await store.saveAgent({ platform: 'slack', userId: HR_L1, name: 'Hana', departments: ['hr'], tier: 1, role: 'agent' });
      await store.saveAgent({ platform: 'slack', userId: HR_L2, name: 'Hugo', departments: ['hr'], tier: 2, role: 'agent' });
    }, 60_000);
    afterAll(async () => {
      await store?.close();
      await two?.stop();
      await one?.stop();
      await fake?.close();
      await storage?.cleanup();
    });

    /** What Slack was sent about `code` starting with `mark`, by channel and text: two instances sweeping would send each twice. */
    const sent = (code: string, mark: string) =>
      fake.calls.filter((c) => c.method === 'chat.postMessage' && String(c.args.text).startsWith(mark) && String(c.args.text).includes(code)).map((c) => `${String(c.args.channel)} ${String(c.args.text)}`);

    it('reminds and escalates each due ticket once, and tells Slack once', { timeout: 60_000 }, async () => {
      const codes: string[] = [];
      for (const [i, server] of [one, two, one, two].entries()) {
        const opened = await post(server.base, '/web/api/messages', { user: { id: `rita${i}`, name: 'Rita' }, text: `ticket new --no-faq --dept hr --urgency high payslip ${i} misses the overtime` });
        codes.push(opened.body.replies[0].ticket.code as string);
      }
      expect(new Set(await Promise.all(codes.map(async (c) => (await store.get(c))!.priority)))).toEqual(new Set(['P2']));

      // Past the reminder: both servers sweep every second, over several periods.
      setTime('2026-12-07T09:46');
      for (const code of codes) await expect.poll(() => sent(code, '⏰').length, { timeout: 10_000, interval: 100 }).toBeGreaterThan(0);
      // Past the breach: L2.
      setTime('2026-12-07T10:01');
      for (const code of codes) await expect.poll(async () => (await store.get(code))!.tier, { timeout: 10_000, interval: 100 }).toBe(2);
      for (const code of codes) await expect.poll(() => sent(code, '🚨').length, { timeout: 10_000, interval: 100 }).toBeGreaterThan(0);
      // More periods go by, each swept by one server or the other: nothing more happens.
      await new Promise((r) => setTimeout(r, 3000));

      for (const code of codes) {
        const done = (await store.events(code)).filter((e) => SLA_KINDS.has(e.kind)).map((e) => `${e.kind} ${String(e.data.rule)}`);
        expect(done).toEqual(['sla_reminder firstResponse.remind', 'sla_breached firstResponse.breach']);
        for (const mark of ['⏰', '🚨']) {
          const told = sent(code, mark);
          expect(new Set(told).size).toBe(told.length);
        }
      }
    });
  });
}

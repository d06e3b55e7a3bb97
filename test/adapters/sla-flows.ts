// Round the clock, end to end: a requester in the web chat, agents and a lead on the
// Slack stand-in, the server's own SLA sweeper running every second on a clock the test
// moves. A P1 on Saturday night pages the on-call rota, breaches escalate, the lead hears
// of a miss at L3, a resolved ticket closes itself; `sla sweep --dry-run` says what is next.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/index.js';
import { slackServerEnv, startFakeSlack, type FakeSlack, type SlackCall } from '../support/fake-slack.js';
import { openStream, post, startServer, type RunningServer, type Stream } from '../support/server.js';
import type { StoreEnv } from '../support/server-stores.js';
import { buttonPress, postToSlackEndpoint, slashCommand } from '../support/slack-requests.js';

const TRIAGE = 'C0TRIAGE09';
const ANNA = 'U0ONCALL01';
const LUCA = 'U0ONCALL02';
const BEA = 'U0SECOND01';
const LEO = 'U0LEAD0001';

const rome = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Rome' }).toMillis();
const run = promisify(execFile);

const RULES = `
departments:
  it:
    onCall:
      tier1:
        weekly:
          - { days: [sat, sun], from: "00:00", to: "24:00", people: ["slack:${ANNA}", "slack:${LUCA}"] }
`;

export function runSlaFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe(`the SLA clock end to end on ${name}`, () => {
    let fake: FakeSlack;
    let server: RunningServer;
    let storage: StoreEnv;
    let store: Store;
    let mario: Stream;
    // The desk's time runs as real time does, from wherever the test last set it.
    const clock = { base: rome('2026-12-05T22:00'), since: Date.now() };
    const now = () => clock.base + (Date.now() - clock.since);
    const setTime = (iso: string) => Object.assign(clock, { base: rome(iso), since: Date.now() });
    let env: Record<string, string>;

    beforeAll(async () => {
      fake = await startFakeSlack({
        [ANNA]: { name: 'Anna', locale: 'en-US' },
        [LUCA]: { name: 'Luca', locale: 'it-IT' },
        [BEA]: { name: 'Bea', locale: 'en-GB' },
        [LEO]: { name: 'Leo', locale: 'en-GB' },
      });
      storage = await storeEnv();
      const dir = mkdtempSync(join(tmpdir(), 'sportello-sla-rules-'));
      writeFileSync(join(dir, 'sportello.yaml'), RULES);
      env = { ...storage.env, ...slackServerEnv(fake, TRIAGE), SPORTELLO_CONFIG: join(dir, 'sportello.yaml'), SLA_SWEEP_SECONDS: '1' };
      server = await startServer(env, { clock: { now } });
      store = await storage.open(server.dataDir);
      await store.saveAgent({ platform: 'slack', userId: ANNA, name: 'Anna', departments: ['it'], tier: 1, role: 'agent' });
      await store.saveAgent({ platform: 'slack', userId: LUCA, name: 'Luca', departments: ['it'], tier: 1, role: 'agent', locale: 'it' });
      await store.saveAgent({ platform: 'slack', userId: BEA, name: 'Bea', departments: ['it'], tier: 2, role: 'agent' });
      await store.saveAgent({ platform: 'slack', userId: LEO, name: 'Leo', departments: ['it'], tier: 3, role: 'lead' });
      mario = await openStream(server.base, 'mario');
    });
    afterAll(async () => {
      mario?.close();
      await store?.close();
      await server?.stop();
      await fake?.close();
      await storage?.cleanup();
    });

    const from = (n: number) => (pred: (c: SlackCall) => boolean) => (c: SlackCall) => fake.calls.indexOf(c) >= n && pred(c);
    const dmTo = (user: string) => (c: SlackCall) => c.method === 'chat.postMessage' && c.args.channel === `D${user}`;
    const text = (c: SlackCall) => `${String(c.args.text)} ${JSON.stringify(c.args.blocks ?? '')}`;
    const press = (user: string, value: string, name: string) =>
      postToSlackEndpoint(server.base, buttonPress({ user, value, responseUrl: fake.respondUrl(name) }), 'application/x-www-form-urlencoded');
    /** Messages pushed to Mario's web chat until one matches. */
    async function marioHears(pred: (text: string) => boolean): Promise<string> {
      for (;;) {
        const item = await mario.next(10_000);
        const said = String(item?.text ?? item?.reply?.text ?? JSON.stringify(item));
        if (pred(said)) return said;
      }
    }

    it('pages the on-call agents of a P1 opened on Saturday at 22:00, escalates what nobody claims, tells the lead, and closes the resolved ticket', async () => {
      const opened = await post(server.base, '/web/api/messages', { user: { id: 'mario', name: 'Mario' }, text: 'ticket new --no-faq --dept it the mail server is down, nobody can work' });
      expect(opened.status).toBe(200);
      const code = /IT-\d+/.exec(JSON.stringify(opened.body))![0];
      const ticket = (await store.get(code))!;
      expect(ticket.priority).toBe('P1');
      expect(ticket.sla!.paging).toEqual({ since: ticket.createdAt, step: 0, paged: [] });

      // Within a sweep, the first person on call is paged in a DM with a Claim button.
      const page1 = await fake.waitFor(dmTo(ANNA), 'the page to Anna');
      expect(text(page1)).toContain(`claim:${code}`);
      expect(String(page1.args.text)).toContain('On call');

      // What comes next, asked of the command line at the server's store.
      const dry = await run(process.execPath, ['--import', 'tsx', 'app/main.ts', 'sla', 'sweep', '--dry-run', '--json', '--now', '2026-12-05T22:11:00+01:00'], {
        // The server's own store: the SQLite run must not follow a MONGODB_URI the test process was given.
        env: { ...process.env, ...env, MONGODB_URI: env.MONGODB_URI ?? '', DATA_DIR: server.dataDir, LOG_LEVEL: 'silent' },
      });
      const report = JSON.parse(dry.stdout) as { dryRun: boolean; actions: { code: string; rule: string; told: string[] }[] };
      expect(report.dryRun).toBe(true);
      expect(report.actions).toEqual([{ code, rule: 'page', dueAt: ticket.createdAt + 10 * 60_000, event: 'paged', told: [`slack:${LUCA}`, `slack:${LEO}`] }]);

      // Ten minutes without a Claim: the next person, and the lead.
      let n = fake.calls.length;
      setTime('2026-12-05T22:10:30');
      const page2 = await fake.waitFor(from(n)(dmTo(LUCA)), 'the page to Luca');
      expect(String(page2.args.text)).toContain('Reperibilità');
      const toLead = await fake.waitFor(from(n)(dmTo(LEO)), 'the lead told nobody claimed it');
      expect(String(toLead.args.text)).toContain('Anna');

      // Fifteen minutes without a first response: the ticket goes to L2.
      n = fake.calls.length;
      setTime('2026-12-05T22:16');
      await expect.poll(async () => (await store.get(code))!.tier, { timeout: 10_000, interval: 100 }).toBe(2);
      expect((await store.get(code))!.sla!.breached.firstResponse).toBeDefined();
      await fake.waitFor(from(n)((c) => c.method === 'chat.postMessage' && String(c.args.text).startsWith('🚨') && String(c.args.text).includes(code)), 'the escalation to L2');

      // Bea at L2 passes it on to L3 by hand; at 02:00 the four-hour resolution is missed there, and the lead hears of it.
      const escalated = await postToSlackEndpoint(server.base, slashCommand({ user: BEA, text: `escalate ${code} the mail vendor must look at it`, responseUrl: fake.respondUrl('bea-escalate') }), 'application/x-www-form-urlencoded');
      expect(escalated.status).toBe(200);
      await expect.poll(async () => (await store.get(code))!.tier, { timeout: 10_000, interval: 100 }).toBe(3);
      n = fake.calls.length;
      setTime('2026-12-06T02:01');
      const missed = await fake.waitFor(from(n)((c) => dmTo(LEO)(c) && String(c.args.text).includes('missed its resolution target at L3')), 'the lead told of the miss at L3');
      expect(String(missed.args.text)).toContain(code);

      // Leo takes it at L3 and fixes it; nobody confirms; three business days later (Tuesday is a holiday) it closes itself.
      await press(LEO, `claim:${code}`, 'leo-claim');
      await expect.poll(async () => (await store.get(code))!.status, { timeout: 10_000, interval: 100 }).toBe('in_progress');
      const slash = await postToSlackEndpoint(server.base, slashCommand({ user: LEO, text: `resolve ${code} restarted the mail server`, responseUrl: fake.respondUrl('leo-resolve') }), 'application/x-www-form-urlencoded');
      expect(slash.status).toBe(200);
      await expect.poll(async () => (await store.get(code))!.status, { timeout: 10_000, interval: 100 }).toBe('resolved');
      setTime('2026-12-10T17:58');
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect((await store.get(code))!.status).toBe('resolved');
      setTime('2026-12-10T18:01');
      await expect.poll(async () => (await store.get(code))!.status, { timeout: 10_000, interval: 100 }).toBe('closed');
      const closed = await marioHears((said) => said.includes(code) && /closed|chiuso/.test(said));
      expect(closed).toContain(code);

      // The transcript says the desk did each of these itself, with the rule that fired.
      const done = (await store.events(code)).filter((e) => e.actor.platform === 'system').map((e) => `${e.kind} ${e.data.rule}`);
      // Each new level out of hours pages its own rota: nobody is on call at L2 or L3 here, so the lead is told at once.
      expect(done).toEqual(['paged page', 'paged page', 'sla_breached firstResponse.breach', 'paged page', 'paged page', 'sla_breached resolution.breach', 'auto_closed resolved.close']);

      // Leo reads them in `ticket status` too; Mario, the requester, does not see the desk's internal work.
      await postToSlackEndpoint(server.base, slashCommand({ user: LEO, text: `status ${code}`, responseUrl: fake.respondUrl('leo-status') }), 'application/x-www-form-urlencoded');
      const status = String((await fake.waitFor((c) => c.method === 'respond/leo-status', 'the status for Leo')).args.text);
      expect(status).toContain('Sportello (internal): target missed (resolution.breach)');
      expect(status).toContain('Sportello: closed: nobody confirmed the fix (resolved.close)');
      const forMario = await post(server.base, '/web/api/messages', { user: { id: 'mario', name: 'Mario' }, text: `ticket status ${code}` });
      expect(JSON.stringify(forMario.body)).not.toContain('breach');

      // And /metrics counted them.
      const metrics = await (await fetch(`${server.base}/metrics`)).text();
      expect(metrics).toContain('sportello_sla_pages_total{priority="P1",department="it"} 4');
      expect(metrics).toContain('sportello_sla_breaches_total{priority="P1",department="it",target="firstResponse"} 1');
      expect(metrics).toContain('sportello_sla_breaches_total{priority="P1",department="it",target="resolution"} 1');
      expect(metrics).toContain('sportello_sla_auto_closed_total{department="it",rule="resolved.close"} 1');
    }, 120_000);
  });
}

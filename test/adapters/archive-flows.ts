// The desk's memory, end to end through the web chat: solved tickets are kept,
// an agent who claims a new one like them is shown the three nearest with what
// solved them (and the FAQ entry that covers it), `ticket search` finds closed
// tickets within the agent's departments, and `sportello tickets search` reads
// the same store from the command line.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

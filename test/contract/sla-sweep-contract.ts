// The SLA sweeper against every store: due work found by its index, periods claimed once,
// and two sweepers (two connections, as two instances would have) doing each rule once.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { clockNewTicket, createHelpDesk, parseSlaConfig, type DeskSettings, type Store, type TicketEvent } from '../../src/index.js';
import { createTestDesk, DEPARTMENTS, person } from '../support/desk.js';
import { makeDraft, makeEvent } from '../support/factories.js';
import type { StoreHarness } from './store-contract.js';

const rome = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Rome' }).toMillis();
const settings: DeskSettings = { departments: DEPARTMENTS, defaultLocale: 'en', faqAnswerThreshold: 0.5, faqSuggestThreshold: 0.25 };
const SLA_KINDS = new Set<TicketEvent['kind']>(['sla_reminder', 'sla_breached', 'paged', 'waiting_reminder', 'closed_unanswered', 'auto_closed', 'sla_clock_set']);

async function slaEvents(store: Store, code: string): Promise<TicketEvent[]> {
  return (await store.events(code)).filter((e) => SLA_KINDS.has(e.kind));
}

/** `childEnv`: how a child process opens the same store (see sla-sweep-child.ts). */
export function runSlaSweepContract(name: string, harness: () => Promise<StoreHarness & { childEnv: Record<string, string> }>): void {
  describe(`${name}: the SLA sweep on the store`, () => {
    let h: Awaited<ReturnType<typeof harness>>;
    let a: Store;
    let b: Store;
    beforeAll(async () => {
      h = await harness();
      a = await h.connect();
      b = await h.connect();
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
      await h?.cleanup?.();
    });

    it('finds due tickets by their next instant, earliest first, page after page, and skips the rest', async () => {
      const at = rome('2026-12-07T09:00');
      for (const [i, priority] of (['P2', 'P2', 'P4', 'P2'] as const).entries()) {
        const createdAt = at + i * 60_000;
        await a.create(clockNewTicket(makeDraft({ department: 'finance', priority, createdAt, updatedAt: createdAt }), settings), 'FIN', makeEvent({ at: createdAt }));
      }
      // P2's reminder falls 45 business minutes in; P4's first response waits a business day.
      const now = rome('2026-12-07T09:50');
      const due = await b.slaDue(now, 10);
      expect(due.map((t) => t.code)).toEqual(['FIN-1', 'FIN-2', 'FIN-4']);
      expect(due.map((t) => t.sla!.nextAt)).toEqual([...due.map((t) => t.sla!.nextAt)].sort((x, y) => x! - y!));
      const first = await b.slaDue(now, 2);
      const rest = await b.slaDue(now, 2, { at: first[1]!.sla!.nextAt!, code: first[1]!.code });
      expect([...first, ...rest].map((t) => t.code)).toEqual(['FIN-1', 'FIN-2', 'FIN-4']);
      expect(await b.slaDue(rome('2026-12-07T09:00'), 10)).toEqual([]);
    });

    it('gives each period of shared work to exactly one of many claimants', async () => {
      const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).claimSlot('sla-sweep', 1000, `holder-${i}`, Date.now())));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await a.claimSlot('sla-sweep', 1001, 'holder-x', Date.now())).toBe(true);
      expect(await b.claimSlot('other-work', 1000, 'holder-x', Date.now())).toBe(true);
    });

    it('two sweepers racing on the same moment remind and escalate each ticket once', async () => {
      const one = await createTestDesk(a);
      const two = await createTestDesk(b);
      one.clock.t = rome('2026-12-07T09:00');
      const requester = person('rita', 'Rita');
      const codes: string[] = [];
      for (let i = 0; i < 12; i++) {
        const [opened] = await one.say(requester, `ticket new --no-faq --dept hr --urgency high payslip ${i} missing the overtime`);
        codes.push(opened!.ticket!.code);
      }
      expect(new Set(await Promise.all(codes.map(async (c) => (await a.get(c))!.priority)))).toEqual(new Set(['P2']));
      for (const at of ['2026-12-07T09:46', '2026-12-07T10:01']) {
        one.clock.t = two.clock.t = rome(at);
        const [x, y] = await Promise.all([one.sweep(), two.sweep()]);
        // Between them they did every rule once; neither did one the other did.
        const done = [...x.actions, ...y.actions].filter((d) => codes.includes(d.code)).map((d) => `${d.code} ${d.rule}`);
        expect(new Set(done).size).toBe(done.length);
        expect(done).toHaveLength(codes.length);
      }
      for (const code of codes) {
        expect((await slaEvents(a, code)).map((e) => `${e.kind} ${e.data.rule}`)).toEqual(['sla_reminder firstResponse.remind', 'sla_breached firstResponse.breach']);
        expect(await b.get(code)).toMatchObject({ tier: 2, status: 'open' });
      }
      // Each reminder went to HR's L1 queue once, each escalation to L2 once.
      const pushes = [...one.sent, ...two.sent].filter((o) => o.to.kind === 'team' && o.to.department === 'hr');
      expect(pushes.filter((o) => o.reply.text.startsWith('⏰'))).toHaveLength(codes.length);
      expect(pushes.filter((o) => o.reply.text.startsWith('🚨'))).toHaveLength(codes.length);
    });

    it('pages whom the rota in force names: an override added at run time comes before the file\'s shifts', async () => {
      const sla = parseSlaConfig(
        { departments: { facilities: { onCall: { tier1: { weekly: [{ days: 'sat-sun', from: '00:00', to: '24:00', people: ['web:fabio', 'web:franca'] }] } } } } },
        DEPARTMENTS.map((d) => d.id),
      );
      const desk = await createTestDesk(a, { settings: { sla } });
      for (const userId of ['fabio', 'franca', 'filippo']) await desk.agent({ userId, name: userId, departments: ['facilities'] });
      const saturday = rome('2026-12-12T22:00');
      await b.addOnCallOverride({ department: 'facilities', tier: 1, from: saturday - 3600_000, to: saturday + 12 * 3600_000, people: ['web:filippo'], off: ['web:fabio'], addedBy: 'cli', addedAt: saturday - 7200_000 });
      desk.clock.t = saturday;
      const [opened] = await desk.say(person('gino', 'Gino'), 'ticket new --no-faq --dept facilities the whole floor is flooded, water everywhere');
      const code = opened!.ticket!.code;
      expect((await a.get(code))!.priority).toBe('P1');
      await desk.sweep();
      desk.clock.t = saturday + 11 * 60_000;
      await desk.sweep();
      expect((await slaEvents(a, code)).map((e) => e.data.to)).toEqual(['web:filippo', 'web:franca']);
      const paged = (userId: string) => desk.pushesTo({ platform: 'web', userId }).filter((r) => r.text.startsWith('📟 On call') && r.actions?.some((x) => x.id === `claim:${code}`));
      expect(paged('filippo')).toHaveLength(1);
      expect(paged('franca')).toHaveLength(1);
      // Off for the night: the whole queue hears of the ticket, but nobody pages him.
      expect(paged('fabio')).toEqual([]);
    });

    it('gives tickets from before the desk kept clocks one, counting from the upgrade, and closes their resolved ones in time', async () => {
      const desk = await createTestDesk(a, { settings: { autoCloseMs: undefined } });
      const upgrade = rome('2026-12-14T09:30');
      const old = rome('2026-11-02T10:00');
      const waiting = await a.create(makeDraft({ department: 'finance', priority: 'P2', createdAt: old, updatedAt: old }), 'FIN', makeEvent({ at: old }));
      const done = await a.create(makeDraft({ department: 'finance', status: 'resolved', priority: 'P2', createdAt: old, updatedAt: rome('2026-12-11T16:00') }), 'FIN', makeEvent({ at: old }));
      expect(waiting.sla).toBeUndefined();
      const adopted = await createHelpDesk(desk.deps).adoptUnclockedTickets(upgrade);
      expect(adopted).toEqual(expect.arrayContaining([waiting.code, done.code]));
      const open = (await b.get(waiting.code))!;
      // Its targets count from the upgrade: no old ticket is breached and escalated all at once.
      expect(open.sla).toMatchObject({ startedAt: upgrade, respondedAt: null, firstResponseDue: rome('2026-12-14T10:30') });
      expect((await slaEvents(b, waiting.code)).map((e) => `${e.kind} ${e.data.rule}`)).toEqual(['sla_clock_set clock.adopted']);
      // Adopted once: a second start finds nothing to do.
      expect(await createHelpDesk(desk.deps).adoptUnclockedTickets(upgrade + 60_000)).toEqual([]);
      // Resolved on Friday at 16:00, unconfirmed: closed three business days later (Wednesday), as the policy says.
      desk.clock.t = rome('2026-12-16T15:59');
      expect((await desk.sweep()).autoClosed).not.toContain(done.code);
      desk.clock.t = rome('2026-12-16T16:00');
      expect((await desk.sweep()).autoClosed).toContain(done.code);
    });

    it('sets a clock again when its next instant passed with nothing due (a policy changed under it), so sweeps stop reading it', async () => {
      const closing = await createTestDesk(a, { settings: { autoCloseMs: 3600_000 } });
      closing.clock.t = rome('2026-12-15T09:00');
      const agent = await closing.agent({ userId: 'rosa', name: 'Rosa', departments: ['hr'] });
      const [opened] = await closing.say(person('ugo', 'Ugo'), 'ticket new --no-faq --dept hr my badge photo is old');
      const code = opened!.ticket!.code;
      await closing.say(agent, `ticket claim ${code}`);
      await closing.say(agent, `ticket resolve ${code} new photo uploaded`);
      // The desk is restarted with auto-close off: the ticket's old next instant passes with nothing to do.
      const never = await createTestDesk(b, { settings: { autoCloseMs: 0 } });
      never.clock.t = rome('2026-12-15T12:00');
      expect((await b.slaDue(never.clock.t, 500)).map((t) => t.code)).toContain(code);
      expect((await never.sweep()).actions.filter((x) => x.code === code)).toEqual([]);
      expect((await b.get(code))!.status).toBe('resolved');
      expect((await b.slaDue(never.clock.t, 500)).map((t) => t.code)).not.toContain(code);
      expect((await slaEvents(b, code)).map((e) => e.data.rule)).toEqual(['clock.recomputed']);
    });

    it('a sweeper killed half-way leaves each ticket before or after a rule, never in between, and the next sweep finishes the work once', async () => {
      const desk = await createTestDesk(a);
      desk.clock.t = rome('2026-12-09T09:00');
      const requester = person('kim', 'Kim');
      const codes: string[] = [];
      for (let i = 0; i < 30; i++) {
        const [opened] = await desk.say(requester, `ticket new --no-faq --dept facilities --urgency medium radiator ${i} is cold`);
        codes.push(opened!.ticket!.code);
      }
      const now = rome('2026-12-14T12:00');
      const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../support/sla-sweep-child.ts', import.meta.url)), String(now)], {
        env: { ...process.env, ...h.childEnv },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      // Killed as soon as it has done some of the work (read by `_id` only: anything else scans on FerretDB).
      const exited = new Promise((resolve) => child.on('exit', resolve));
      for (let started = Date.now(); child.exitCode === null && Date.now() - started < 60_000; ) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        if ((await a.get(codes[0]!))!.version > 1) break;
      }
      child.kill('SIGKILL');
      await exited;
      desk.clock.t = now;
      await desk.sweep();
      for (const code of codes) {
        const events = await slaEvents(a, code);
        // P3 in facilities: the first response (4 business hours) and the resolution (3 business days) both missed by Monday noon.
        expect(events.map((e) => e.data.rule)).toEqual(['firstResponse.breach', 'resolution.breach']);
        const ticket = (await a.get(code))!;
        expect(ticket.tier).toBe(3);
        // Both targets missed at the last level: nothing more can fall due.
        expect(ticket.sla!.nextAt).toBeNull();
      }
      expect(out).not.toContain('finished');
    }, 120_000);
  });
}

// One contract, run unchanged against every store (SQLite and Mongo).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELD_PER_PERSON, HelpDeskError, compareForQueue, type PendingChange, type RecordOf, type Store, type Ticket, type WordingSeen } from '../../src/index.js';
import { changeTicket } from '../../src/tickets/change-ticket.js';
import * as transitions from '../../src/tickets/transitions.js';
import { anna, makeDraft, makeEvent, mario } from '../support/factories.js';

export interface StoreHarness {
  /** A new connection to the same data: a second process, or the same one after a restart. */
  connect(): Promise<Store>;
  cleanup?(): Promise<void>;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** The outbox record a desk would write for a change: just enough to tell records apart. */
export const recordOf: RecordOf = (t) => ({
  id: `${t.code}#${t.version}`,
  at: t.updatedAt,
  ticket: t,
  event: { kind: t.version === 1 ? 'created' : 'priority_changed', text: null, actor: mario },
  previousAssignee: null,
  outbound: [],
  card: { text: t.code },
  origin: { channel: 'web', person: mario },
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function runStoreContract(name: string, harness: () => Promise<StoreHarness>): void {
  describe(`${name} store contract`, () => {
    let h: StoreHarness;
    let store: Store;
    beforeAll(async () => {
      h = await harness();
      store = await h.connect();
    });
    afterAll(async () => {
      await store?.close();
      await h?.cleanup?.();
    });

    it('creates tickets with per-department codes and reads them back whole', async () => {
      const a = await store.create(makeDraft({ department: 'hr' }), 'HR', makeEvent());
      const b = await store.create(makeDraft({ department: 'hr' }), 'HR', makeEvent());
      expect([a.code, b.code]).toEqual(['HR-1', 'HR-2']);
      expect(a.version).toBe(1);
      expect(await store.get('HR-1')).toEqual(a);
      expect(await store.get('HR-999')).toBeNull();
    });

    it('gives 100 concurrent creates in one department 100 distinct consecutive codes', async () => {
      const created = await Promise.all(range(100).map(() => store.create(makeDraft(), 'IT', makeEvent())));
      const seqs = created.map((t) => Number(t.code.split('-')[1])).sort((x, y) => x - y);
      expect(seqs).toEqual(range(100).map((i) => i + 1));
    });

    it('keeps codes unique when two connections create at the same time', async () => {
      const other = await h.connect();
      try {
        const both = await Promise.all(
          range(40).map((i) => (i % 2 ? store : other).create(makeDraft({ department: 'finance' }), 'FIN', makeEvent())),
        );
        const seqs = both.map((t) => t.seq).sort((x, y) => x - y);
        expect(seqs).toEqual(range(40).map((i) => i + 1));
      } finally {
        await other.close();
      }
    });

    it('lets exactly one of 10 concurrent claims win; the others hear who has it', async () => {
      const t = await store.create(makeDraft(), 'IT', makeEvent());
      const agents = range(10).map((i) => ({ platform: 'web', userId: `agent${i}`, name: `Agent ${i}` }));
      const results = await Promise.allSettled(
        agents.map((who) => changeTicket(store, t.code, (tk) => transitions.claim(tk, { who, channel: 'web', at: 2 }))),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      const winner = (await store.get(t.code))!.assignee!;
      for (const r of results) {
        if (r.status === 'rejected') {
          expect(r.reason).toBeInstanceOf(HelpDeskError);
          expect((r.reason as HelpDeskError).code).toBe('TICKET.ALREADY_CLAIMED');
          expect((r.reason as HelpDeskError).params.name).toBe(winner.name);
        }
      }
      const claims = (await store.events(t.code)).filter((e) => e.kind === 'claimed');
      expect(claims).toHaveLength(1);
    });

    it('refuses a write against a stale version and keeps the stored ticket', async () => {
      const t = await store.create(makeDraft(), 'IT', makeEvent());
      const first = await store.update({ ...t, priority: 'P1' }, t.version, makeEvent({ kind: 'priority_changed' }));
      expect(first.version).toBe(2);
      await expect(store.update({ ...t, priority: 'P4' }, t.version, makeEvent({ kind: 'priority_changed' }))).rejects.toMatchObject({
        code: 'STORE.CONFLICT',
      });
      expect((await store.get(t.code))!.priority).toBe('P1');
      expect(await store.events(t.code)).toHaveLength(2);
    });

    it('reads the event log back in order with who, what, when and channel', async () => {
      const t = await store.create(makeDraft(), 'IT', makeEvent({ text: 'help' }));
      let cur: Ticket = t;
      const steps = [
        makeEvent({ kind: 'claimed', actor: anna, at: 10, channel: 'slack' }),
        makeEvent({ kind: 'reply', actor: anna, at: 20, text: 'Riavvia', channel: 'slack' }),
        makeEvent({ kind: 'message', actor: mario, at: 30, text: 'Fatto, va!' }),
        makeEvent({ kind: 'note', actor: anna, at: 40, text: 'driver', data: { internal: 1 } }),
      ];
      for (const e of steps) cur = await store.update(cur, cur.version, e);
      const log = await store.events(t.code);
      expect(log.map((e) => [e.version, e.kind, e.actor.userId, e.at, e.channel, e.text])).toEqual([
        [1, 'created', 'mario', 1_700_000_000_000, 'web', 'help'],
        [2, 'claimed', 'anna', 10, 'slack', null],
        [3, 'reply', 'anna', 20, 'slack', 'Riavvia'],
        [4, 'message', 'mario', 30, 'web', 'Fatto, va!'],
        [5, 'note', 'anna', 40, 'web', 'driver'],
      ]);
      expect(log[4]!.data).toEqual({ internal: 1 });
      expect(log.every((e) => e.ticketCode === t.code)).toBe(true);
    });

    it('orders the queue by priority, then SLA due time, then age, and pages through it', async () => {
      const base = 1_800_000_000_000;
      const mk = (priority: Ticket['priority'], due: number, created: number) =>
        store.create(makeDraft({ department: 'facilities', priority, dueAt: base + due, createdAt: base + created }), 'FAC', makeEvent());
      const p3late = await mk('P3', 500, 1);
      const p1 = await mk('P1', 900, 2);
      const p3early = await mk('P3', 100, 3);
      const p3sameDueOlder = await mk('P3', 100, 0);
      const p2 = await mk('P2', 50, 4);
      const tier2 = await store.create(makeDraft({ department: 'facilities', tier: 2, priority: 'P1' }), 'FAC', makeEvent());
      const claimed = await mk('P1', 0, 0);
      await store.update({ ...claimed, status: 'in_progress', assignee: anna }, 1, makeEvent({ kind: 'claimed' }));

      const q = { departments: ['facilities'], tier: 1 as const, statuses: ['open' as const] };
      const page1 = await store.queue({ ...q, limit: 3 });
      const page2 = await store.queue({ ...q, limit: 3, offset: 3 });
      expect(page1.total).toBe(5);
      const paged = [...page1.items, ...page2.items];
      expect(paged.map((t) => t.code)).toEqual([p1, p2, p3sameDueOlder, p3early, p3late].map((t) => t.code));
      expect(paged).toEqual([...paged].sort(compareForQueue));
      const t2 = await store.queue({ departments: ['facilities'], tier: 2, limit: 10 });
      expect(t2.items.map((t) => t.code)).toEqual([tier2.code]);
      expect((await store.queue({ departments: [], limit: 10 })).total).toBe(0);
    });

    it("lists a requester's tickets newest first, filtered by status", async () => {
      const who = { platform: 'web', userId: 'lucia', name: 'Lucia' };
      const old = await store.create(makeDraft({ requester: who, createdAt: 1 }), 'HR', makeEvent());
      const recent = await store.create(makeDraft({ requester: who, createdAt: 5 }), 'HR', makeEvent());
      await store.update({ ...old, status: 'cancelled' }, 1, makeEvent({ kind: 'cancelled' }));
      expect((await store.byRequester('web', 'lucia', { limit: 10 })).map((t) => t.code)).toEqual([recent.code, old.code]);
      expect((await store.byRequester('web', 'lucia', { statuses: ['open'], limit: 10 })).map((t) => t.code)).toEqual([recent.code]);
      expect(await store.byRequester('slack', 'lucia', { limit: 10 })).toEqual([]);
    });

    it('keeps the delivery id of the mail that opened a ticket, as a stopped desk looks for it', async () => {
      const who = { platform: 'email', userId: 'marta@acme.it', name: 'Marta' };
      const opened = await store.create(makeDraft({ requester: who, origin: 'mail:Zk3x9Qv2' }), 'IT', makeEvent());
      const [found] = await store.byRequester('email', 'marta@acme.it', { limit: 10 });
      expect(found).toMatchObject({ code: opened.code, origin: 'mail:Zk3x9Qv2' });
    });

    it('counts tickets by state', async () => {
      const counts = await store.countByStatus();
      expect(Object.keys(counts).sort()).toEqual(['cancelled', 'closed', 'in_progress', 'open', 'resolved', 'waiting_user']);
      expect(counts.cancelled).toBeGreaterThanOrEqual(1);
      expect(counts.open).toBeGreaterThan(100);
    });

    it('keeps the agent registry: add, replace, filter, remove', async () => {
      await store.saveAgent({ platform: 'web', userId: 'anna', name: 'Anna', departments: ['it', 'hr'], tier: 1, role: 'agent' });
      await store.saveAgent({ platform: 'slack', userId: 'U1', name: 'Bo', departments: ['it'], tier: 2, role: 'lead', locale: 'it' });
      await store.saveAgent({ platform: 'web', userId: 'anna', name: 'Anna B.', departments: ['it', 'hr'], tier: 1, role: 'agent' });
      expect(await store.getAgent('web', 'anna')).toEqual({ platform: 'web', userId: 'anna', name: 'Anna B.', departments: ['it', 'hr'], tier: 1, role: 'agent' });
      expect((await store.listAgents({ department: 'it' })).map((a) => a.userId)).toEqual(['U1', 'anna']);
      expect((await store.listAgents({ department: 'hr', tier: 1 })).map((a) => a.userId)).toEqual(['anna']);
      expect((await store.listAgents({ department: 'it', tier: 2 }))[0]).toMatchObject({ userId: 'U1', role: 'lead', locale: 'it' });
      expect(await store.removeAgent('slack', 'U1')).toBe(true);
      expect(await store.removeAgent('slack', 'U1')).toBe(false);
      expect(await store.getAgent('slack', 'U1')).toBeNull();
    });

    it('remembers which platform granted an agent, so that source alone may revoke', async () => {
      await store.saveAgent({ platform: 'discord', userId: '111111111111111111', name: 'Role', departments: ['it'], tier: 1, role: 'agent', grantedBy: 'discord-roles' });
      expect(await store.getAgent('discord', '111111111111111111')).toMatchObject({ grantedBy: 'discord-roles' });
      await store.saveAgent({ platform: 'discord', userId: '111111111111111111', name: 'Role', departments: ['it'], tier: 1, role: 'agent' });
      expect(await store.getAgent('discord', '111111111111111111')).not.toHaveProperty('grantedBy');
      await store.removeAgent('discord', '111111111111111111');
    });

    it('remembers a delivery id once, even when it arrives 10 times at once', async () => {
      const firsts = await Promise.all(range(10).map(() => store.rememberOnce('slack:Ev123', 1)));
      expect(firsts.filter(Boolean)).toHaveLength(1);
      await store.forget('slack:Ev123');
      expect(await store.rememberOnce('slack:Ev123', 2)).toBe(true);
    });

    it('keeps platform references: set, replace, read back', async () => {
      expect(await store.getRef('slack:card:IT-1')).toBeNull();
      await store.setRef('slack:card:IT-1', 'C1:111.1');
      await store.setRef('slack:card:IT-1', 'C1:222.2');
      expect(await store.getRef('slack:card:IT-1')).toBe('C1:222.2');
    });

    it('forgets old deliveries in bulk, keeping the recent ones', async () => {
      await store.rememberOnce('slack:EvOld', 1_000);
      await store.rememberOnce('slack:EvNew', 9_000_000_000_000);
      expect(await store.forgetBefore(5_000)).toBeGreaterThanOrEqual(1);
      expect(await store.rememberOnce('slack:EvOld', 2_000)).toBe(true);
      expect(await store.rememberOnce('slack:EvNew', 2_000)).toBe(false);
    });

    it('hands a FAQ offer to its requester once, and to nobody else', async () => {
      const offer = { id: 'off-1', requester: mario, text: 'vpn non va', faqId: 'it-vpn', createdAt: 1 };
      await store.saveOffer(offer);
      expect(await store.takeOffer('off-1', anna)).toBeNull();
      const takes = await Promise.all(range(5).map(() => store.takeOffer('off-1', mario)));
      expect(takes.filter(Boolean)).toEqual([offer]);
    });

    it('keeps the knowledge base: upserts by id, lists it, and moves the revision on every change', async () => {
      expect(await store.faqRevision()).toBeNull();
      expect(await store.listFaqs()).toEqual([]);
      const vpn = { id: 'it-vpn', department: 'it', questions: ['vpn non va', 'VPN is down'], answer: { it: 'Riavvia il client', en: 'Restart the client' }, tags: ['vpn'] };
      const ferie = { id: 'hr-ferie', department: 'hr', questions: ['come chiedo le ferie'], answer: { it: 'Dal portale HR' } };
      const first = await store.upsertFaqs([vpn, ferie]);
      expect(await store.faqRevision()).toBe(first);
      expect(await store.listFaqs()).toEqual([ferie, vpn]);
      const changed = { ...vpn, questions: [...vpn.questions, 'no vpn'] };
      const badge = { id: 'fac-badge', department: 'facilities', questions: ['ho perso il badge'], answer: { it: 'Reception' } };
      const second = await store.upsertFaqs([changed, badge]);
      expect(second).not.toBe(first);
      expect(await store.faqRevision()).toBe(second);
      expect(await store.listFaqs()).toEqual([badge, ferie, changed]);
    });

    it('keeps embeddings per model and text hash, exactly, for every connection', async () => {
      const a = Float32Array.from([0.25, -1.5, 3.125, 1e-7]);
      const b = Float32Array.from(range(384).map((i) => Math.sin(i)));
      await store.saveEmbeddings('e5-small', [{ hash: 'h-a', vector: a }, { hash: 'h-b', vector: b }]);
      // Saving again (another instance got there first) changes nothing and fails nothing.
      await store.saveEmbeddings('e5-small', [{ hash: 'h-a', vector: Float32Array.from([9, 9, 9, 9]) }, { hash: 'h-c', vector: a }]);
      const other = await h.connect();
      try {
        const found = await other.loadEmbeddings('e5-small', ['h-a', 'h-b', 'h-c', 'h-missing']);
        expect([...found.keys()].sort()).toEqual(['h-a', 'h-b', 'h-c']);
        expect([...found.get('h-a')!]).toEqual([...a]);
        expect([...found.get('h-b')!]).toEqual([...b]);
        expect((await other.loadEmbeddings('another-model', ['h-a'])).size).toBe(0);
      } finally {
        await other.close();
      }
    });

    it('loses nothing across a restart (a new connection)', async () => {
      const t = await store.create(makeDraft({ department: 'hr', title: 'Ferie' }), 'HR', makeEvent({ text: 'ferie' }));
      const closed = await store.update({ ...t, status: 'closed' }, t.version, makeEvent({ kind: 'confirmed', at: 99 }));
      await store.close();
      store = await h.connect();
      expect(await store.get(t.code)).toEqual(closed);
      expect((await store.events(t.code)).map((e) => e.kind)).toEqual(['created', 'confirmed']);
      expect(await store.getAgent('web', 'anna')).not.toBeNull();
      expect((await store.listFaqs()).map((e) => e.id)).toEqual(['fac-badge', 'hr-ferie', 'it-vpn']);
      const next = await store.create(makeDraft({ department: 'hr' }), 'HR', makeEvent());
      expect(next.seq).toBe(t.seq + 1);
    });

    describe('outbox', () => {
      const ids = (pending: PendingChange[]) => pending.map((p) => p.record.id);
      /** Pending records of the given tickets only, so tests do not see each other's. */
      const pendingOf = async (...codes: string[]) =>
        (await store.pendingChanges(10_000)).filter((p) => codes.includes(p.record.ticket.code));

      it('keeps one record per change written with one, and none for a change written without', async () => {
        const t = await store.create(makeDraft(), 'OB', makeEvent(), recordOf);
        const v2 = await store.update({ ...t, priority: 'P1' }, 1, makeEvent({ kind: 'priority_changed' }), recordOf);
        await store.update({ ...v2, priority: 'P2' }, 2, makeEvent({ kind: 'priority_changed' }));
        const pending = await pendingOf(t.code);
        expect(ids(pending)).toEqual([`${t.code}#1`, `${t.code}#2`]);
        expect(pending[0]).toEqual({ record: recordOf(t), finished: [] });
        expect(pending[1]!.record.ticket).toEqual(v2);
      });

      it('leaves no record for a change that lost its version race', async () => {
        const t = await store.create(makeDraft(), 'OB', makeEvent());
        const won = await store.update({ ...t, priority: 'P1' }, 1, makeEvent({ kind: 'priority_changed' }), recordOf);
        await expect(store.update({ ...t, priority: 'P4' }, 1, makeEvent({ kind: 'priority_changed' }), recordOf)).rejects.toMatchObject({
          code: 'STORE.CONFLICT',
        });
        // Ten writers at once from the same version: one change, one record, the winner's.
        const racers = await Promise.allSettled(
          range(10).map((i) => store.update({ ...won, title: `racer ${i}` }, 2, makeEvent({ kind: 'priority_changed' }), recordOf)),
        );
        expect(racers.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const stored = (await store.get(t.code))!;
        const pending = await pendingOf(t.code);
        expect(ids(pending)).toEqual([`${t.code}#2`, `${t.code}#3`]);
        expect(pending.map((p) => p.record.ticket)).toEqual([won, stored]);
      });

      it('hands records back oldest first, a ticket\'s in version order, up to the limit', async () => {
        for (const p of await store.pendingChanges(10_000)) await store.pruneChange(p.record.id);
        const a = await store.create(makeDraft(), 'OB', makeEvent(), recordOf);
        await pause(3);
        const b = await store.create(makeDraft(), 'OB', makeEvent(), recordOf);
        let [curA, curB] = [a, b];
        for (const which of ['a', 'b', 'a', 'a', 'b']) {
          await pause(3);
          if (which === 'a') curA = await store.update({ ...curA, priority: 'P2' }, curA.version, makeEvent({ kind: 'priority_changed' }), recordOf);
          else curB = await store.update({ ...curB, priority: 'P2' }, curB.version, makeEvent({ kind: 'priority_changed' }), recordOf);
        }
        const expected = [`${a.code}#1`, `${b.code}#1`, `${a.code}#2`, `${b.code}#2`, `${a.code}#3`, `${a.code}#4`, `${b.code}#3`];
        expect(ids(await store.pendingChanges(100))).toEqual(expected);
        expect(ids(await store.pendingChanges(3))).toEqual(expected.slice(0, 3));
      });

      it('marks what each channel finished; finishing again changes nothing', async () => {
        const t = await store.create(makeDraft(), 'OB', makeEvent(), recordOf);
        const other = await store.create(makeDraft(), 'OB', makeEvent(), recordOf);
        const id = `${t.code}#1`;
        await store.finishDelivery(id, 'slack', 1_000);
        await store.finishDelivery(id, 'slack', 2_000);
        await store.finishDelivery(id, 'slack', 3_000, 'too late to count');
        expect((await pendingOf(t.code))[0]!.finished).toEqual(['slack']);
        await store.finishDelivery(id, 'teams', 4_000);
        expect([...(await pendingOf(t.code))[0]!.finished].sort()).toEqual(['slack', 'teams']);
        expect((await pendingOf(other.code))[0]!.finished).toEqual([]);
        expect(await store.deliveryFailures(100)).toEqual([]);
      });

      it('prunes a finished record and keeps its failures, newest first, until they are forgotten', async () => {
        const t = await store.create(makeDraft(), 'OB', makeEvent(), recordOf);
        const u = await store.create(makeDraft(), 'OB', makeEvent(), recordOf);
        const [r1, r2] = [`${t.code}#1`, `${u.code}#1`];
        await store.finishDelivery(r1, 'slack', 100);
        await store.finishDelivery(r1, 'teams', 200, '403 forbidden');
        await store.finishDelivery(r2, 'discord', 300, 'timeout');
        await store.pruneChange(r1);
        await store.pruneChange(r1);
        expect(ids(await pendingOf(t.code, u.code))).toEqual([r2]);
        expect(await store.deliveryFailures(10)).toEqual([
          { recordId: r2, channel: 'discord', error: 'timeout', at: 300 },
          { recordId: r1, channel: 'teams', error: '403 forbidden', at: 200 },
        ]);
        expect((await store.deliveryFailures(1)).map((f) => f.recordId)).toEqual([r2]);
        expect(await store.forgetFailuresBefore(250)).toBe(1);
        expect((await store.deliveryFailures(10)).map((f) => f.recordId)).toEqual([r2]);
        await store.pruneChange(r2);
        expect(await pendingOf(t.code, u.code)).toEqual([]);
        expect(await store.forgetFailuresBefore(Number.MAX_SAFE_INTEGER)).toBe(1);
        expect(await store.deliveryFailures(10)).toEqual([]);
      });

      it('keeps a record across a restart, exactly once', async () => {
        const t = await store.create(makeDraft(), 'OB', makeEvent(), recordOf);
        await store.finishDelivery(`${t.code}#1`, 'web', 1);
        await store.close();
        store = await h.connect();
        expect(await pendingOf(t.code)).toEqual([{ record: recordOf(t), finished: ['web'] }]);
      });

      it('writes one record per ticket under 20 concurrent creates', async () => {
        const created = await Promise.all(range(20).map(() => store.create(makeDraft({ department: 'hr' }), 'OBC', makeEvent(), recordOf)));
        const codes = created.map((t) => t.code);
        expect(new Set(codes).size).toBe(20);
        const pending = await pendingOf(...codes);
        expect(ids(pending).sort()).toEqual(codes.map((c) => `${c}#1`).sort());
        expect(pending.every((p) => p.record.id === `${p.record.ticket.code}#1` && p.record.ticket.version === 1)).toBe(true);
      });
    });

    it("derives agents' triage corrections from the log: wording and where the ticket stands, latest correction first", async () => {
      const at = (minute: number) => 2_000_000_000_000 + minute * 60_000;
      const mk = (description: string) => store.create(makeDraft({ description }), 'TRI', makeEvent());
      const moved = await mk('il proiettore della sala Vega non va');
      const raised = await mk('the warehouse label printer jams');
      const both = await mk('badge non apre il cancello');
      const movedBack = await mk('monitor flickers');
      const untouched = await mk('nothing to correct here');
      await store.update({ ...moved, department: 'facilities' }, 1, makeEvent({ kind: 'moved', at: at(1), data: { from: 'it', to: 'facilities' } }));
      await store.update({ ...raised, priority: 'P2' }, 1, makeEvent({ kind: 'priority_changed', at: at(2), data: { from: 'P3', to: 'P2' } }));
      let cur = await store.update({ ...both, department: 'facilities' }, 1, makeEvent({ kind: 'moved', at: at(3) }));
      cur = await store.update({ ...cur, status: 'in_progress' }, cur.version, makeEvent({ kind: 'claimed', at: at(4) }));
      await store.update({ ...cur, priority: 'P1' }, cur.version, makeEvent({ kind: 'priority_changed', at: at(5) }));
      cur = await store.update({ ...movedBack, department: 'hr' }, 1, makeEvent({ kind: 'moved', at: at(0) }));
      await store.update({ ...cur, department: 'it' }, cur.version, makeEvent({ kind: 'moved', at: at(6) }));
      await store.update({ ...untouched, status: 'in_progress' }, 1, makeEvent({ kind: 'claimed', at: at(7) }));

      const mine = (await store.triageCorrections(1000)).filter((c) => c.code.startsWith('TRI-'));
      expect(mine).toEqual([
        { code: movedBack.code, text: 'monitor flickers', department: 'it', priority: null, at: at(6) },
        { code: both.code, text: 'badge non apre il cancello', department: 'facilities', priority: 'P1', at: at(5) },
        { code: raised.code, text: 'the warehouse label printer jams', department: null, priority: 'P2', at: at(2) },
        { code: moved.code, text: 'il proiettore della sala Vega non va', department: 'facilities', priority: null, at: at(1) },
      ]);
      expect((await store.triageCorrections(2)).map((c) => c.code)).toEqual([movedBack.code, both.code]);
      // Another instance, or the same after a restart, reads the same.
      const other = await h.connect();
      try {
        expect((await other.triageCorrections(2)).map((c) => c.code)).toEqual([movedBack.code, both.code]);
      } finally {
        await other.close();
      }
    });

    it('pages the archive by closing time, then code, inside a window; active tickets are not in it', async () => {
      const at = (minute: number) => 1_760_000_000_000 + minute * 60_000;
      const close = async (minute: number, status: 'closed' | 'cancelled' = 'closed') => {
        const t = await store.create(makeDraft(), 'ARC', makeEvent());
        return store.update({ ...t, status, closedAt: at(minute) }, t.version, makeEvent({ kind: status === 'closed' ? 'confirmed' : 'cancelled' }));
      };
      const a = await close(10);
      const b = await close(20, 'cancelled');
      const c = await close(20);
      await close(40);
      await store.create(makeDraft(), 'ARC', makeEvent());
      const codes = (ts: Ticket[]) => ts.map((t) => t.code);
      const window = { from: at(10), to: at(40) };
      const twin = [b, c].sort((x, y) => (x.code < y.code ? -1 : 1));
      expect(codes(await store.closedBetween(window, 10))).toEqual(codes([a, ...twin]));
      const first = await store.closedBetween(window, 2);
      expect(codes(first)).toEqual(codes([a, twin[0]!]));
      const last = first[first.length - 1]!;
      expect(codes(await store.closedBetween(window, 10, { at: last.closedAt!, code: last.code }))).toEqual([twin[1]!.code]);
      expect((await store.closedBetween(window, 10))[0]).toMatchObject({ code: a.code, closedAt: at(10), status: 'closed' });
    });

    describe('tickets a person opened lately', () => {
      const giorgio = { platform: 'web', userId: 'giorgio', name: 'Giorgio' };
      const giorgioOnSlack = { ...giorgio, platform: 'slack' };
      const at = (minute: number) => 1_750_000_000_000 + minute * 60_000;

      it('lists when they were opened, newest first, after the given time and up to the limit, whatever their state', async () => {
        for (const minute of [0, 10, 20, 30, 40]) {
          await store.create(makeDraft({ requester: giorgio, createdAt: at(minute) }), 'LIM', makeEvent());
        }
        const cancelled = await store.create(makeDraft({ requester: giorgio, createdAt: at(50) }), 'LIM', makeEvent());
        await store.update({ ...cancelled, status: 'cancelled' }, 1, makeEvent({ kind: 'cancelled' }));
        // Somebody else, and the same user id on another platform, count for themselves.
        await store.create(makeDraft({ requester: giorgioOnSlack, createdAt: at(45) }), 'LIM', makeEvent());
        await store.create(makeDraft({ requester: mario, createdAt: at(45) }), 'LIM', makeEvent());

        expect(await store.openedSince(giorgio, at(10), 100)).toEqual([at(50), at(40), at(30), at(20)]);
        expect(await store.openedSince(giorgio, at(10), 2)).toEqual([at(50), at(40)]);
        expect(await store.openedSince(giorgio, at(50), 10)).toEqual([]);
        expect(await store.openedSince(giorgioOnSlack, 0, 10)).toEqual([at(45)]);
        expect(await store.openedSince({ platform: 'web', userId: 'nobody' }, 0, 10)).toEqual([]);
      });

      it('counts what another connection opened (another instance, or before a restart)', async () => {
        const other = await h.connect();
        try {
          const ada = { platform: 'web', userId: 'ada', name: 'Ada' };
          await Promise.all(range(6).map((i) => other.create(makeDraft({ requester: ada, createdAt: at(i) }), 'LIM', makeEvent())));
          expect(await store.openedSince(ada, at(0) - 1, 100)).toHaveLength(6);
        } finally {
          await other.close();
        }
      });
    });

    describe('messages held for people who are not connected', () => {
      const luca = { platform: 'web', userId: 'luca' };
      const lucaOnTeams = { platform: 'teams', userId: 'luca' };
      const text = (held: { reply: { text: string } }[]) => held.map((m) => m.reply.text);

      it('keeps a person\'s messages whole and in order until they are released', async () => {
        const card = { text: 'IT-7 claimed', ticket: { code: 'IT-7', status: 'in_progress' as const, priority: 'P2' as const, department: 'it', tier: 1 as const, assignee: 'anna', statusLabel: 'in progress', priorityLabel: 'P2 – high, first response within 1 business hour', departmentName: 'IT', assigneeName: 'Anna Bianchi' }, actions: [{ id: 'confirm:IT-7', label: 'Yes' }] };
        const first = await store.hold(luca, { text: 'first' }, 1_000);
        await store.hold(luca, card, 1_000);
        await store.hold(lucaOnTeams, { text: 'not for the web' }, 1_000);
        const third = await store.hold(luca, { text: 'third' }, 2_000);
        const held = await store.heldFor(luca, 10);
        expect(text(held)).toEqual(['first', 'IT-7 claimed', 'third']);
        // The id a hold gives is the one the person's messages are handed over by (another instance releases by it).
        expect([held[0]!.id, held[2]!.id]).toEqual([first, third]);
        expect(held[1]).toMatchObject({ reply: card, at: 1_000 });
        expect(text(await store.heldFor(luca, 2))).toEqual(['first', 'IT-7 claimed']);
        // Reading is not taking: a connection lost before the messages were written leaves them held.
        expect(text(await store.heldFor(luca, 10))).toEqual(['first', 'IT-7 claimed', 'third']);

        await store.releaseHeld(luca, held.slice(0, 2).map((m) => m.id));
        await store.releaseHeld(luca, held.slice(0, 2).map((m) => m.id));
        // Ids of other people's messages, and ids the store never gave, release nothing of theirs.
        await store.releaseHeld(luca, ['not-an-id', '999999999']);
        expect(text(await store.heldFor(luca, 10))).toEqual(['third']);
        await store.hold(luca, { text: 'fourth' }, 3_000);
        expect(text(await store.heldFor(luca, 10))).toEqual(['third', 'fourth']);
        const teams = await store.heldFor(lucaOnTeams, 10);
        await store.releaseHeld(luca, teams.map((m) => m.id));
        expect(text(await store.heldFor(lucaOnTeams, 10))).toEqual(['not for the web']);
        await store.releaseHeld(luca, (await store.heldFor(luca, 10)).map((m) => m.id));
        await store.releaseHeld(lucaOnTeams, teams.map((m) => m.id));
      });

      it(`keeps at most the newest ${HELD_PER_PERSON} per person`, async () => {
        const sara = { platform: 'web', userId: 'sara' };
        for (let i = 1; i <= HELD_PER_PERSON + 5; i++) await store.hold(sara, { text: `m${i}` }, 5_000 + i);
        const held = await store.heldFor(sara, 1_000);
        expect(held).toHaveLength(HELD_PER_PERSON);
        expect(held[0]!.reply.text).toBe('m6');
        expect(held.at(-1)!.reply.text).toBe(`m${HELD_PER_PERSON + 5}`);
        await store.releaseHeld(sara, held.map((m) => m.id));
      });

      it('keeps them across a restart, and forgets those held too long', async () => {
        const old = { platform: 'web', userId: 'old' };
        const fresh = { platform: 'web', userId: 'fresh' };
        await store.hold(old, { text: 'a week ago' }, 10_000);
        await store.hold(fresh, { text: 'today' }, 20_000);
        await store.close();
        store = await h.connect();
        expect(text(await store.heldFor(old, 10))).toEqual(['a week ago']);
        expect(await store.forgetHeldBefore(15_000)).toBe(1);
        expect(await store.heldFor(old, 10)).toEqual([]);
        expect(text(await store.heldFor(fresh, 10))).toEqual(['today']);
        expect(await store.forgetHeldBefore(15_000)).toBe(0);
      });
    });

    describe('the agent console', () => {
      const annaOnSlack = { platform: 'slack', userId: 'U-ANNA', name: 'Anna' };
      const annaOnWeb = { platform: 'web', userId: 'U-ANNA', name: 'Anna' };

      it('filters the queue by assignee in the store: mine, nobody\'s, in queue order, with the total', async () => {
        const base = 9_000_000;
        const made = [];
        for (const [i, assignee] of [annaOnSlack, null, annaOnWeb, annaOnSlack, null].entries()) {
          made.push(await store.create(makeDraft({ department: 'desk', assignee, priority: i === 3 ? 'P1' : 'P3', createdAt: base + i, dueAt: base + i }), 'DSK', makeEvent()));
        }
        const q = (assignee?: { platform: string; userId: string } | null) => store.queue({ departments: ['desk'], ...(assignee !== undefined ? { assignee } : {}), limit: 2 });
        const mine = await q(annaOnSlack);
        expect(mine.total).toBe(2);
        expect(mine.items.map((t) => t.code)).toEqual([made[3]!.code, made[0]!.code]);
        const nobody = await q(null);
        expect(nobody.total).toBe(2);
        expect(nobody.items.map((t) => t.code)).toEqual([made[1]!.code, made[4]!.code]);
        expect((await q()).total).toBe(5);
        // Claiming moves a ticket from nobody's to someone's at once.
        const claimed = await store.update({ ...made[1]!, assignee: annaOnWeb, status: 'in_progress' }, 1, makeEvent({ kind: 'claimed' }));
        expect((await q(null)).items.map((t) => t.code)).toEqual([made[4]!.code]);
        expect((await store.queue({ departments: ['desk'], assignee: annaOnWeb, statuses: ['in_progress'], limit: 10 })).items).toEqual([claimed]);
      });

      it('lets a sign-in link be used once, by one of many at once, and never after it expired', async () => {
        const grant = { platform: 'slack', userId: 'U-ANNA', expiresAt: 50_000 };
        await store.saveSignInLink('hash-one', grant);
        expect(await store.peekSignInLink('hash-one', 10_000)).toEqual(grant);
        expect(await store.peekSignInLink('hash-one', 10_000)).toEqual(grant);
        const racers = await Promise.all(range(8).map(() => store.takeSignInLink('hash-one', 10_000)));
        expect(racers.filter(Boolean)).toEqual([grant]);
        expect(await store.peekSignInLink('hash-one', 10_000)).toBeNull();
        expect(await store.takeSignInLink('hash-one', 10_000)).toBeNull();

        await store.saveSignInLink('hash-late', grant);
        expect(await store.peekSignInLink('hash-late', 50_000)).toBeNull();
        expect(await store.takeSignInLink('hash-late', 50_001)).toBeNull();
        expect(await store.takeSignInLink('__proto__', 1)).toBeNull();
      });

      it('keeps sessions across a restart until they expire or end', async () => {
        await store.saveSignInLink('hash-kept', { platform: 'web', userId: 'luca', expiresAt: 90_000 });
        await store.saveConsoleSession('s-1', { platform: 'slack', userId: 'U-ANNA', csrf: 'c-1', expiresAt: 80_000 });
        await store.saveConsoleSession('s-2', { platform: 'web', userId: 'luca', csrf: 'c-2', expiresAt: 20_000 });
        await store.close();
        store = await h.connect();
        expect(await store.consoleSession('s-1', 10_000)).toEqual({ platform: 'slack', userId: 'U-ANNA', csrf: 'c-1', expiresAt: 80_000 });
        expect(await store.consoleSession('s-2', 20_000)).toBeNull();
        expect(await store.peekSignInLink('hash-kept', 10_000)).toMatchObject({ userId: 'luca' });
        await store.endConsoleSession('s-1');
        expect(await store.consoleSession('s-1', 10_000)).toBeNull();
        await store.saveConsoleSession('s-3', { platform: 'web', userId: 'luca', csrf: 'c-3', expiresAt: 95_000 });
        expect(await store.forgetConsoleAccessBefore(90_000)).toBeGreaterThanOrEqual(2);
        expect(await store.peekSignInLink('hash-kept', 0)).toBeNull();
        expect(await store.consoleSession('s-3', 0)).toMatchObject({ csrf: 'c-3' });
      });
    });

    describe('the knowledge loop', () => {
      const person = (userId: string) => ({ kind: 'person' as const, platform: 'web', userId });
      const seen = (key: string, at: number, over: Partial<WordingSeen> = {}): WordingSeen => ({ id: `w-${key.replace(/\W/g, '')}`, entryId: 'learn-wifi', key, text: key, source: 'answer', at, ...over });

      it('counts each person once, and two people confirming at the same time both count', async () => {
        await store.noteWording(seen('wifi morto', 1), person('anna'));
        const again = await store.noteWording(seen('wifi morto', 2, { id: 'w-other', text: 'WiFi MORTO!' }), person('anna'));
        expect(again).toMatchObject({ id: 'w-wifimorto', entryId: 'learn-wifi', key: 'wifi morto', text: 'wifi morto', people: 1, status: 'pending' });
        const other = await h.connect();
        try {
          const both = await Promise.all([
            ...range(10).map((i) => store.noteWording(seen('wifi morto', 3, { source: 'pick' }), person(`p${i}`))),
            ...range(10).map((i) => other.noteWording(seen('wifi morto', 3), person(`q${i}`))),
          ]);
          expect(Math.max(...both.map((w) => w.people))).toBe(21);
        } finally {
          await other.close();
        }
        // A ticket vouches for a wording without counting as a person.
        const withTicket = await store.noteWording(seen('wifi morto', 4, { source: 'ticket' }), { kind: 'ticket', code: 'IT-1' });
        expect(withTicket.people).toBe(21);
        expect(withTicket.sources).toEqual(['answer', 'pick', 'ticket']);
      });

      it('keeps wordings whose entry or words are names Object has', async () => {
        for (const key of ['constructor', '__proto__', 'toString']) {
          const w = await store.noteWording(seen(key, 5, { id: `w-${key}`, entryId: key }), person('anna'));
          expect(w).toMatchObject({ entryId: key, key, people: 1, status: 'pending' });
        }
        const listed = (await store.learnedWordings('pending')).filter((w) => w.entryId === w.key);
        expect(listed.map((w) => w.key).sort()).toEqual(['__proto__', 'constructor', 'toString']);
      });

      it('lets the first decision stand; an approved wording is a question of its entry and moves the revision', async () => {
        const wifi = { id: 'learn-wifi', department: 'it', questions: ['il wifi non funziona'], answer: { it: 'Riavvia il router' } };
        await store.upsertFaqs([wifi]);
        const before = await store.faqRevision();
        await store.noteWording(seen('wlan giu', 6, { text: 'WLAN giù' }), person('anna'));
        await store.noteWording(seen('niente rete', 7, { text: 'niente rete' }), person('anna'));
        const approved = await store.decideWording('w-wlangiu', 'approved', 'people', 8);
        expect(approved).toMatchObject({ status: 'approved', decidedBy: 'people' });
        const after = await store.faqRevision();
        expect(after).not.toBe(before);
        // The first decision stands: a later one changes nothing, and moves no revision.
        expect(await store.decideWording('w-wlangiu', 'rejected', 'mario', 9)).toMatchObject({ status: 'approved', decidedBy: 'people' });
        expect(await store.decideWording('w-nienterete', 'rejected', 'mario', 9)).toMatchObject({ status: 'rejected', decidedBy: 'mario' });
        expect(await store.faqRevision()).toBe(after);
        expect(await store.decideWording('nobody-knows', 'approved', 'mario', 9)).toBeNull();
        expect((await store.listFaqs()).find((e) => e.id === 'learn-wifi')!.questions).toEqual(['il wifi non funziona', 'WLAN giù']);
        // Replacing the entry (an import) keeps what was learnt.
        await store.upsertFaqs([{ ...wifi, answer: { it: 'Spegni e riaccendi il router' } }]);
        expect((await store.listFaqs()).find((e) => e.id === 'learn-wifi')!.questions).toEqual(['il wifi non funziona', 'WLAN giù']);
        const pending = await store.learnedWordings('pending');
        expect(pending.map((w) => w.id)).not.toContain('w-wlangiu');
        expect(pending.map((w) => w.id)).not.toContain('w-nienterete');
        expect((await store.learnedWordings('approved')).map((w) => w.id)).toEqual(['w-wlangiu']);
      });

      it("keeps an entry's latest outcomes, newest first, one window long", async () => {
        let last: boolean[] = [];
        for (let i = 0; i < 25; i++) last = await store.recordFaqOutcome('learn-wifi', i % 5 !== 0, 100 + i, 20);
        expect(last).toHaveLength(20);
        expect(last[0]).toBe(true);
        expect(last.filter((solved) => !solved)).toHaveLength(4);
        expect(await store.recordFaqOutcome('constructor', false, 200, 20)).toEqual([false]);
      });

      it('keeps a refused wording once per entry, shows it on the entry and moves the revision only the first time', async () => {
        const wifi = { id: 'learn-wifi', department: 'it', questions: ['il wifi non funziona'], answer: { it: 'Riavvia il router' } };
        await store.upsertFaqs([wifi, { ...wifi, id: '__proto__' }]);
        const before = await store.faqRevision();
        const refusal = (key: string, text: string, at: number, entryId = 'learn-wifi') => store.noteRefusal({ entryId, key, text, at });
        const firsts = await Promise.all(range(5).map((i) => refusal('wifi lento', 'WiFi lento', 400 + i)));
        expect(firsts.filter(Boolean)).toHaveLength(1);
        const after = await store.faqRevision();
        expect(after).not.toBe(before);
        expect(await refusal('wifi lento', 'wifi LENTO', 410)).toBe(false);
        expect(await store.faqRevision()).toBe(after);
        expect(await refusal('rete lenta', 'rete lenta', 411, '__proto__')).toBe(true);
        const listed = await store.listFaqs();
        expect(listed.find((e) => e.id === 'learn-wifi')!.refused).toEqual(['WiFi lento']);
        expect(listed.find((e) => e.id === '__proto__')!.refused).toEqual(['rete lenta']);
        // A refused wording that people later confirm into a phrasing no longer stands against the entry.
        await store.noteWording(seen('wifi lento', 412, { text: 'wifi lento' }), person('anna'));
        await store.decideWording('w-wifilento', 'approved', 'people', 413);
        const entry = (await store.listFaqs()).find((e) => e.id === 'learn-wifi')!;
        expect(entry.questions).toContain('wifi lento');
        expect(entry.refused).toBeUndefined();
      });

      it('flags an entry once until the flag is cleared, even when flagged 10 times at once', async () => {
        const flags = await Promise.all(range(10).map(() => store.flagFaqEntry('learn-wifi', 300)));
        expect(flags.filter(Boolean)).toHaveLength(1);
        expect(await store.flagFaqEntry('learn-wifi', 301)).toBe(false);
        await store.clearFaqFlag('learn-wifi');
        expect(await store.flagFaqEntry('learn-wifi', 302)).toBe(true);
        expect(await store.flagFaqEntry('__proto__', 302)).toBe(true);
      });
    });

    describe('outages: tickets linked to a parent', () => {
      const link = async (child: Ticket, parent: string) => store.update({ ...child, linkedTo: parent }, child.version, makeEvent({ kind: 'linked' }));
      const codes = (ts: Ticket[]) => ts.map((t) => t.code);

      it("lists a parent's linked tickets by code, and the open parents that active tickets are linked to", async () => {
        const parent = await store.create(makeDraft({ title: 'mail down' }), 'OUT', makeEvent());
        const quiet = await store.create(makeDraft({ title: 'no links here' }), 'OUT', makeEvent());
        const children: Ticket[] = [];
        for (let i = 0; i < 3; i++) children.push(await link(await store.create(makeDraft(), 'OUT', makeEvent()), parent.code));
        expect(codes(await store.linkedTo([parent.code], 10))).toEqual(codes(children));
        expect(codes(await store.linkedTo([parent.code], 2))).toEqual(codes(children.slice(0, 2)));
        expect(await store.linkedTo([quiet.code], 10)).toEqual([]);
        expect(await store.linkedTo(['__proto__'], 10)).toEqual([]);
        expect(codes(await store.openParents(10))).toEqual([parent.code]);
        // Several parents at once: one list, by code.
        const other = await store.create(makeDraft(), 'OUT', makeEvent());
        const elsewhere = await link(await store.create(makeDraft(), 'OUT', makeEvent()), other.code);
        expect(codes(await store.linkedTo([parent.code, other.code], 10))).toEqual(codes([...children, elsewhere]));
        expect(codes(await store.linkedTo([other.code, parent.code], 2))).toEqual(codes(children.slice(0, 2)));
        expect(await store.linkedTo([], 10)).toEqual([]);
        expect((await store.linkedTo([parent.code], 10))[0]).toMatchObject({ linkedTo: parent.code, version: 2 });
      });

      it('drops a parent from the open ones once it is resolved, and a link once it is undone', async () => {
        const parent = await store.create(makeDraft({ title: 'vpn down' }), 'OUV', makeEvent());
        const child = await link(await store.create(makeDraft(), 'OUV', makeEvent()), parent.code);
        expect(codes(await store.openParents(100))).toContain(parent.code);
        // Unlinked: the field is gone, not null, and the parent has nobody left.
        const { linkedTo: _gone, ...unlinked } = child;
        const after = await store.update(unlinked, child.version, makeEvent({ kind: 'unlinked' }));
        expect(after.linkedTo).toBeUndefined();
        expect((await store.get(child.code))!.linkedTo).toBeUndefined();
        expect(await store.linkedTo([parent.code], 10)).toEqual([]);
        expect(codes(await store.openParents(100))).not.toContain(parent.code);
        // Linked again, then the parent resolved: no longer an open outage, though its tickets stay linked.
        await link(after, parent.code);
        expect(codes(await store.openParents(100))).toContain(parent.code);
        await store.update({ ...parent, status: 'resolved' }, parent.version, makeEvent({ kind: 'resolved' }));
        expect(codes(await store.openParents(100))).not.toContain(parent.code);
        expect(codes(await store.linkedTo([parent.code], 10))).toEqual([child.code]);
      });

      it('counts a parent open only while some linked ticket is still active', async () => {
        const parent = await store.create(makeDraft({ title: 'printer floor 2' }), 'OUW', makeEvent());
        const child = await link(await store.create(makeDraft(), 'OUW', makeEvent()), parent.code);
        expect(codes(await store.openParents(100))).toContain(parent.code);
        await store.update({ ...child, status: 'cancelled' }, child.version, makeEvent({ kind: 'cancelled' }));
        expect(codes(await store.openParents(100))).not.toContain(parent.code);
      });
    });
  });
}
